package dev.parley.bench;

/** OpenAI Chat stream text the benchmarks share: {@code chunks} one-word content chunks. */
final class ChatStreams {

    private ChatStreams() {
    }

    static StringBuilder contentChunks(int chunks) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < chunks; i++) {
            s.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,")
                    .append("\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word").append(i)
                    .append(" \"},\"finish_reason\":null}],\"usage\":null}\n\n");
        }
        return s;
    }
}
