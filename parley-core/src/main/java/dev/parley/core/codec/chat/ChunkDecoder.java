package dev.parley.core.codec.chat;

import dev.parley.core.codec.EventScan;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.ToolIds;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.usage.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An upstream's {@code chat.completion.chunk} stream → events (spec §8.1). Blocks are numbered in emission order,
 * one open at a time. Tool calls are keyed by their {@code index}: the call being written streams live, and a
 * call that starts while another is still unfinished (a provider interleaving indices) is buffered and emitted
 * whole, in index order, when the choice finishes. Usage (which OpenAI sends after the finish) and the finish are
 * held until {@code [DONE]}; a stream without {@code [DONE]} was cut.
 */
final class ChunkDecoder implements StreamDecoder {

    private enum Open { NONE, TEXT, THINKING, TOOL }

    private final ToolCallTable tools = new ToolCallTable();
    private List<StreamEvent> out = new ArrayList<>();
    private boolean started;
    private boolean over;
    private String responseId = "";
    private int nextIndex;
    private Open open = Open.NONE;
    private int openIndex;
    private Optional<ToolCallTable.Call> openCall = Optional.empty();
    private Optional<FinishReason> finish = Optional.empty();
    private Optional<TokenUsage> usage = Optional.empty();
    private final StringBuilder heldText = new StringBuilder();

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        if (over) {
            return List.of();
        }
        out = new ArrayList<>();
        String data = event.data().trim();
        if (data.equals("[DONE]")) {
            complete();
        } else if (!data.isEmpty()) {
            chunk(data);
        }
        return out;
    }

    @Override
    public List<StreamEvent> end() {
        if (over) {
            return List.of();
        }
        over = true;
        return List.of(new StreamEvent.Failure(ApiError.of(ErrorKind.UPSTREAM,
                "The upstream stream ended early, before data: [DONE].")));
    }

    /**
     * {@code [DONE]} (where the held usage and finish come out), a chunk with a usage or an error object, and data
     * that is no JSON object. The finish reason alone is not needed: the finish waits for {@code [DONE]}.
     */
    @Override
    public Billing billing(SseEvent event) {
        String data = event.data().trim();
        if (data.isEmpty()) {
            return Billing.CONTENT;
        }
        if (data.equals("[DONE]") || !EventScan.objectShaped(data)) {
            return Billing.USAGE_OR_END;
        }
        return EventScan.mentionsNonNull(data, "\"usage\"") || EventScan.mentionsNonNull(data, "\"error\"")
                ? Billing.USAGE_OR_END : Billing.CONTENT;
    }

    private void chunk(String data) {
        JsonNode chunk;
        try {
            chunk = Json.MAPPER.readTree(data);
        } catch (JacksonException e) {
            fail(ApiError.of(ErrorKind.UPSTREAM, "The upstream sent a stream chunk that is not JSON."));
            return;
        }
        if (chunk == null || !chunk.isObject()) {
            fail(ApiError.of(ErrorKind.UPSTREAM, "The upstream sent a stream chunk that is not a JSON object."));
            return;
        }
        if (!Read.absent(chunk.path("error"))) {
            fail(Errors.inStream(chunk.path("error")));
            return;
        }
        if (!started) {
            started = true;
            responseId = chunk.path("id").asString("");
            out.add(new StreamEvent.Start(responseId, chunk.path("model").asString("")));
        }
        Vocabulary.usage(chunk.path("usage")).ifPresent(u -> usage = Optional.of(u));
        JsonNode choice = chunk.path("choices").path(0);
        if (!choice.isObject()) {
            return; // the usage chunk, or an empty keep-alive chunk
        }
        delta(choice.path("delta"));
        // Content and finish may share one chunk (fake-streaming providers): the content went first.
        Read.text(choice.path("finish_reason")).ifPresent(reason -> {
            closeOpen();
            flushBuffered();
            finish = Optional.of(Vocabulary.derive(Vocabulary.finish(reason), tools.any()));
        });
    }

    private void delta(JsonNode delta) {
        Optional<String> thinking = Read.text(delta.path("reasoning_content")).filter(t -> !t.isEmpty())
                .or(() -> Read.text(delta.path("reasoning")).filter(t -> !t.isEmpty()));
        thinking.ifPresent(t -> {
            ensureOpen(Open.THINKING);
            out.add(new StreamEvent.ThinkingDelta(openIndex, t));
        });
        Optional<String> text = Read.text(delta.path("content")).filter(t -> !t.isEmpty())
                .or(() -> Read.text(delta.path("refusal")).filter(t -> !t.isEmpty()));
        text.ifPresent(this::text);
        JsonNode calls = delta.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            toolFragment(calls.get(i));
        }
    }

    private void toolFragment(JsonNode fragment) {
        ToolCallTable.Call call = tools.find(fragment).orElseGet(() -> startCall(fragment));
        Read.text(fragment.path("extra_content").path("google").path("thought_signature"))
                .ifPresent(s -> call.signature = Optional.of(new Signature(Protocol.OPENAI_CHAT, s)));
        String piece = call.custom
                ? fragment.path("custom").path("input").asString("")
                : fragment.path("function").path("arguments").asString("");
        switch (call.mode) {
            case LIVE -> {
                call.arguments.append(piece);
                if (!piece.isEmpty()) {
                    out.add(new StreamEvent.ArgumentsDelta(openIndex, piece));
                }
            }
            case BUFFERED -> call.arguments.append(piece);
            // A fragment for a call already closed: its arguments were complete JSON, nothing valid can follow.
            case CLOSED -> { }
        }
    }

    private void text(String text) {
        if (openCall.filter(c -> !ToolCallTable.completeJson(c.arguments)).isPresent()) {
            // Text in the middle of a call's arguments: closing the call now would cut them, so the text waits.
            heldText.append(text);
            return;
        }
        ensureOpen(Open.TEXT);
        out.add(new StreamEvent.TextDelta(openIndex, text));
    }

    private ToolCallTable.Call startCall(JsonNode fragment) {
        int index = tools.indexOf(fragment);
        boolean custom = "custom".equals(fragment.path("type").asString(""));
        String id = Read.text(fragment.path("id")).filter(s -> !s.isEmpty())
                .orElseGet(() -> ToolIds.synthesize(responseId, index));
        String name = (custom ? fragment.path("custom") : fragment.path("function")).path("name").asString("");
        // Interleaved indices: the call being streamed is unfinished, or calls are already waiting in the buffer.
        boolean interleaved = openCall.filter(c -> !ToolCallTable.completeJson(c.arguments)).isPresent()
                || !tools.buffered().isEmpty();
        ToolCallTable.Call call = tools.add(index, id, name, custom);
        if (custom || interleaved) {
            call.mode = ToolCallTable.Mode.BUFFERED; // a raw custom input is wrapped whole at the end
        } else {
            closeOpen();
            call.mode = ToolCallTable.Mode.LIVE;
            openBlock(Open.TOOL);
            openCall = Optional.of(call);
            out.add(new StreamEvent.ToolCallStart(openIndex, id, name));
        }
        return call;
    }

    private void ensureOpen(Open kind) {
        if (open == kind) {
            return;
        }
        closeOpen();
        openBlock(kind);
        out.add(kind == Open.TEXT ? new StreamEvent.TextStart(openIndex) : new StreamEvent.ThinkingStart(openIndex));
    }

    private void openBlock(Open kind) {
        open = kind;
        openIndex = nextIndex++;
    }

    private void closeOpen() {
        if (open == Open.NONE) {
            return;
        }
        openCall.ifPresent(call -> {
            call.signature.ifPresent(s -> out.add(new StreamEvent.SignatureDelta(openIndex, s)));
            call.mode = ToolCallTable.Mode.CLOSED;
        });
        out.add(new StreamEvent.BlockStop(openIndex));
        open = Open.NONE;
        openCall = Optional.empty();
        if (!heldText.isEmpty()) {
            int index = nextIndex++;
            out.add(new StreamEvent.TextStart(index));
            out.add(new StreamEvent.TextDelta(index, heldText.toString()));
            out.add(new StreamEvent.BlockStop(index));
            heldText.setLength(0);
        }
    }

    /** The buffered calls, each a complete block, in index order. */
    private void flushBuffered() {
        for (ToolCallTable.Call call : tools.buffered()) {
            int index = nextIndex++;
            out.add(new StreamEvent.ToolCallStart(index, call.id, call.name));
            String arguments = call.custom ? ToolCalls.wrapInput(call.arguments.toString()) : call.arguments.toString();
            if (!arguments.isEmpty()) {
                out.add(new StreamEvent.ArgumentsDelta(index, arguments));
            }
            call.signature.ifPresent(s -> out.add(new StreamEvent.SignatureDelta(index, s)));
            out.add(new StreamEvent.BlockStop(index));
            call.mode = ToolCallTable.Mode.CLOSED;
        }
    }

    private void complete() {
        closeOpen();
        flushBuffered();
        usage.ifPresent(u -> out.add(new StreamEvent.Usage(u)));
        FinishReason reason = finish.orElseGet(() -> Vocabulary.derive(FinishReason.END_TURN, tools.any()));
        out.add(new StreamEvent.Finish(reason, Optional.empty()));
        out.add(new StreamEvent.Done());
        over = true;
    }

    private void fail(ApiError error) {
        out.add(new StreamEvent.Failure(error));
        over = true;
    }
}
