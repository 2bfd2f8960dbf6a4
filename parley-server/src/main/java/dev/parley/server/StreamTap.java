package dev.parley.server;

import dev.parley.core.codec.Json;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What the pass-through relay reads from a stream it forwards untouched: whether the protocol's end marker
 * arrived (a stream that ends without it was cut), and the provider's own in-stream error (usage is the relay's
 * meter's). One per stream; each protocol looks only at the few events that carry these, so most events cost a string
 * comparison.
 */
abstract sealed class StreamTap permits ChatTap, StreamTap.Anthropic, StreamTap.Responses, StreamTap.Gemini {

    /** What every protocol's tap learns; each subclass sets these as its events arrive. */
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
            return Json.MAPPER.readTree(data);
        } catch (JacksonException e) {
            return Json.MAPPER.missingNode();
        }
    }

    /** Anthropic: {@code message_stop} ends the stream, an {@code error} event fails it. */
    static final class Anthropic extends StreamTap {
        @Override
        boolean accept(SseEvent event) {
            switch (event.name().orElse("")) {
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

    /** Responses: the terminal {@code response.completed} (or incomplete) ends the stream, failed or error fails it. */
    static final class Responses extends StreamTap {
        @Override
        boolean accept(SseEvent event) {
            String type = event.name().orElseGet(() -> event.data().contains("\"type\":\"response.")
                    || event.data().contains("\"type\":\"error\"") ? parse(event.data()).path("type").asString("") : "");
            switch (type) {
                case "response.completed", "response.incomplete" -> completed = true;
                case "response.failed", "error" -> failed = true;
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

    /** Gemini: the last chunk has a {@code finishReason}. */
    static final class Gemini extends StreamTap {
        @Override
        boolean accept(SseEvent event) {
            String data = event.data();
            boolean hasFinish = data.contains("\"finishReason\"");
            boolean hasError = data.contains("\"error\"");
            if (!hasFinish && !hasError) {
                return true;
            }
            JsonNode chunk = parse(data);
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
