package dev.parley.server;

import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.usage.TokenUsage;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What the pass-through relay reads from a stream it forwards untouched: the usage to bill, whether the
 * protocol's end marker arrived (a stream that ends without it was cut), and the provider's own in-stream error.
 * One per stream; each protocol looks only at the few events that carry these, so most events cost a string
 * comparison.
 */
abstract sealed class StreamTap permits ChatTap, StreamTap.Anthropic, StreamTap.Responses, StreamTap.Gemini {

    /** What every protocol's tap learns; each subclass sets these as its events arrive. */
    protected Optional<TokenUsage> usage = Optional.empty();
    protected boolean completed;
    protected boolean failed;

    /** Reads one event and says whether to forward it. */
    abstract boolean accept(SseEvent event);

    /**
     * Whether the event is only the stream's preamble (a start, a ping, an empty block), which carries no output:
     * the relay holds those back until the first event that is not, so that a provider that never gets to its
     * first token can still be failed over. Asked only until the first output; unknown events count as output.
     */
    abstract boolean preamble(SseEvent event);

    final Optional<TokenUsage> usage() {
        return usage;
    }

    /** The protocol's end of stream arrived. */
    final boolean completed() {
        return completed;
    }

    /** The provider ended the stream with its own error event, which the client has been sent. */
    final boolean failed() {
        return failed;
    }

    static StreamTap of(Protocol protocol, boolean forwardUsageChunk) {
        return switch (protocol) {
            case OPENAI_CHAT -> new ChatTap(forwardUsageChunk);
            case OPENAI_RESPONSES -> new Responses();
            case ANTHROPIC_MESSAGES -> new Anthropic();
            case GEMINI -> new Gemini();
        };
    }

    static JsonNode parse(String data) {
        try {
            return WireUsage.JSON.readTree(data);
        } catch (JacksonException e) {
            return WireUsage.JSON.missingNode();
        }
    }

    /** Anthropic: input usage in {@code message_start}, final output in {@code message_delta}, then {@code message_stop}. */
    static final class Anthropic extends StreamTap {
        @Override
        boolean accept(SseEvent event) {
            switch (event.name().orElse("")) {
                case "message_start" -> usage = WireUsage.anthropic(parse(event.data()).path("message").path("usage"));
                case "message_delta" -> {
                    JsonNode delta = parse(event.data()).path("usage");
                    // The delta's output count is final; its input counts, when present, replace the start's.
                    WireUsage.anthropic(delta).ifPresent(d -> usage = Optional.of(usage.map(start -> new TokenUsage(
                            delta.has("input_tokens") ? d.inputTokens() : start.inputTokens(), d.outputTokens(),
                            delta.has("cache_read_input_tokens") ? d.cacheReadTokens() : start.cacheReadTokens(),
                            delta.has("cache_creation_input_tokens") ? d.cacheWriteTokens() : start.cacheWriteTokens(),
                            0, TokenUsage.Source.REPORTED)).orElse(d)));
                }
                case "message_stop" -> completed = true;
                case "error" -> failed = true;
                default -> { }
            }
            return true;
        }

        /** {@code message_start}, {@code ping}, and the start of a text or thinking block, which is still empty. */
        @Override
        boolean preamble(SseEvent event) {
            return switch (event.name().orElse("")) {
                case "message_start", "ping" -> true;
                case "content_block_start" -> {
                    JsonNode block = parse(event.data()).path("content_block");
                    String type = block.path("type").asString("");
                    yield type.equals("text") && block.path("text").asString("").isEmpty()
                            || type.equals("thinking") && block.path("thinking").asString("").isEmpty();
                }
                default -> false;
            };
        }
    }

    /** Responses: the terminal {@code response.completed} (or incomplete, or failed) carries the usage. */
    static final class Responses extends StreamTap {
        @Override
        boolean accept(SseEvent event) {
            String type = event.name().orElseGet(() -> event.data().contains("\"type\":\"response.")
                    || event.data().contains("\"type\":\"error\"") ? parse(event.data()).path("type").asString("") : "");
            switch (type) {
                case "response.completed", "response.incomplete" -> {
                    usage = WireUsage.responses(parse(event.data()).path("response").path("usage"));
                    completed = true;
                }
                case "response.failed", "error" -> {
                    if (type.equals("response.failed")) {
                        usage = WireUsage.responses(parse(event.data()).path("response").path("usage"));
                    }
                    failed = true;
                }
                default -> { }
            }
            return true;
        }

        /** The response's creation and progress, and the opening of a message or reasoning item, still empty. */
        @Override
        boolean preamble(SseEvent event) {
            JsonNode data = parse(event.data());
            return switch (event.name().orElseGet(() -> data.path("type").asString(""))) {
                case "response.created", "response.in_progress", "response.queued", "response.content_part.added",
                     "response.reasoning_summary_part.added" -> true;
                case "response.output_item.added" -> {
                    String type = data.path("item").path("type").asString("");
                    yield type.equals("message") || type.equals("reasoning");
                }
                default -> false;
            };
        }
    }

    /** Gemini: cumulative {@code usageMetadata} on every chunk; the last chunk has a {@code finishReason}. */
    static final class Gemini extends StreamTap {
        @Override
        boolean accept(SseEvent event) {
            String data = event.data();
            boolean hasUsage = data.contains("\"usageMetadata\"");
            boolean hasFinish = data.contains("\"finishReason\"");
            boolean hasError = data.contains("\"error\"");
            if (!hasUsage && !hasFinish && !hasError) {
                return true;
            }
            JsonNode chunk = parse(data);
            WireUsage.gemini(chunk.path("usageMetadata")).ifPresent(u -> usage = Optional.of(u));
            for (JsonNode candidate : chunk.path("candidates")) {
                String reason = candidate.path("finishReason").asString("");
                if (!reason.isEmpty() && !reason.equals("FINISH_REASON_UNSPECIFIED")) {
                    completed = true;
                }
            }
            if (chunk.path("error").isObject()) {
                failed = true;
            }
            return true;
        }

        /** A chunk without text, a function call or a finish reason (usage alone, or empty parts). */
        @Override
        boolean preamble(SseEvent event) {
            JsonNode chunk = parse(event.data());
            if (!chunk.isObject() || chunk.has("error")) {
                return false;
            }
            for (JsonNode candidate : chunk.path("candidates")) {
                if (candidate.has("finishReason")) {
                    return false;
                }
                for (JsonNode part : candidate.path("content").path("parts")) {
                    if (!part.path("text").asString("").isEmpty() || part.has("functionCall")) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
