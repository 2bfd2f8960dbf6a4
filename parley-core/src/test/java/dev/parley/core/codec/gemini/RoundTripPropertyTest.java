package dev.parley.core.codec.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Media;
import dev.parley.core.model.Message;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.ResponseEvents;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamAccumulator;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageAudit;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What survives Gemini both ways: a request written for a Gemini upstream and read back as a Gemini client's,
 * and an answer encoded for a Gemini client and decoded as a Gemini upstream's.
 */
class RoundTripPropertyTest {

    private final GeminiCodec codec = new GeminiCodec();

    private record Call(String name, String arguments) {
    }

    private record Result(String text, boolean error, Optional<String> image) {
    }

    /** One exchange: what the user says (after answering the previous calls), then the model's text and calls. */
    private record Turn(List<Block> user, Optional<String> text, List<Call> calls, List<Result> results) {
    }

    @Property(tries = 300)
    void aRequestKeepsWhatGeminiCanExpress(@ForAll("conversations") ChatRequest request) {
        UpstreamCall call = codec.writeRequest(request, "gemini-2.5-pro");
        ChatRequest back = codec.parseRequest(call.body(), new RequestTarget(Optional.of("gemini-2.5-pro"), false));

        assertThat(back.system()).isEqualTo(request.system());
        assertThat(back.messages()).extracting(Message::role)
                .containsExactlyElementsOf(request.messages().stream().map(Message::role).toList());
        for (int i = 0; i < request.messages().size(); i++) {
            assertThat(normalized(back.messages().get(i))).as("message %d", i)
                    .isEqualTo(normalized(request.messages().get(i)));
        }
        for (int i = 1; i < back.messages().size(); i++) {
            List<String> callIds = back.messages().get(i - 1).blocks().stream()
                    .filter(Block.ToolCall.class::isInstance).map(b -> ((Block.ToolCall) b).id()).toList();
            List<String> answered = back.messages().get(i).blocks().stream()
                    .filter(Block.ToolResult.class::isInstance).map(b -> ((Block.ToolResult) b).callId()).toList();
            // Ids are not sent to Gemini; read back, each result still answers the call at its position.
            assertThat(answered).isEqualTo(back.messages().get(i).role() == Role.USER ? callIds : List.of());
        }
    }

    @Property(tries = 300)
    void anAnswerSurvivesTheClientStream(@ForAll("answers") ChatResponse response, @ForAll boolean showThoughts) {
        ChatRequest request = ChatRequest.builder("client-model").stream(true)
                .messages(List.of(Message.user("hi")))
                .reasoning(new Reasoning(Optional.empty(), OptionalInt.empty(), showThoughts)).build();
        StreamEncoder encoder = codec.streamEncoder(request);
        ByteArrayOutputStream sse = new ByteArrayOutputStream();
        ResponseEvents.of(response).forEach(event -> sse.writeBytes(encoder.encode(event)));

        StreamDecoder decoder = codec.streamDecoder();
        StreamAccumulator accumulator = new StreamAccumulator();
        for (SseEvent event : new SseParser().feed(sse.toByteArray())) {
            assertValidForGeminiSdks(Json.parse(event.data(), "chunk"));
            decoder.decode(event).forEach(accumulator::accept);
        }
        assertValidForGeminiSdks(Json.MAPPER.readTree(codec.writeResponse(response, request)));
        decoder.end().forEach(accumulator::accept);
        ChatResponse back = accumulator.response();

        assertThat(accumulator.failure()).isEmpty();
        assertThat(accumulator.done()).isTrue();
        assertThat(back.id()).isEqualTo(response.id());
        assertThat(back.model()).isEqualTo("client-model");
        boolean empty = response.text().isBlank() && response.toolCalls().isEmpty();
        assertThat(back.text()).isEqualTo(response.text() + (empty ? ResponseWriter.NO_TEXT : ""));
        assertThat(back.toolCalls()).hasSameSizeAs(response.toolCalls());
        for (int i = 0; i < response.toolCalls().size(); i++) {
            Block.ToolCall sent = response.toolCalls().get(i);
            Block.ToolCall got = back.toolCalls().get(i);
            assertThat(got.id()).isEqualTo(sent.id());
            assertThat(got.name()).isEqualTo(sent.name());
            assertThat(Json.parse(got.arguments(), "got")).isEqualTo(Json.parse(sent.arguments(), "sent"));
        }
        assertThat(back.finish()).isEqualTo(response.finish());
        assertThat(UsageAudit.counts(back.usage())).isEqualTo(response.usage());
    }

    /**
     * Gemini's SDKs drop a turn from their chat history when any chunk has no parts or an empty text part
     * (python-genai {@code _validate_content}); Gemini CLI drops such a chunk's parts.
     */
    private static void assertValidForGeminiSdks(JsonNode chunk) {
        JsonNode parts = chunk.at("/candidates/0/content/parts");
        assertThat(parts.isArray() && !parts.isEmpty()).as("parts of %s", chunk).isTrue();
        for (JsonNode part : parts.values()) {
            assertThat(part.has("text") && part.path("text").asString().isEmpty()).as("empty text in %s", chunk).isFalse();
        }
    }

    @Provide
    Arbitrary<ChatRequest> conversations() {
        Arbitrary<Turn> turn = Combinators.combine(userContent(), text().optional(), call().list().ofMaxSize(3),
                result().list().ofSize(3)).as(Turn::new);
        return Combinators.combine(text().list().ofMaxSize(2), turn.list().ofMinSize(1).ofMaxSize(4), userContent())
                .as(RoundTripPropertyTest::conversation);
    }

    private static ChatRequest conversation(List<String> system, List<Turn> turns, List<Block> last) {
        List<Message> messages = new ArrayList<>();
        List<Block.ToolCall> pending = List.of();
        for (int i = 0; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            messages.add(new Message(Role.USER, answer(pending, turn.results(), turn.user())));
            List<Block> model = new ArrayList<>();
            turn.text().ifPresent(t -> model.add(new Block.Text(t)));
            List<Block.ToolCall> calls = new ArrayList<>();
            for (int k = 0; k < turn.calls().size(); k++) {
                Call call = turn.calls().get(k);
                calls.add(new Block.ToolCall("id-" + i + "-" + k, call.name(), call.arguments(), Optional.empty()));
            }
            model.addAll(calls);
            if (model.isEmpty()) {
                model.add(new Block.Text("ok"));
            }
            messages.add(new Message(Role.ASSISTANT, model));
            pending = calls;
        }
        messages.add(new Message(Role.USER, answer(pending, turns.getLast().results(), last)));
        return ChatRequest.builder("m").system(system.stream().map(Block.Text::new).toList()).messages(messages).build();
    }

    private static List<Block> answer(List<Block.ToolCall> calls, List<Result> results, List<Block> user) {
        List<Block> blocks = new ArrayList<>();
        for (int k = 0; k < calls.size(); k++) {
            Result result = results.get(k);
            List<Block> content = new ArrayList<>();
            content.add(new Block.Text(result.text()));
            result.image().ifPresent(data -> content.add(new Block.Image(new Media.Base64("image/png", data))));
            blocks.add(new Block.ToolResult(calls.get(k).id(), Optional.of(calls.get(k).name()), content, result.error()));
        }
        blocks.addAll(user);
        return blocks;
    }

    /**
     * User content starts with text: media right after a function response would be read as the result's
     * (Gemini's sibling form for tool images), which is the protocol's ambiguity, not a loss.
     */
    private static Arbitrary<List<Block>> userContent() {
        Arbitrary<Block> image = base64().map(data -> new Block.Image(new Media.Base64("image/png", data)));
        Arbitrary<Block> text = text().map(Block.Text::new);
        return Combinators.combine(text, Arbitraries.oneOf(image, text).list().ofMaxSize(2)).as((first, rest) -> {
            List<Block> blocks = new ArrayList<>();
            blocks.add(first);
            blocks.addAll(rest);
            return blocks;
        });
    }

    private static Arbitrary<Call> call() {
        return Combinators.combine(name(), arguments()).as(Call::new);
    }

    private static Arbitrary<Result> result() {
        return Combinators.combine(text(), Arbitraries.of(true, false), base64().optional()).as(Result::new);
    }

    @Provide
    Arbitrary<ChatResponse> answers() {
        Arbitrary<Block> text = Arbitraries.strings().withCharRange(' ', '~').withChars('é', '\n').ofMaxLength(20)
                .map(Block.Text::new);
        Arbitrary<Block> thinking = Combinators.combine(text(), base64().optional())
                .as((t, s) -> new Block.Thinking(t, s.map(v -> new Signature(Protocol.GEMINI, v))));
        Arbitrary<Block> call = Combinators.combine(name(), arguments(), base64().optional())
                .as((n, a, s) -> new Block.ToolCall("", n, a, s.map(v -> new Signature(Protocol.GEMINI, v))));
        Arbitrary<TokenUsage> usage = Combinators.combine(counts(), counts(), counts(), counts())
                .as((in, out, cached, thoughts) -> new TokenUsage(in, out + thoughts, cached, 0, thoughts,
                        TokenUsage.Source.REPORTED));
        return Combinators.combine(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, text), net.jqwik.api.Tuple.of(1, thinking),
                        net.jqwik.api.Tuple.of(2, call)).list().ofMaxSize(5),
                Arbitraries.of(0, 1, 2), usage).as(RoundTripPropertyTest::answer);
    }

    /** Ids made unique; the finish reason one Gemini can say for this content (its calls decide TOOL_CALLS). */
    private static ChatResponse answer(String id, List<Block> blocks, int outcome, TokenUsage usage) {
        List<Block> content = new ArrayList<>();
        for (Block block : blocks) {
            content.add(block instanceof Block.ToolCall c
                    ? new Block.ToolCall("call-" + content.size(), c.name(), c.arguments(), c.signature()) : block);
        }
        boolean calls = content.stream().anyMatch(Block.ToolCall.class::isInstance);
        FinishReason finish = switch (outcome) {
            case 0 -> calls ? FinishReason.TOOL_CALLS : FinishReason.END_TURN;
            case 1 -> FinishReason.MAX_TOKENS;
            default -> FinishReason.CONTENT_FILTER;
        };
        return new ChatResponse(id, "upstream-model", content, finish, Optional.empty(), usage);
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('é', '✓', '\n', '"').ofMinLength(1).ofMaxLength(24);
    }

    private static Arbitrary<String> name() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(12)
                .map(s -> "t" + s);
    }

    private static Arbitrary<String> base64() {
        return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').ofMinLength(4).ofMaxLength(16);
    }

    private static Arbitrary<Long> counts() {
        return Arbitraries.longs().between(0, 100_000);
    }

    private static Arbitrary<String> arguments() {
        Arbitrary<Object> value = Arbitraries.oneOf(text(), Arbitraries.integers().between(-1000, 1000),
                Arbitraries.of(true, false), text().list().ofMaxSize(2));
        return Arbitraries.maps(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6), value)
                .ofMaxSize(3).map(RoundTripPropertyTest::json);
    }

    private static String json(Map<String, Object> values) {
        ObjectNode node = Json.objectNode();
        values.forEach((key, value) -> node.set(key, Json.MAPPER.valueToTree(value)));
        return Json.text(node);
    }

    /** A message as what Gemini keeps of it: ids aside, which the other assertion checks by position. */
    private static List<String> normalized(Message message) {
        List<String> blocks = new ArrayList<>();
        for (Block block : message.blocks()) {
            blocks.add(switch (block) {
                case Block.Text t -> "text:" + t.text();
                case Block.Image i -> "image:" + i.source();
                case Block.Document d -> "document:" + d.source();
                case Block.ToolCall c -> "call:" + c.name() + ":" + Json.parse(c.arguments(), "args");
                case Block.ToolResult r -> "result:" + r.name().orElse("") + ":" + r.isError() + ":" + r.text() + ":"
                        + r.content().stream().filter(b -> !(b instanceof Block.Text)).toList();
                case Block.Thinking t -> "thinking:" + t.text();
                case Block.RedactedThinking r -> "redacted";
            });
        }
        return blocks;
    }
}
