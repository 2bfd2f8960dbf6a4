package dev.parley.core.codec.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Media;
import dev.parley.core.model.Message;
import dev.parley.core.model.ResponseEvents;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamAccumulator;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.model.Tool;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageAudit;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Responses can express survives a trip through this codec: a request written for an upstream and read back,
 * and an answer encoded for a client and decoded again.
 */
class RoundTripPropertyTest {

    private static final List<String> TOOL_NAMES = List.of("get_weather", "shell", "read_file", "x");
    private final ResponsesCodec codec = new ResponsesCodec(() -> 1767225600L);

    /** One user turn (with the results of the previous turn's calls) and the assistant's answer. */
    record Turn(List<String> userTexts, boolean image, boolean systemBefore, Optional<String> thinking,
                List<String> assistantTexts, List<String> callArguments) {
    }

    @Property(tries = 300)
    void aRequestKeepsWhatResponsesCanExpress(@ForAll("requests") ChatRequest original) {
        byte[] body = codec.writeRequest(original, "upstream-model").body();

        ChatRequest back = codec.parseRequest(body, RequestTarget.BODY);

        assertThat(back.model()).isEqualTo("upstream-model");
        assertThat(back.systemText()).isEqualTo(original.systemText());
        assertThat(back.messages()).isEqualTo(original.messages());
        assertThat(back.tools()).isEqualTo(original.tools());
        assertThat(back.maxOutputTokens()).isEqualTo(original.maxOutputTokens());
        assertThat(back.parallelToolCalls()).isEqualTo(original.parallelToolCalls());
    }

    @Property(tries = 300)
    void anAnswerSurvivesTheEncoderAndTheDecoder(@ForAll("responses") ChatResponse original,
                                                 @ForAll("chunkSizes") List<Integer> chunks) {
        ChatRequest request = ChatRequest.builder("client-model").stream(true).build();
        StreamEncoder encoder = codec.streamEncoder(request);
        ByteArrayOutputStream sse = new ByteArrayOutputStream();
        for (StreamEvent event : ResponseEvents.of(original)) {
            sse.writeBytes(encoder.encode(event));
        }

        StreamAccumulator accumulator = new StreamAccumulator();
        StreamDecoder decoder = codec.streamDecoder();
        SseParser parser = new SseParser();
        for (byte[] chunk : split(sse.toByteArray(), chunks)) {
            for (SseEvent event : parser.feed(chunk)) {
                decoder.decode(event).forEach(accumulator::accept);
            }
        }
        decoder.end().forEach(accumulator::accept);
        ChatResponse back = accumulator.response();

        assertThat(accumulator.failure()).isEmpty();
        assertThat(accumulator.done()).isTrue();
        assertThat(back.model()).isEqualTo("client-model");
        assertThat(back.text()).isEqualTo(original.text());
        assertThat(back.toolCalls()).hasSameSizeAs(original.toolCalls());
        for (int i = 0; i < original.toolCalls().size(); i++) {
            Block.ToolCall expected = original.toolCalls().get(i);
            Block.ToolCall got = back.toolCalls().get(i);
            assertThat(got.id()).isEqualTo(expected.id());
            assertThat(got.name()).isEqualTo(expected.name());
            assertThat(Json.parse(got.arguments(), "got")).isEqualTo(Json.parse(expected.arguments(), "expected"));
        }
        assertThat(back.content()).isEqualTo(original.content());
        assertThat(back.finish()).isEqualTo(original.finish());
        assertThat(UsageAudit.counts(back.usage())).isEqualTo(original.usage());
    }

    @Provide
    Arbitrary<ChatRequest> requests() {
        Arbitrary<Turn> turn = Combinators.combine(texts().list().ofMinSize(1).ofMaxSize(2), Arbitraries.of(true, false),
                Arbitraries.of(true, false), texts().optional(0.3), texts().list().ofMaxSize(2),
                texts().list().ofMaxSize(3)).as(Turn::new);
        return Combinators.combine(texts().list().ofMaxSize(2), turn.list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.integers().between(16, 100_000).optional(0.5), Arbitraries.of(true, false).optional(0.5))
                .as(RoundTripPropertyTest::request);
    }

    private static ChatRequest request(List<String> system, List<Turn> turns, Optional<Integer> max,
                                       Optional<Boolean> parallel) {
        List<Message> messages = new ArrayList<>();
        List<Block.ToolCall> pending = List.of();
        for (int t = 0; t < turns.size(); t++) {
            Turn turn = turns.get(t);
            if (turn.systemBefore() && t > 0) {
                messages.add(new Message(Role.SYSTEM, List.of(new Block.Text("note " + t))));
            }
            List<Block> user = new ArrayList<>();
            for (Block.ToolCall call : pending) {
                List<Block> content = turn.image()
                        ? List.of(new Block.Text("result of " + call.id()), new Block.Image(new Media.Base64("image/png", "iVBO")))
                        : List.of(new Block.Text("result of " + call.id()));
                user.add(new Block.ToolResult(call.id(), Optional.of(call.name()), content, false));
            }
            turn.userTexts().forEach(text -> user.add(new Block.Text(text)));
            if (turn.image()) {
                user.add(new Block.Image(new Media.Url("https://example.test/" + t + ".png", Optional.empty())));
            }
            messages.add(new Message(Role.USER, user));
            List<Block> assistant = new ArrayList<>();
            int at = t;
            turn.thinking().ifPresent(text -> assistant.add(new Block.Thinking(text,
                    Optional.of(new Signature(Protocol.OPENAI_RESPONSES, "enc-" + at)))));
            turn.assistantTexts().forEach(text -> assistant.add(new Block.Text(text)));
            List<Block.ToolCall> calls = new ArrayList<>();
            for (int c = 0; c < turn.callArguments().size(); c++) {
                calls.add(new Block.ToolCall("call_" + t + "_" + c, TOOL_NAMES.get((t + c) % TOOL_NAMES.size()),
                        arguments(turn.callArguments().get(c)), Optional.empty()));
            }
            assistant.addAll(calls);
            if (assistant.stream().noneMatch(b -> b instanceof Block.Text || b instanceof Block.ToolCall)) {
                assistant.add(new Block.Text("ok"));
            }
            messages.add(new Message(Role.ASSISTANT, assistant));
            pending = calls;
        }
        if (!pending.isEmpty()) {
            // Every call gets its result: a call without one is answered by a placeholder (H2).
            messages.add(new Message(Role.USER, pending.stream().<Block>map(call -> new Block.ToolResult(call.id(),
                    Optional.of(call.name()), List.of(new Block.Text("done")), false)).toList()));
        }
        List<Tool> tools = TOOL_NAMES.stream().<Tool>map(name -> new Tool.Function(name, name.length() > 1 ? "Does " + name : "",
                "{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"string\"}}}", Optional.of(name.length() > 4)))
                .toList();
        ChatRequest.Builder builder = ChatRequest.builder("client-model")
                .system(system.stream().map(Block.Text::new).toList())
                .messages(messages)
                .tools(tools);
        max.ifPresent(builder::maxOutputTokens);
        parallel.ifPresent(builder::parallelToolCalls);
        return builder.build();
    }

    @Provide
    Arbitrary<ChatResponse> responses() {
        Arbitrary<Block> text = texts().map(Block.Text::new);
        Arbitrary<Block> thinking = Combinators.combine(texts().injectNull(0.2), Arbitraries.of(true, false))
                .as((t, signed) -> new Block.Thinking(t == null ? "" : t,
                        signed ? Optional.of(new Signature(Protocol.OPENAI_RESPONSES, "gAAA" + t)) : Optional.empty()));
        Arbitrary<Block> call = Combinators.combine(Arbitraries.of(TOOL_NAMES), texts())
                .as((name, value) -> new Block.ToolCall("id", name, arguments(value), Optional.empty()));
        Arbitrary<TokenUsage> usage = Combinators.combine(counts(), counts(), counts(), counts(), counts())
                .as((in, out, read, write, reasoning) -> new TokenUsage(in, out, read, write, Math.min(reasoning, out),
                        TokenUsage.Source.REPORTED));
        return Combinators.combine(Arbitraries.oneOf(text, thinking, call).list().ofMaxSize(6),
                Arbitraries.of(FinishReason.END_TURN, FinishReason.MAX_TOKENS, FinishReason.CONTENT_FILTER), usage)
                .as(RoundTripPropertyTest::response);
    }

    private static ChatResponse response(List<Block> blocks, FinishReason finish, TokenUsage usage) {
        List<Block> content = new ArrayList<>();
        for (Block block : blocks) {
            // Call ids are unique within an answer.
            content.add(block instanceof Block.ToolCall c
                    ? new Block.ToolCall("call_" + content.size(), c.name(), c.arguments(), c.signature())
                    : block);
        }
        boolean calls = content.stream().anyMatch(Block.ToolCall.class::isInstance);
        FinishReason reason = finish == FinishReason.END_TURN && calls ? FinishReason.TOOL_CALLS : finish;
        return new ChatResponse("resp_1", "upstream", content, reason, Optional.empty(), usage);
    }

    @Provide
    Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.integers().between(1, 300).list().ofMinSize(1).ofMaxSize(20);
    }

    private static List<byte[]> split(byte[] bytes, List<Integer> sizes) {
        List<byte[]> chunks = new ArrayList<>();
        int at = 0;
        for (int i = 0; at < bytes.length; i++) {
            int size = Math.min(sizes.get(i % sizes.size()), bytes.length - at);
            chunks.add(Arrays.copyOfRange(bytes, at, at + size));
            at += size;
        }
        return chunks;
    }

    private static Arbitrary<Long> counts() {
        return Arbitraries.longs().between(0, 1_000_000);
    }

    /** Text of any kind JSON carries (no lone surrogates), never empty. */
    private static Arbitrary<String> texts() {
        return Arbitraries.strings().withCharRange(' ', '\uD7FF').withChars('\n', '\t', '"', '\\')
                .ofMinLength(1).ofMaxLength(20).map(text -> text.replace("~", "😀"));
    }

    private static String arguments(String value) {
        ObjectNode args = Json.objectNode();
        args.put("k", value);
        return Json.text(args);
    }
}
