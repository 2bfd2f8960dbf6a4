package dev.parley.bench;

import dev.parley.core.protocol.Protocol;
import java.nio.charset.StandardCharsets;

/**
 * One streamed answer of {@code chunks} one-word text chunks in each protocol, shaped as the providers send it:
 * the preamble, the chunks, and the events that carry usage and the finish.
 */
final class ProtocolStreams {

    private ProtocolStreams() {
    }

    static byte[] of(Protocol protocol, int chunks) {
        String text = switch (protocol) {
            case OPENAI_CHAT -> chat(chunks);
            case OPENAI_RESPONSES -> responses(chunks);
            case ANTHROPIC_MESSAGES -> anthropic(chunks);
            case GEMINI -> gemini(chunks);
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String chat(int chunks) {
        String head = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
                + "\"model\":\"gpt-4o\",\"choices\":[";
        return head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],"
                + "\"usage\":null}\n\n"
                + ChatStreams.contentChunks(chunks)
                + head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
                + head + "],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":40,\"total_tokens\":940,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":600},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n"
                + "data: [DONE]\n\n";
    }

    private static String anthropic(int chunks) {
        StringBuilder s = new StringBuilder("event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
                + "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":300,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":600,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: ping\ndata: {\"type\": \"ping\"}\n\n");
        for (int i = 0; i < chunks; i++) {
            s.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,")
                    .append("\"delta\":{\"type\":\"text_delta\",\"text\":\"word").append(i).append(" \"}}\n\n");
        }
        return s.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n")
                .append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":")
                .append("\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":40}}\n\n")
                .append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").toString();
    }

    private static String responses(int chunks) {
        String response = "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1767225600,"
                + "\"status\":\"in_progress\",\"model\":\"gpt-5-mini\",\"output\":[],\"usage\":null}";
        StringBuilder s = new StringBuilder()
                .append(event("response.created", "\"sequence_number\":0,\"response\":" + response))
                .append(event("response.in_progress", "\"sequence_number\":1,\"response\":" + response))
                .append(event("response.output_item.added", "\"sequence_number\":2,\"output_index\":0,\"item\":"
                        + "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"in_progress\","
                        + "\"content\":[]}"))
                .append(event("response.content_part.added", "\"sequence_number\":3,\"item_id\":\"msg_01\","
                        + "\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\","
                        + "\"annotations\":[]}"));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chunks; i++) {
            text.append("word").append(i).append(' ');
            s.append(event("response.output_text.delta", "\"sequence_number\":" + (4 + i) + ",\"item_id\":"
                    + "\"msg_01\",\"output_index\":0,\"content_index\":0,\"delta\":\"word" + i + " \",\"logprobs\":[]"));
        }
        String part = "{\"type\":\"output_text\",\"text\":\"" + text + "\",\"annotations\":[]}";
        String item = "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\","
                + "\"content\":[" + part + "]}";
        return s.append(event("response.output_text.done", "\"output_index\":0,\"content_index\":0,\"text\":\""
                        + text + "\",\"logprobs\":[]"))
                .append(event("response.content_part.done", "\"output_index\":0,\"content_index\":0,\"part\":" + part))
                .append(event("response.output_item.done", "\"output_index\":0,\"item\":" + item))
                .append(event("response.completed", "\"response\":{\"id\":\"resp_1\",\"object\":\"response\","
                        + "\"created_at\":1767225600,\"status\":\"completed\",\"model\":\"gpt-5-mini\",\"output\":["
                        + item + "],\"usage\":{\"input_tokens\":900,\"input_tokens_details\":{\"cached_tokens\":600},"
                        + "\"output_tokens\":40,\"output_tokens_details\":{\"reasoning_tokens\":0},"
                        + "\"total_tokens\":940}}"))
                .toString();
    }

    private static String event(String type, String members) {
        return "event: " + type + "\ndata: {\"type\":\"" + type + "\"," + members + "}\n\n";
    }

    /** Gemini repeats its running usage in every chunk; the last one has the finish reason. */
    private static String gemini(int chunks) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < chunks; i++) {
            boolean last = i == chunks - 1;
            s.append("data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"word").append(i)
                    .append(" \"}]},").append(last ? "\"finishReason\":\"STOP\"," : "").append("\"index\":0}],")
                    .append("\"usageMetadata\":{\"promptTokenCount\":900,\"candidatesTokenCount\":").append(2 * i + 2)
                    .append(",\"totalTokenCount\":").append(902 + 2 * i)
                    .append("},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}\n\n");
        }
        return s.toString();
    }
}
