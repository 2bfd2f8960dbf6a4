package dev.parley.core.codec.chat;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.model.Tool;
import dev.parley.core.protocol.ErrorShape;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events → {@code chat.completion.chunk} SSE for a Chat client (spec §8.2): a first chunk with the role, content
 * and reasoning deltas, tool calls numbered 0,1,2… among calls, a finish chunk, the usage chunk only if the client
 * asked for it, then {@code data: [DONE]}. A failure becomes an in-stream error object and no {@code [DONE]}.
 */
final class ChunkEncoder implements StreamEncoder {

    private static final byte[] NOTHING = new byte[0];
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final ChatRequest request;
    private final long created;
    private String id = "";
    private boolean started;
    private boolean ended;
    private boolean sawCalls;
    private TokenUsage usage = TokenUsage.NONE;
    /** Block index → the call's position among calls (Chat's tool_calls[].index). */
    private final Map<Integer, Integer> callIndex = new HashMap<>();
    /** Freeform calls are sent whole at their stop: their input must be unwrapped from {"input": ...}. */
    private final Map<Integer, CustomCall> custom = new HashMap<>();
    private final Map<Integer, String> customSignatures = new HashMap<>();

    private record CustomCall(String id, String name, StringBuilder arguments) {
    }

    ChunkEncoder(ChatRequest request, long created) {
        this.request = request;
        this.created = created;
    }

    @Override
    public byte[] encode(StreamEvent event) {
        if (ended) {
            return NOTHING;
        }
        return switch (event) {
            case StreamEvent.Start s -> start(s.id());
            case StreamEvent.TextDelta d -> d.text().isEmpty() ? NOTHING : delta(Json.objectNode().put("content", d.text()));
            case StreamEvent.ThinkingDelta d ->
                    d.text().isEmpty() ? NOTHING : delta(Json.objectNode().put("reasoning_content", d.text()));
            case StreamEvent.ToolCallStart t -> toolStart(t);
            case StreamEvent.ArgumentsDelta d -> arguments(d);
            case StreamEvent.BlockStop b -> blockStop(b.index());
            case StreamEvent.Usage u -> {
                usage = u.usage();
                yield NOTHING;
            }
            case StreamEvent.Finish f -> finish(f.reason());
            case StreamEvent.Done d -> done();
            case StreamEvent.Failure f -> {
                ended = true;
                yield ErrorShape.of(Protocol.OPENAI_CHAT).streamEvent(f.error());
            }
            case StreamEvent.SignatureDelta s -> signature(s);
            // Block starts say nothing in Chat; redacted reasoning has no place in a chunk.
            case StreamEvent.TextStart t -> NOTHING;
            case StreamEvent.ThinkingStart t -> NOTHING;
            case StreamEvent.RedactedThinking r -> NOTHING;
        };
    }

    @Override
    public byte[] keepAlive() {
        return ended ? NOTHING : KEEP_ALIVE;
    }

    private byte[] start(String upstreamId) {
        if (started) {
            return NOTHING;
        }
        id = ResponseWriter.completionId(upstreamId);
        started = true;
        // Some clients require the role on the first delta.
        return chunk(Json.objectNode().put("role", "assistant").put("content", ""), false, "");
    }

    private byte[] toolStart(StreamEvent.ToolCallStart t) {
        sawCalls = true;
        int k = callIndex.size();
        callIndex.put(t.index(), k);
        if (request.tool(t.name()).filter(Tool.Custom.class::isInstance).isPresent()) {
            custom.put(t.index(), new CustomCall(t.id(), t.name(), new StringBuilder()));
            return NOTHING;
        }
        ObjectNode call = Json.objectNode().put("index", k);
        call.setAll(ToolCalls.function(t.id(), t.name(), ""));
        return toolDelta(call);
    }

    private byte[] arguments(StreamEvent.ArgumentsDelta d) {
        CustomCall pending = custom.get(d.index());
        if (pending != null) {
            pending.arguments().append(d.json());
            return NOTHING;
        }
        Integer k = callIndex.get(d.index());
        if (k == null || d.json().isEmpty()) {
            return NOTHING;
        }
        ObjectNode call = Json.objectNode().put("index", k);
        call.putObject("function").put("arguments", d.json());
        return toolDelta(call);
    }

    /**
     * A call's signature travels where Gemini's OpenAI-compatible endpoint puts it, so that a client replaying
     * the call gives it back; a thinking block's signature has no place in Chat and is dropped.
     */
    private byte[] signature(StreamEvent.SignatureDelta s) {
        Integer k = callIndex.get(s.index());
        String value = s.signature().forClient(Protocol.OPENAI_CHAT);
        if (k == null) {
            return NOTHING;
        }
        if (custom.containsKey(s.index())) {
            customSignatures.put(s.index(), value);
            return NOTHING;
        }
        ObjectNode call = Json.objectNode().put("index", k);
        ToolCalls.writeSignature(call, value);
        return toolDelta(call);
    }

    private byte[] blockStop(int index) {
        CustomCall pending = custom.remove(index);
        if (pending == null) {
            return NOTHING;
        }
        ObjectNode call = Json.objectNode().put("index", callIndex.get(index));
        call.setAll(ToolCalls.custom(pending.id(), pending.name(), pending.arguments().toString()));
        Optional.ofNullable(customSignatures.remove(index)).ifPresent(v -> ToolCalls.writeSignature(call, v));
        return toolDelta(call);
    }

    private byte[] toolDelta(ObjectNode call) {
        ObjectNode delta = Json.objectNode();
        delta.putArray("tool_calls").add(call);
        return delta(delta);
    }

    private byte[] finish(FinishReason reason) {
        return emit(Json.objectNode(), Vocabulary.finishReason(reason, sawCalls));
    }

    private byte[] done() {
        ended = true;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ensureStarted());
        if (request.streamUsage()) {
            out.writeBytes(chunk(Json.objectNode(), true, ""));
        }
        out.writeBytes(DONE);
        return out.toByteArray();
    }

    private byte[] delta(ObjectNode delta) {
        return emit(delta, "");
    }

    /** A choice chunk, preceded by the role chunk if the stream did not begin with a Start event. */
    private byte[] emit(ObjectNode delta, String finishReason) {
        byte[] first = ensureStarted();
        byte[] chunk = chunk(delta, false, finishReason);
        if (first.length == 0) {
            return chunk;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(chunk);
        return out.toByteArray();
    }

    private byte[] ensureStarted() {
        return started ? NOTHING : start("");
    }

    /**
     * One chunk. {@code usageChunk} makes the final usage chunk ({@code choices: []}); otherwise one choice with
     * {@code delta} and {@code finishReason} (empty for null). With include_usage every other chunk says
     * {@code "usage": null}, as OpenAI does.
     */
    private byte[] chunk(ObjectNode delta, boolean usageChunk, String finishReason) {
        ObjectNode chunk = Json.objectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", request.model());
        ArrayNode choices = chunk.putArray("choices");
        if (!usageChunk) {
            ObjectNode choice = choices.addObject().put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finishReason.isEmpty()) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
        }
        if (usageChunk) {
            chunk.set("usage", Vocabulary.usage(usage));
        } else if (request.streamUsage()) {
            chunk.putNull("usage");
        }
        return ("data: " + Json.text(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
