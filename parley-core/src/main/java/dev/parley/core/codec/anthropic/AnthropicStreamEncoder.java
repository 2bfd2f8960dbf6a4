package dev.parley.core.codec.anthropic;

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
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link StreamEvent}s as the Anthropic SSE a Claude client reads (§8.2), every event with its {@code event:}
 * name (the SDKs drop events without one, H15). {@code message_start} waits for the first content so it can carry
 * the input usage an upstream reports up front; {@code message_delta} waits for {@link StreamEvent.Done} so that
 * both the stop reason and the final usage are known (H13). Block indexes are this encoder's own, in emission
 * order, because thinking may be hidden and carried signatures add blocks.
 */
final class AnthropicStreamEncoder implements StreamEncoder {

    private static final Protocol ANTHROPIC = Protocol.ANTHROPIC_MESSAGES;
    private static final byte[] PING = sse("ping", "{\"type\":\"ping\"}");

    private enum Open { NONE, HIDDEN, TEXT, THINKING, CALL }

    private final ChatRequest request;
    private final boolean thinking;
    private String id = "";
    private boolean started;
    private boolean ended;
    private Open open = Open.NONE;
    private int next;
    private boolean sawCall;
    private Optional<Signature> callSignature = Optional.empty();
    private TokenUsage usage = TokenUsage.NONE;
    private Optional<StreamEvent.Finish> finish = Optional.empty();

    AnthropicStreamEncoder(ChatRequest request) {
        this.request = request;
        this.thinking = ResponseWriter.showsThinking(request);
    }

    @Override
    public byte[] keepAlive() {
        return ended ? new byte[0] : PING.clone();
    }

    @Override
    public byte[] encode(StreamEvent event) {
        if (ended) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (event) {
            case StreamEvent.Start s -> id = s.id();
            case StreamEvent.Usage u -> usage = u.usage();
            case StreamEvent.Finish f -> finish = Optional.of(f);
            case StreamEvent.Failure f -> {
                ended = true;
                write(out, ErrorShape.of(ANTHROPIC).streamEvent(f.error()));
            }
            case StreamEvent.Done d -> done(out);
            case StreamEvent.TextStart t -> startBlock(out, Open.TEXT, Json.objectNode().put("type", "text").put("text", ""));
            case StreamEvent.ThinkingStart t -> {
                if (thinking) {
                    startBlock(out, Open.THINKING, thinkingBlock());
                } else {
                    begin(out);
                    closeBlock(out);
                    open = Open.HIDDEN;
                }
            }
            case StreamEvent.ToolCallStart c -> {
                sawCall = true;
                ObjectNode block = Json.objectNode().put("type", "tool_use").put("id", c.id()).put("name", c.name());
                block.putObject("input");
                startBlock(out, Open.CALL, block);
            }
            case StreamEvent.RedactedThinking r -> {
                begin(out);
                closeBlock(out);
                if (thinking) {
                    ObjectNode block = Json.objectNode().put("type", "redacted_thinking")
                            .put("data", r.data().forClient(ANTHROPIC));
                    blockStart(out, block);
                    blockStop(out);
                }
            }
            case StreamEvent.TextDelta d -> delta(out, Open.TEXT, "text_delta", "text", d.text());
            case StreamEvent.ThinkingDelta d -> delta(out, Open.THINKING, "thinking_delta", "thinking", d.text());
            case StreamEvent.ArgumentsDelta d -> delta(out, Open.CALL, "input_json_delta", "partial_json", d.json());
            case StreamEvent.SignatureDelta s -> signature(out, s.signature());
            case StreamEvent.BlockStop b -> closeBlock(out);
        }
        return out.toByteArray();
    }

    /** {@code message_start} and a {@code ping}, once, before anything else the client sees. */
    private void begin(ByteArrayOutputStream out) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode message = Json.objectNode().put("id", ResponseWriter.messageId(id)).put("type", "message")
                .put("role", "assistant").put("model", request.model());
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        // Input figures as known so far (the final ones follow in message_delta); output starts at 1 as Anthropic's.
        ObjectNode provisional = Usages.write(new TokenUsage(usage.inputTokens(), 1, usage.cacheReadTokens(),
                usage.cacheWriteTokens(), 0, usage.source()));
        message.set("usage", provisional);
        ObjectNode data = Json.objectNode().put("type", "message_start");
        data.set("message", message);
        write(out, sse("message_start", Json.text(data)));
        write(out, PING);
    }

    private void startBlock(ByteArrayOutputStream out, Open kind, ObjectNode block) {
        begin(out);
        closeBlock(out);
        blockStart(out, block);
        open = kind;
    }

    private void blockStart(ByteArrayOutputStream out, ObjectNode block) {
        ObjectNode data = Json.objectNode().put("type", "content_block_start").put("index", next);
        data.set("content_block", block);
        write(out, sse("content_block_start", Json.text(data)));
    }

    private void blockStop(ByteArrayOutputStream out) {
        write(out, sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + next + "}"));
        next++;
    }

    private void delta(ByteArrayOutputStream out, Open kind, String type, String field, String text) {
        if (open != kind || text.isEmpty()) {
            return;
        }
        ObjectNode data = Json.objectNode().put("type", "content_block_delta").put("index", next);
        data.putObject("delta").put("type", type).put(field, text);
        write(out, sse("content_block_delta", Json.text(data)));
    }

    private void signature(ByteArrayOutputStream out, Signature signature) {
        switch (open) {
            case THINKING -> delta(out, Open.THINKING, "signature_delta", "signature", signature.forClient(ANTHROPIC));
            // A tool_use block has no signature field: the token follows the call in a thinking block of its own.
            case CALL -> callSignature = Optional.of(signature).filter(s -> thinking && !s.validFor(ANTHROPIC));
            case NONE, HIDDEN, TEXT -> { }
        }
    }

    private void closeBlock(ByteArrayOutputStream out) {
        switch (open) {
            case TEXT, THINKING, CALL -> blockStop(out);
            case NONE, HIDDEN -> { }
        }
        open = Open.NONE;
        if (callSignature.isPresent()) {
            blockStart(out, thinkingBlock());
            open = Open.THINKING;
            signature(out, callSignature.get());
            callSignature = Optional.empty();
            blockStop(out);
            open = Open.NONE;
        }
    }

    private static ObjectNode thinkingBlock() {
        return Json.objectNode().put("type", "thinking").put("thinking", "").put("signature", "");
    }

    private void done(ByteArrayOutputStream out) {
        begin(out);
        closeBlock(out);
        ended = true;
        FinishReason reason = StopReasons.withCalls(
                finish.map(StreamEvent.Finish::reason).orElse(FinishReason.END_TURN), sawCall);
        ObjectNode data = Json.objectNode().put("type", "message_delta");
        ObjectNode delta = data.putObject("delta").put("stop_reason", StopReasons.write(reason));
        Optional<String> stopSequence = finish.flatMap(StreamEvent.Finish::stopSequence);
        if (stopSequence.isPresent()) {
            delta.put("stop_sequence", stopSequence.get());
        } else {
            delta.putNull("stop_sequence");
        }
        data.set("usage", Usages.write(usage));
        write(out, sse("message_delta", Json.text(data)));
        write(out, sse("message_stop", "{\"type\":\"message_stop\"}"));
    }

    private static byte[] sse(String name, String json) {
        return ErrorShape.sse(name, json);
    }

    private static void write(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(bytes);
    }
}
