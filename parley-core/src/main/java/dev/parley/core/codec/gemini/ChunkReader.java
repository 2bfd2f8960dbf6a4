package dev.parley.core.codec.gemini;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.ToolIds;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads Gemini {@code GenerateContentResponse} objects (one per stream chunk, or the whole non-streaming
 * answer) into stream events, following spec 8.1: text parts are deltas of the open block, a function call
 * arrives whole and is a block of its own, usage is cumulative (the last one wins) and a finish reason ends the
 * answer. The same reader serves both paths, so streamed and non-streamed answers come out alike.
 *
 * <p>A thought signature on a visible text part has no place in a text block; it becomes an empty reasoning
 * block right after that text block (or closes the thought that is still open), so a Gemini client gets it back
 * where Gemini put it and other clients can carry it.
 */
final class ChunkReader {

    private enum Open { NONE, TEXT, THINKING }

    private final String fallbackId;
    private boolean started;
    private String responseId = "";
    private int nextIndex;
    private Open open = Open.NONE;
    private int openIndex;
    private int calls;
    /** A signature that rode on the open text block's parts. */
    private Optional<Signature> textSignature = Optional.empty();
    private Optional<TokenUsage> usage = Optional.empty();
    private Optional<String> finishReason = Optional.empty();

    /** @param fallbackId the answer's id when Gemini sends no {@code responseId} */
    ChunkReader(String fallbackId) {
        this.fallbackId = fallbackId;
    }

    boolean finished() {
        return finishReason.isPresent();
    }

    List<StreamEvent> read(JsonNode chunk) {
        List<StreamEvent> events = new ArrayList<>();
        if (!started) {
            started = true;
            responseId = text(chunk, "responseId").orElse(fallbackId);
            events.add(new StreamEvent.Start(responseId, text(chunk, "modelVersion").orElse("")));
        }
        JsonNode candidates = chunk.path("candidates");
        if (candidates.isArray() && !candidates.isEmpty()) {
            JsonNode candidate = candidates.get(0);
            for (JsonNode part : candidate.path("content").path("parts").values()) {
                if (part.isObject()) {
                    part(part, events);
                }
            }
            Optional<String> reason = text(candidate, "finishReason");
            if (reason.isPresent()) {
                close(events);
                finishReason = reason;
            }
        } else if (text(chunk.path("promptFeedback"), "blockReason").isPresent()) {
            // The prompt itself was blocked: no candidates at all.
            close(events);
            finishReason = Optional.of("SAFETY");
        }
        JsonNode metadata = chunk.get("usageMetadata");
        if (metadata != null && metadata.isObject()) {
            usage = GeminiUsage.read(metadata);
        }
        return events;
    }

    /** The events that complete the answer: the open block closed, the last usage, the finish and the end. */
    List<StreamEvent> finish() {
        List<StreamEvent> events = new ArrayList<>();
        close(events);
        usage.ifPresent(u -> events.add(new StreamEvent.Usage(u)));
        FinishReason reason = FinishReasons.read(finishReason.orElse("STOP"), calls > 0);
        events.add(new StreamEvent.Finish(reason, Optional.empty()));
        events.add(new StreamEvent.Done());
        return events;
    }

    private void part(JsonNode part, List<StreamEvent> events) {
        Optional<Signature> signature = text(part, "thoughtSignature").map(s -> new Signature(Protocol.GEMINI, s));
        JsonNode call = part.get("functionCall");
        if (call != null && call.isObject()) {
            call(call, signature, events);
            return;
        }
        JsonNode text = part.get("text");
        if (text == null || !text.isString()) {
            // Inline images, executable code and the like have no place in the answer model.
            return;
        }
        if (part.path("thought").asBoolean(false)) {
            thought(text.stringValue(), signature, events);
        } else {
            visible(text.stringValue(), signature, events);
        }
    }

    private void call(JsonNode call, Optional<Signature> signature, List<StreamEvent> events) {
        close(events);
        String id = text(call, "id").orElseGet(() -> ToolIds.synthesize(responseId, calls));
        JsonNode args = call.get("args");
        String arguments = args != null && args.isObject() ? Json.text(args) : "{}";
        int index = nextIndex++;
        events.add(new StreamEvent.ToolCallStart(index, id, call.path("name").asString("")));
        events.add(new StreamEvent.ArgumentsDelta(index, arguments));
        signature.ifPresent(s -> events.add(new StreamEvent.SignatureDelta(index, s)));
        events.add(new StreamEvent.BlockStop(index));
        calls++;
    }

    private void thought(String text, Optional<Signature> signature, List<StreamEvent> events) {
        if (!text.isEmpty() || signature.isPresent()) {
            ensureOpen(Open.THINKING, events);
        }
        if (!text.isEmpty()) {
            events.add(new StreamEvent.ThinkingDelta(openIndex, text));
        }
        if (signature.isPresent()) {
            // The signature seals this thought; a later one starts a new block.
            events.add(new StreamEvent.SignatureDelta(openIndex, signature.get()));
            close(events);
        }
    }

    private void visible(String text, Optional<Signature> signature, List<StreamEvent> events) {
        if (!text.isEmpty()) {
            ensureOpen(Open.TEXT, events);
            events.add(new StreamEvent.TextDelta(openIndex, text));
        }
        if (signature.isEmpty()) {
            return;
        }
        if (text.isEmpty() && open == Open.THINKING) {
            events.add(new StreamEvent.SignatureDelta(openIndex, signature.get()));
            close(events);
        } else if (open == Open.TEXT) {
            // It follows the text block when that closes, so the text stays one block.
            textSignature = signature;
        } else {
            signatureBlock(signature.get(), events);
        }
    }

    private void signatureBlock(Signature signature, List<StreamEvent> events) {
        int index = nextIndex++;
        events.add(new StreamEvent.ThinkingStart(index));
        events.add(new StreamEvent.SignatureDelta(index, signature));
        events.add(new StreamEvent.BlockStop(index));
    }

    private void ensureOpen(Open kind, List<StreamEvent> events) {
        if (open == kind) {
            return;
        }
        close(events);
        open = kind;
        openIndex = nextIndex++;
        events.add(kind == Open.TEXT ? new StreamEvent.TextStart(openIndex) : new StreamEvent.ThinkingStart(openIndex));
    }

    private void close(List<StreamEvent> events) {
        if (open == Open.NONE) {
            return;
        }
        events.add(new StreamEvent.BlockStop(openIndex));
        boolean text = open == Open.TEXT;
        open = Open.NONE;
        if (text && textSignature.isPresent()) {
            signatureBlock(textSignature.get(), events);
            textSignature = Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isString() && !value.stringValue().isEmpty()
                ? Optional.of(value.stringValue()) : Optional.empty();
    }
}
