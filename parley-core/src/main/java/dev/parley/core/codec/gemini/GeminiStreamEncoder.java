package dev.parley.core.codec.gemini;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ErrorShape;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events as Gemini SSE for a Gemini client (spec 8.2, H15): each chunk is one single-line {@code data:} event
 * holding a whole {@code GenerateContentResponse}; no event names, comments or end marker, which Gemini's
 * parsers would choke on. Calls go out whole, once their arguments are complete.
 *
 * <p>The latest part is always held back one step, so the last chunk, which carries the finish reason and the
 * usage, also carries content: Gemini's SDKs drop a turn from their history when a chunk's content is empty or
 * holds an empty text part, and a signature that arrives after its text can still join that text's part.
 */
final class GeminiStreamEncoder implements StreamEncoder {

    private static final byte[] NOTHING = new byte[0];

    private enum Open { NONE, TEXT, THINKING, CALL }

    private final String model;
    private final boolean showThoughts;
    private String responseId = "";
    private Open open = Open.NONE;
    private String callId = "";
    private String callName = "";
    private final StringBuilder arguments = new StringBuilder();
    private Optional<Signature> signature = Optional.empty();
    /** The latest part, not yet sent. */
    private Optional<ObjectNode> held = Optional.empty();
    /** A Gemini signature waiting for a visible text part to ride on. */
    private Optional<String> pending = Optional.empty();
    private boolean visibleText;
    private boolean calls;
    private boolean malformed;
    private TokenUsage usage = TokenUsage.NONE;
    private Optional<FinishReason> finish = Optional.empty();
    private boolean ended;

    GeminiStreamEncoder(ChatRequest request) {
        this.model = request.model();
        this.showThoughts = ResponseWriter.showThoughts(request);
    }

    @Override
    public byte[] encode(StreamEvent event) {
        if (ended) {
            return NOTHING;
        }
        return switch (event) {
            case StreamEvent.Start s -> {
                responseId = s.id();
                yield NOTHING;
            }
            case StreamEvent.TextStart t -> start(Open.TEXT);
            case StreamEvent.ThinkingStart t -> start(Open.THINKING);
            case StreamEvent.ToolCallStart t -> {
                callId = t.id();
                callName = t.name();
                arguments.setLength(0);
                yield start(Open.CALL);
            }
            case StreamEvent.RedactedThinking r -> detachedSignature(r.data());
            case StreamEvent.TextDelta d -> text(d.text());
            case StreamEvent.ThinkingDelta d -> thought(d.text());
            case StreamEvent.SignatureDelta s -> {
                signature = Optional.of(s.signature());
                yield NOTHING;
            }
            case StreamEvent.ArgumentsDelta a -> {
                arguments.append(a.json());
                yield NOTHING;
            }
            case StreamEvent.BlockStop b -> stop();
            case StreamEvent.Usage u -> {
                usage = u.usage();
                yield NOTHING;
            }
            case StreamEvent.Finish f -> {
                finish = Optional.of(f.reason());
                yield NOTHING;
            }
            case StreamEvent.Failure f -> {
                ended = true;
                // What was produced still reaches the client, then Google's error JSON as its own event, which
                // js-genai raises as an API error (spec 8.2 step 5).
                yield concat(flush(), ErrorShape.of(Protocol.GEMINI).streamEvent(f.error()));
            }
            case StreamEvent.Done d -> {
                ended = true;
                yield last();
            }
        };
    }

    /** Gemini clients cannot take SSE comments, and any data event would be read as content. */
    @Override
    public byte[] keepAlive() {
        return NOTHING;
    }

    private byte[] start(Open kind) {
        open = kind;
        signature = Optional.empty();
        return NOTHING;
    }

    private byte[] text(String text) {
        if (text.isEmpty()) {
            return NOTHING;
        }
        visibleText |= !text.isBlank();
        ObjectNode part = Json.objectNode();
        part.put("text", text);
        pending.ifPresent(s -> part.put("thoughtSignature", s));
        pending = Optional.empty();
        return hold(part);
    }

    private byte[] thought(String text) {
        if (!showThoughts || text.isEmpty()) {
            return NOTHING;
        }
        ObjectNode part = Json.objectNode();
        part.put("text", text);
        part.put("thought", true);
        return hold(part);
    }

    private byte[] stop() {
        Open stopped = open;
        open = Open.NONE;
        Optional<Signature> token = signature;
        signature = Optional.empty();
        return switch (stopped) {
            case CALL -> call(token);
            case THINKING -> token.map(this::thoughtSignature).orElse(NOTHING);
            case TEXT -> token.map(this::detachedSignature).orElse(NOTHING);
            case NONE -> NOTHING;
        };
    }

    /** The buffered call as one part; arguments that are not a JSON object make the answer malformed (H14). */
    private byte[] call(Optional<Signature> token) {
        Optional<ObjectNode> args = ResponseWriter.strictArguments(arguments.toString());
        if (args.isEmpty()) {
            malformed = true;
            return NOTHING;
        }
        calls = true;
        ObjectNode part = Json.objectNode();
        part.set("functionCall", ResponseWriter.call(callId, callName, args.get()));
        token.ifPresent(s -> part.put("thoughtSignature", s.forClient(Protocol.GEMINI)));
        return hold(part);
    }

    /** A shown thought keeps its signature on its last part (still held); a hidden one is a detached signature. */
    private byte[] thoughtSignature(Signature token) {
        if (held.isPresent() && held.get().path("thought").asBoolean(false) && !held.get().has("thoughtSignature")) {
            held.get().put("thoughtSignature", token.forClient(Protocol.GEMINI));
            return NOTHING;
        }
        return detachedSignature(token);
    }

    /**
     * A signature without its thought: only Gemini's own is worth keeping (it does not depend on the text); it
     * joins the held text part, else the next one.
     */
    private byte[] detachedSignature(Signature token) {
        if (!token.validFor(Protocol.GEMINI)) {
            return NOTHING;
        }
        if (held.isPresent() && PartsWriter.isPlainText(held.get()) && !held.get().has("thoughtSignature")) {
            held.get().put("thoughtSignature", token.value());
        } else {
            pending = Optional.of(token.value());
        }
        return NOTHING;
    }

    /** The final chunk: the held part, finish reason and usage, and a minimal text if nothing shows (H11). */
    private byte[] last() {
        ArrayNode parts = Json.arrayNode();
        held.ifPresent(parts::add);
        held = Optional.empty();
        if (!visibleText && !calls) {
            ObjectNode part = parts.addObject();
            part.put("text", ResponseWriter.NO_TEXT);
            pending.ifPresent(s -> part.put("thoughtSignature", s));
        }
        ObjectNode chunk = ResponseWriter.chunk(parts, model, responseId);
        String reason = malformed ? FinishReasons.MALFORMED : FinishReasons.write(finish.orElse(FinishReason.END_TURN));
        ((ObjectNode) chunk.get("candidates").get(0)).put("finishReason", reason);
        chunk.set("usageMetadata", GeminiUsage.write(usage));
        return frame(chunk);
    }

    /** Sends the part held so far and holds this one. */
    private byte[] hold(ObjectNode part) {
        byte[] out = flush();
        held = Optional.of(part);
        return out;
    }

    private byte[] flush() {
        byte[] out = held.map(part -> frame(ResponseWriter.chunk(Json.arrayNode().add(part), model, responseId)))
                .orElse(NOTHING);
        held = Optional.empty();
        return out;
    }

    private static byte[] frame(ObjectNode chunk) {
        return ("data: " + Json.text(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(first.length + second.length);
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
