package dev.parley.core.codec.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.Effort;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Media;
import dev.parley.core.model.Message;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.ResponseEvents;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamAccumulator;
import dev.parley.core.model.Tool;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageAudit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What Anthropic can express survives the trip through its wire format, both for requests and for streams. */
class AnthropicPropertiesTest {

    private static final Protocol ANTHROPIC = Protocol.ANTHROPIC_MESSAGES;
    private final AnthropicCodec codec = new AnthropicCodec();

    @Property(tries = 300)
    void aRequestWrittenAndReadBackKeepsItsConversation(@ForAll("requests") ChatRequest request) {
        ChatRequest back = codec.parseRequest(codec.writeRequest(request, request.model()).body(), RequestTarget.BODY);

        assertThat(back.model()).isEqualTo(request.model());
        assertThat(back.system()).map(Block.Text::text).isEqualTo(request.system().stream().map(Block.Text::text).toList());
        assertThat(normalized(back.messages())).isEqualTo(normalized(request.messages()));
        if (request.tools().isEmpty()) {
            // A tool history needs declarations on Anthropic: placeholders for the tools the calls name.
            List<String> called = request.messages().stream().flatMap(m -> m.blocks().stream())
                    .filter(Block.ToolCall.class::isInstance).map(b -> ((Block.ToolCall) b).name()).toList();
            assertThat(back.tools()).extracting(Tool::name).containsExactlyInAnyOrderElementsOf(
                    called.stream().distinct().toList());
            return;
        }
        assertThat(back.tools()).hasSameSizeAs(request.tools());
        for (int i = 0; i < request.tools().size(); i++) {
            Tool.Function sent = (Tool.Function) request.tools().get(i);
            Tool.Function read = (Tool.Function) back.tools().get(i);
            assertThat(read.name()).isEqualTo(sent.name());
            assertThat(read.description()).isEqualTo(sent.description());
            assertThat(Json.parse(read.parameters(), "read")).isEqualTo(Json.parse(sent.parameters(), "sent"));
        }
    }

    @Property(tries = 300)
    void anAnswerStreamedAndDecodedIsTheSameAnswer(@ForAll("responses") ChatResponse response) {
        ChatRequest request = ChatRequest.builder("client-model")
                .reasoning(new Reasoning(Optional.of(Effort.HIGH), OptionalInt.empty(), true)).build();
        String sse = Sse.encode(codec.streamEncoder(request), ResponseEvents.of(response));

        StreamAccumulator accumulator = new StreamAccumulator();
        Sse.decode(codec.streamDecoder(), sse).forEach(accumulator::accept);
        ChatResponse back = accumulator.response();

        assertThat(accumulator.failure()).isEmpty();
        assertThat(accumulator.done()).isTrue();
        assertThat(back.model()).isEqualTo("client-model");
        assertThat(back.text()).isEqualTo(response.text());
        assertThat(back.content()).hasSameSizeAs(response.content());
        for (int i = 0; i < response.content().size(); i++) {
            if (response.content().get(i) instanceof Block.ToolCall sent) {
                Block.ToolCall read = (Block.ToolCall) back.content().get(i);
                assertThat(read.id()).isEqualTo(sent.id());
                assertThat(read.name()).isEqualTo(sent.name());
                assertThat(Json.parse(read.arguments(), "read")).isEqualTo(Json.parse(sent.arguments(), "sent"));
            } else {
                assertThat(back.content().get(i)).isEqualTo(response.content().get(i));
            }
        }
        assertThat(back.finish()).isEqualTo(response.finish());
        assertThat(back.stopSequence()).isEqualTo(response.stopSequence());
        assertThat(UsageAudit.counts(back.usage())).isEqualTo(response.usage());
    }

    /** Cache hints are Parley's to place on an Anthropic upstream, so they are left out of the comparison. */
    private static List<Message> normalized(List<Message> messages) {
        return messages.stream().map(m -> new Message(m.role(), m.blocks().stream()
                .map(AnthropicPropertiesTest::normalized).toList())).toList();
    }

    private static Block normalized(Block block) {
        return switch (block) {
            case Block.Text t -> new Block.Text(t.text());
            case Block.ToolResult r -> new Block.ToolResult(r.callId(), r.name(),
                    r.content().stream().map(AnthropicPropertiesTest::normalized).toList(), r.isError());
            case Block.ToolCall c -> new Block.ToolCall(c.id(), c.name(), Json.text(Json.parse(c.arguments(), "args")),
                    c.signature());
            case Block.Image i -> i;
            case Block.Document d -> d;
            case Block.Thinking t -> t;
            case Block.RedactedThinking r -> r;
        };
    }

    // ---- requests

    @Provide
    Arbitrary<ChatRequest> requests() {
        return Combinators.combine(texts().list().ofMaxSize(2), conversations(), tools())
                .as((system, messages, tools) -> ChatRequest.builder("claude-sonnet-4-5")
                        .system(system.stream().map(Block.Text::new).toList())
                        .messages(messages).tools(tools).maxOutputTokens(1000).build());
    }

    private static Arbitrary<String> texts() {
        // Whole code points only: a lone surrogate is not text any protocol can carry.
        Arbitrary<String> plain = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\u024f')
                .withChars("\n\t\"\\€").ofMinLength(1).ofMaxLength(24);
        return Arbitraries.oneOf(plain, plain.map(s -> s + "😀")).filter(s -> !s.isBlank());
    }

    private static Arbitrary<String> names() {
        return Arbitraries.of("get_weather", "Bash", "Read", "mcp__github__search-issues");
    }

    private static Arbitrary<String> arguments() {
        return Combinators.combine(texts(), Arbitraries.integers().between(-5, 5000), Arbitraries.of(true, false))
                .as((s, n, b) -> {
                    var node = Json.objectNode().put("text", s).put("count", n).put("flag", b);
                    node.putArray("list").add(s).add(n);
                    return Json.text(node);
                });
    }

    private static Arbitrary<Block> userContent() {
        return Arbitraries.oneOf(
                texts().map(Block.Text::new),
                Arbitraries.of("image/png", "image/jpeg", "image/gif", "image/webp")
                        .map(type -> new Block.Image(new Media.Base64(type, "iVBORw0KGgo="))),
                Arbitraries.of("https://example.com/a.png", "https://example.com/b.jpg")
                        .map(url -> new Block.Image(new Media.Url(url, Optional.empty()))));
    }

    private static Arbitrary<List<Message>> conversations() {
        Arbitrary<List<Block>> userBlocks = userContent().list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<Block>> assistantTexts = texts().map(t -> (Block) new Block.Text(t)).list().ofMaxSize(2);
        Arbitrary<List<Block.ToolCall>> calls = Combinators.combine(names(), arguments())
                .as((name, args) -> new Block.ToolCall("pending", name, args, Optional.empty())).list().ofMaxSize(3);
        Arbitrary<List<Block>> resultContent = Arbitraries.oneOf(
                texts().map(t -> List.<Block>of(new Block.Text(t))),
                texts().map(t -> List.<Block>of(new Block.Text(t),
                        new Block.Image(new Media.Base64("image/png", "iVBORw0KGgo=")))));
        Arbitrary<Turn> turns = Combinators.combine(userBlocks, assistantTexts, calls, resultContent,
                Arbitraries.of(true, false)).as(Turn::new);
        return Combinators.combine(turns.list().ofMinSize(1).ofMaxSize(4), userBlocks).as(AnthropicPropertiesTest::conversation);
    }

    /** One exchange: the user speaks, the assistant answers with text and calls, each call gets its result. */
    private record Turn(List<Block> user, List<Block> text, List<Block.ToolCall> calls, List<Block> result,
                        boolean error) {
    }

    private static List<Message> conversation(List<Turn> turns, List<Block> last) {
        List<Message> messages = new ArrayList<>();
        List<Block> pending = new ArrayList<>();
        int n = 0;
        for (Turn turn : turns) {
            List<Block> user = new ArrayList<>(pending);
            user.addAll(turn.user());
            messages.add(new Message(Role.USER, user));
            List<Block> assistant = new ArrayList<>(turn.text());
            pending = new ArrayList<>();
            for (Block.ToolCall call : turn.calls()) {
                String id = "toolu_" + n++;
                assistant.add(new Block.ToolCall(id, call.name(), call.arguments(), Optional.empty()));
                pending.add(new Block.ToolResult(id, Optional.of(call.name()), turn.result(), turn.error()));
            }
            if (assistant.isEmpty()) {
                assistant.add(new Block.Text("ok"));
            }
            messages.add(new Message(Role.ASSISTANT, assistant));
        }
        List<Block> user = new ArrayList<>(pending);
        user.addAll(last);
        messages.add(new Message(Role.USER, user));
        return messages;
    }

    private static Arbitrary<List<Tool>> tools() {
        return Combinators.combine(names(), Arbitraries.of("", "Does things."),
                        Arbitraries.of("{\"type\":\"object\",\"properties\":{}}",
                                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]}"))
                .as((name, description, schema) -> (Tool) new Tool.Function(name, description, schema, Optional.empty()))
                .list().ofMaxSize(3).uniqueElements(Tool::name);
    }

    // ---- answers

    @Provide
    Arbitrary<ChatResponse> responses() {
        Arbitrary<Block> text = Arbitraries.oneOf(texts(), Arbitraries.just("")).map(Block.Text::new);
        Arbitrary<Block> thinking = Combinators.combine(Arbitraries.oneOf(texts(), Arbitraries.just("")),
                        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(30))
                .as((t, s) -> new Block.Thinking(t, Optional.of(new Signature(ANTHROPIC, s))));
        Arbitrary<Block> call = Combinators.combine(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20),
                        names(), Arbitraries.oneOf(arguments(), Arbitraries.just("{}")))
                .as((id, name, args) -> new Block.ToolCall("toolu_" + id, name, args, Optional.empty()));
        Arbitrary<List<Block>> content = Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, text), net.jqwik.api.Tuple.of(1, thinking), net.jqwik.api.Tuple.of(2, call))
                .list().ofMaxSize(5);
        Arbitrary<TokenUsage> usage = Combinators.combine(counts(), counts(), counts(), counts(), counts())
                .as((in, out, read, write, reasoning) ->
                        new TokenUsage(in, out, read, write, Math.min(reasoning, out), TokenUsage.Source.REPORTED));
        Arbitrary<FinishReason> plain = Arbitraries.of(FinishReason.END_TURN, FinishReason.MAX_TOKENS,
                FinishReason.STOP_SEQUENCE, FinishReason.REFUSAL, FinishReason.PAUSE, FinishReason.CONTEXT_OVERFLOW);
        return Combinators.combine(content, plain, usage, texts()).as((blocks, reason, u, stop) -> {
            boolean calls = blocks.stream().anyMatch(Block.ToolCall.class::isInstance);
            FinishReason finish = calls && reason == FinishReason.END_TURN ? FinishReason.TOOL_CALLS : reason;
            Optional<String> stopSequence = finish == FinishReason.STOP_SEQUENCE ? Optional.of(stop) : Optional.empty();
            return new ChatResponse("msg_p", "upstream-model", blocks, finish, stopSequence, u);
        });
    }

    private static Arbitrary<Long> counts() {
        return Arbitraries.longs().between(0, 2_000_000);
    }
}
