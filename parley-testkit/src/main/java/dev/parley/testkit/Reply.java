package dev.parley.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful model turn, protocol-neutral: the fake renders it as a Chat completion, a Responses object, an
 * Anthropic message or a Gemini candidate depending on the endpoint that was called.
 *
 * <p>Built fluently: {@code Reply.text("Hi").thenToolCall("get_weather", "{\"city\":\"Oslo\"}")
 * .withUsage(Usage.of(812, 96))}. Factories infer the finish reason from the pieces (a tool call means
 * {@link Finish#TOOL_USE}); {@link #withFinish} overrides it.
 */
public record Reply(List<Piece> pieces, Finish finish, Usage usage, Pacing pacing, Map<String, String> headers)
        implements Answer {

    public static final String DEFAULT_TEXT = "Hello from the fake provider.";
    /** Small, fixed and distinct figures, so that an accounting test can tell the buckets apart. */
    public static final Usage DEFAULT_USAGE = Usage.of(12, 7);

    public Reply {
        pieces = List.copyOf(pieces);
        Objects.requireNonNull(finish, "finish");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(pacing, "pacing");
        headers = Map.copyOf(headers);
    }

    /** A reply with no extra response headers. */
    public Reply(List<Piece> pieces, Finish finish, Usage usage, Pacing pacing) {
        this(pieces, finish, usage, pacing, Map.of());
    }

    /** The reply served when nothing is scripted. */
    public static Reply defaultReply() {
        return text(DEFAULT_TEXT);
    }

    public static Reply text(String text) {
        return of(new Piece.Text(text));
    }

    public static Reply toolCall(String name, String argumentsJson) {
        return of(new Piece.ToolCall(name, argumentsJson));
    }

    public static Reply toolCall(String name, String argumentsJson, String id) {
        return of(new Piece.ToolCall(name, argumentsJson, Optional.of(id)));
    }

    public static Reply of(Piece... pieces) {
        List<Piece> list = List.of(pieces);
        return new Reply(list, inferFinish(list), DEFAULT_USAGE, Pacing.FAST);
    }

    /** Puts reasoning text before everything else, where every protocol expects it. */
    public Reply withThinking(String text) {
        List<Piece> list = new ArrayList<>(pieces.size() + 1);
        list.add(new Piece.Thinking(text));
        list.addAll(pieces);
        return new Reply(list, finish, usage, pacing, headers);
    }

    public Reply thenText(String text) {
        return append(new Piece.Text(text));
    }

    public Reply thenToolCall(String name, String argumentsJson) {
        return append(new Piece.ToolCall(name, argumentsJson));
    }

    public Reply thenToolCall(String name, String argumentsJson, String id) {
        return append(new Piece.ToolCall(name, argumentsJson, Optional.of(id)));
    }

    public Reply withFinish(Finish finish) {
        return new Reply(pieces, finish, usage, pacing, headers);
    }

    public Reply withUsage(Usage usage) {
        return new Reply(pieces, finish, usage, pacing, headers);
    }

    public Reply withPacing(Pacing pacing) {
        return new Reply(pieces, finish, usage, pacing, headers);
    }

    /** Extra response headers, e.g. a provider's rate-limit state; added to the protocol's own. */
    public Reply withHeaders(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extra);
        return new Reply(pieces, finish, usage, pacing, all);
    }

    public Reply withHeaderDelay(Duration delay) {
        return withPacing(pacing.withHeaderDelay(delay));
    }

    public Reply withChunkDelay(Duration delay) {
        return withPacing(pacing.withChunkDelay(delay));
    }

    public Reply withTextChunks(int chunks) {
        return withPacing(pacing.withTextChunks(chunks));
    }

    /** All visible text, concatenated. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Piece piece : pieces) {
            if (piece instanceof Piece.Text(String text)) {
                sb.append(text);
            }
        }
        return sb.toString();
    }

    /** All reasoning text, concatenated; empty when the reply does not think aloud. */
    public String thinking() {
        StringBuilder sb = new StringBuilder();
        for (Piece piece : pieces) {
            if (piece instanceof Piece.Thinking(String text)) {
                sb.append(text);
            }
        }
        return sb.toString();
    }

    public List<Piece.ToolCall> toolCalls() {
        List<Piece.ToolCall> calls = new ArrayList<>();
        for (Piece piece : pieces) {
            if (piece instanceof Piece.ToolCall call) {
                calls.add(call);
            }
        }
        return List.copyOf(calls);
    }

    private Reply append(Piece piece) {
        List<Piece> list = new ArrayList<>(pieces);
        list.add(piece);
        Finish next = piece instanceof Piece.ToolCall && finish == Finish.STOP ? Finish.TOOL_USE : finish;
        return new Reply(list, next, usage, pacing, headers);
    }

    private static Finish inferFinish(List<Piece> pieces) {
        return pieces.stream().anyMatch(Piece.ToolCall.class::isInstance) ? Finish.TOOL_USE : Finish.STOP;
    }
}
