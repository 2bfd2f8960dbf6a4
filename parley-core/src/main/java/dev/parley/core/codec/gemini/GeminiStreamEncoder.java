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
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events as Gemini SSE for a Gemini client (spec 8.2, H15): each chunk is one single-line {@code data:} event
 * holding a whole {@code GenerateContentResponse}; no event names, comments or end marker, which Gemini's
 * parsers would choke on. Calls go out whole, once their arguments are complete; the last chunk carries the
 * finish reason and the usage.
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
            case StreamEvent.RedactedThinking r -> signatureOnly(r.data());
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
                // Google's error JSON as its own event: js-genai raises it as an API error (spec 8.2 step 5).
                yield ErrorShape.of(Protocol.GEMINI).streamEvent(f.error());
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
        return event(part);
    }

    private byte[] thought(String text) {
        if (!showThoughts || text.isEmpty()) {
            return NOTHING;
        }
        ObjectNode part = Json.objectNode();
        part.put("text", text);
        part.put("thought", true);
        return event(part);
    }

    private byte[] stop() {
        Open stopped = open;
        open = Open.NONE;
        return switch (stopped) {
            case CALL -> call();
            case TEXT, THINKING -> signature.map(this::signatureOnly).orElse(NOTHING);
            case NONE -> NOTHING;
        };
    }

    /** The buffered call as one part; arguments that are not a JSON object make the answer malformed (H14). */
    private byte[] call() {
        Optional<ObjectNode> args = ResponseWriter.strictArguments(arguments.toString());
        if (args.isEmpty()) {
            malformed = true;
            return NOTHING;
        }
        calls = true;
        ObjectNode part = Json.objectNode();
        part.set("functionCall", ResponseWriter.call(callId, callName, args.get()));
        signature.ifPresent(s -> part.put("thoughtSignature", s.forClient(Protocol.GEMINI)));
        return event(part);
    }

    /** A signature with no visible thought: an empty text part carrying it, as Gemini sends at a turn's end. */
    private byte[] signatureOnly(Signature token) {
        ObjectNode part = Json.objectNode();
        part.put("text", "");
        part.put("thoughtSignature", token.forClient(Protocol.GEMINI));
        return event(part);
    }

    /** The final chunk: finish reason and usage, with a minimal text if the answer had nothing to show (H11). */
    private byte[] last() {
        ObjectNode part = Json.objectNode();
        part.put("text", !visibleText && !calls && !malformed ? ResponseWriter.NO_TEXT : "");
        ArrayNode parts = Json.arrayNode().add(part);
        ObjectNode chunk = ResponseWriter.chunk(parts, model, responseId);
        String reason = malformed ? FinishReasons.MALFORMED : FinishReasons.write(finish.orElse(FinishReason.END_TURN));
        ((ObjectNode) chunk.get("candidates").get(0)).put("finishReason", reason);
        chunk.set("usageMetadata", UsageMetadata.write(usage));
        return frame(chunk);
    }

    private byte[] event(ObjectNode part) {
        return frame(ResponseWriter.chunk(Json.arrayNode().add(part), model, responseId));
    }

    private static byte[] frame(ObjectNode chunk) {
        return ("data: " + Json.text(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
