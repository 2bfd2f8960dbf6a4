package dev.parley.core.codec.chat;

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
import dev.parley.core.model.StreamAccumulator;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageAudit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * What Chat can express survives a trip through Parley: a request written for a Chat upstream and read back as a
 * Chat client request is the same request; an answer streamed to a Chat client and read back by the Chat decoder
 * is the same answer.
 */
class RoundTripPropertiesTest {

    private final ChatCodec codec = Fixtures.CODEC;

    @Property(tries = 300)
    void requestSurvivesWriteThenParse(@ForAll("requests") ChatRequest request) {
        ChatRequest parsed = codec.parseRequest(codec.writeRequest(request, request.model()).body(), RequestTarget.BODY);

        // Chat has one system message: the system blocks come back joined.
        ChatRequest expected = request.toBuilder()
                .system(request.system().isEmpty() ? List.of() : List.of(new Block.Text(request.systemText())))
                .build();
        assertThat(parsed).isEqualTo(expected);
    }

    @Property(tries = 300)
    void answerSurvivesEncodeThenDecode(@ForAll("responses") ChatResponse response) {
        List<StreamEvent> events = ResponseEvents.of(response);
        String sse = Fixtures.encode(events, Fixtures.clientRequest(true, true).toBuilder().tools(List.of()).build());
        StreamAccumulator accumulator = new StreamAccumulator();
        Fixtures.decode(sse).forEach(accumulator::accept);
        ChatResponse back = accumulator.response();

        assertThat(accumulator.failure()).isEmpty();
        assertThat(accumulator.done()).isTrue();
        assertThat(back.text()).isEqualTo(response.text());
        assertThat(thinking(back)).isEqualTo(thinking(response));
        assertThat(back.toolCalls()).hasSameSizeAs(response.toolCalls());
        for (int i = 0; i < response.toolCalls().size(); i++) {
            Block.ToolCall want = response.toolCalls().get(i);
            Block.ToolCall got = back.toolCalls().get(i);
            assertThat(got.id()).isEqualTo(want.id());
            assertThat(got.name()).isEqualTo(want.name());
            assertThat(Json.parse(got.arguments(), "got")).isEqualTo(Json.parse(want.arguments(), "want"));
        }
        assertThat(back.finish()).isEqualTo(response.finish());
        assertThat(UsageAudit.counts(back.usage())).isEqualTo(response.usage());
    }

    private static String thinking(ChatResponse response) {
        StringBuilder text = new StringBuilder();
        response.content().stream().filter(Block.Thinking.class::isInstance)
                .forEach(b -> text.append(((Block.Thinking) b).text()));
        return text.toString();
    }

    // ---- requests

    @Provide
    Arbitrary<ChatRequest> requests() {
        Arbitrary<List<Block.Text>> system = text().map(Block.Text::new).list().ofMaxSize(2);
        Arbitrary<List<Message>> conversation = turn().list().ofMinSize(1).ofMaxSize(4).map(RoundTripPropertiesTest::flatten);
        Arbitrary<Optional<ToolChoice>> choice = Arbitraries.of(Optional.empty(), Optional.of(new ToolChoice.Auto()),
                Optional.of(new ToolChoice.None()), Optional.of(new ToolChoice.Required()));
        Arbitrary<Optional<Boolean>> parallel = Arbitraries.of(true, false).optional(0.5);
        return Combinators.combine(system, conversation, tools(), options(), choice, parallel).as((s, c, t, o, tc, p) -> {
            ChatRequest.Builder b = o.toBuilder().system(s).messages(c).tools(t);
            // Chat sends a tool choice and the parallel switch only along with tools.
            if (!t.isEmpty()) {
                b.toolChoice(tc);
                p.ifPresent(b::parallelToolCalls);
            }
            return b.build();
        });
    }

    /** A user turn, then maybe an assistant turn, whose calls are all answered, then maybe a system message. */
    private Arbitrary<List<Message>> turn() {
        Arbitrary<Message> user = userBlock().list().ofMinSize(1).ofMaxSize(3).map(blocks -> new Message(Role.USER, blocks));
        Arbitrary<List<Block.ToolCall>> calls = toolCall().list().ofMaxSize(3).uniqueElements(Block.ToolCall::id);
        Arbitrary<Optional<String>> assistantText = text().optional(0.7);
        Arbitrary<Optional<String>> after = text().optional(0.5);
        Arbitrary<Optional<String>> system = text().optional(0.2);
        Arbitrary<Boolean> answer = Arbitraries.of(true, false);
        return Combinators.combine(user, calls, assistantText, after, system, answer, resultMedia().list().ofMaxSize(3))
                .as((u, cs, at, af, sys, withAssistant, media) -> {
                    List<Message> turn = new ArrayList<>(List.of(u));
                    if (withAssistant && (at.isPresent() || !cs.isEmpty())) {
                        List<Block> blocks = new ArrayList<>();
                        at.ifPresent(t -> blocks.add(new Block.Text(t)));
                        blocks.addAll(cs);
                        turn.add(new Message(Role.ASSISTANT, blocks));
                        if (!cs.isEmpty()) {
                            List<Block> results = new ArrayList<>();
                            for (int i = 0; i < cs.size(); i++) {
                                List<Block> content = new ArrayList<>(List.of(new Block.Text("result of " + cs.get(i).id())));
                                if (i < media.size()) {
                                    content.addAll(media.get(i));
                                }
                                results.add(new Block.ToolResult(cs.get(i).id(), Optional.of(cs.get(i).name()), content, false));
                            }
                            af.ifPresent(t -> results.add(new Block.Text(t)));
                            turn.add(new Message(Role.USER, results));
                        }
                    }
                    sys.ifPresent(t -> turn.add(new Message(Role.SYSTEM, List.of(new Block.Text(t)))));
                    return turn;
                });
    }

    private static List<Message> flatten(List<List<Message>> turns) {
        List<Message> messages = new ArrayList<>();
        turns.forEach(messages::addAll);
        // A user turn right after a user turn of tool results would merge into it: Chat cannot keep them apart.
        List<Message> out = new ArrayList<>();
        for (Message m : messages) {
            Message last = out.isEmpty() ? null : out.getLast();
            if (last != null && last.role() == Role.USER && m.role() == Role.USER
                    && last.blocks().getFirst() instanceof Block.ToolResult) {
                List<Block> merged = new ArrayList<>(last.blocks());
                merged.addAll(m.blocks());
                out.set(out.size() - 1, new Message(Role.USER, merged));
            } else {
                out.add(m);
            }
        }
        return out;
    }

    private Arbitrary<Block> userBlock() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, text().map(t -> (Block) new Block.Text(t))),
                Tuple.of(1, image().map(i -> (Block) i)));
    }

    private Arbitrary<List<Block>> resultMedia() {
        return image().map(i -> (Block) i).list().ofMaxSize(2);
    }

    private Arbitrary<Block.Image> image() {
        Arbitrary<Block.Image> inline = Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(4).ofMaxLength(12)
                .map(d -> new Block.Image(new Media.Base64("image/png", d + "==")));
        Arbitrary<Block.Image> url = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)
                .map(p -> new Block.Image(new Media.Url("https://example.com/" + p + ".png", Optional.empty())));
        return Arbitraries.oneOf(inline, url);
    }

    private Arbitrary<Block.ToolCall> toolCall() {
        Arbitrary<String> id = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(20).map(s -> "call_" + s);
        return Combinators.combine(id, name(), arguments())
                .as((i, n, a) -> new Block.ToolCall(i, n, a, Optional.empty()));
    }

    private Arbitrary<String> name() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(20);
    }

    private Arbitrary<String> arguments() {
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
                        Arbitraries.oneOf(text().map(Object.class::cast), Arbitraries.integers().map(Object.class::cast)))
                .ofMaxSize(3).map(map -> Json.text(Json.MAPPER.valueToTree(map)));
    }

    private Arbitrary<String> text() {
        return Arbitraries.strings().withChars("abcdefgh XYZ019\"\\\n\t{}[]:,é€ü<>").ofMinLength(1).ofMaxLength(24);
    }

    private Arbitrary<List<Tool>> tools() {
        Arbitrary<Tool> function = Combinators.combine(name(), text(), Arbitraries.of(Optional.<Boolean>empty(), Optional.of(true), Optional.of(false)))
                .as((n, d, s) -> new Tool.Function(n, d,
                        "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}},\"required\":[\"x\"]}", s));
        return function.list().ofMaxSize(3).uniqueElements(Tool::name);
    }

    /** The scalar options, on a request whose other parts are filled in later. */
    private Arbitrary<ChatRequest> options() {
        Arbitrary<Optional<Effort>> effort = Arbitraries.of(Effort.values()).optional(0.5);
        Arbitrary<List<String>> stop = text().list().ofMaxSize(4);
        Arbitrary<Optional<Integer>> max = Arbitraries.integers().between(1, 200_000).optional(0.5);
        Arbitrary<Optional<Double>> temperature = Arbitraries.of(0.0, 0.2, 1.0, 1.5, 2.0).optional(0.5);
        Arbitrary<Boolean> stream = Arbitraries.of(true, false);
        Arbitrary<Optional<Long>> seed = Arbitraries.longs().optional(0.3);
        Arbitrary<Optional<String>> user = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).optional(0.3);
        return Combinators.combine(effort, stop, max, temperature, stream, seed, user).as((e, s, m, t, st, sd, u) -> {
            // Chat upstreams always get include_usage when streaming, so it comes back set.
            ChatRequest.Builder b = ChatRequest.builder("gpt-test").stop(s).stream(st).streamUsage(st);
            e.ifPresent(level -> b.reasoning(Reasoning.ofEffort(level)));
            m.ifPresent(b::maxOutputTokens);
            t.ifPresent(b::temperature);
            sd.ifPresent(b::seed);
            u.ifPresent(b::user);
            return b.build();
        });
    }

    // ---- answers

    @Provide
    Arbitrary<ChatResponse> responses() {
        Arbitrary<Block> block = Arbitraries.frequencyOf(
                Tuple.of(3, text().map(t -> (Block) new Block.Text(t))),
                Tuple.of(1, text().map(t -> (Block) new Block.Thinking(t, Optional.empty()))),
                Tuple.of(2, toolCall().map(Block.class::cast)));
        Arbitrary<List<Block>> content = block.list().ofMaxSize(6)
                .filter(bs -> bs.stream().filter(Block.ToolCall.class::isInstance)
                        .map(b -> ((Block.ToolCall) b).id()).distinct().count()
                        == bs.stream().filter(Block.ToolCall.class::isInstance).count());
        Arbitrary<TokenUsage> usage = Combinators.combine(Arbitraries.longs().between(0, 100_000),
                        Arbitraries.longs().between(0, 10_000), Arbitraries.longs().between(0, 50_000),
                        Arbitraries.longs().between(0, 5_000), Arbitraries.integers().between(0, 100))
                .as((in, out, read, write, reasoningShare) ->
                        new TokenUsage(in, out, read, write, out * reasoningShare / 100, TokenUsage.Source.REPORTED));
        return Combinators.combine(content, usage, Arbitraries.of(FinishReason.END_TURN, FinishReason.MAX_TOKENS, FinishReason.CONTENT_FILTER))
                .as((c, u, f) -> {
                    boolean calls = c.stream().anyMatch(Block.ToolCall.class::isInstance);
                    FinishReason finish = calls && f != FinishReason.MAX_TOKENS ? FinishReason.TOOL_CALLS : f;
                    return new ChatResponse("chatcmpl-prop", "upstream-model", c, finish, Optional.empty(), u);
                });
    }
}
