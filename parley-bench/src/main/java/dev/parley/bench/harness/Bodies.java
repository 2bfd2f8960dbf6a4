package dev.parley.bench.harness;

/** The request bodies every target is sent: about 1 KB each, a system prompt and one user turn. */
final class Bodies {

    private static final String SYSTEM = "You are a careful assistant for a software team. ".repeat(16);
    private static final String USER = "Summarize what a reverse proxy adds to a request's latency, in one line.";

    private Bodies() {
    }

    static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"max_tokens\":64,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"" + SYSTEM + "\"},"
                + "{\"role\":\"user\",\"content\":\"" + USER + "\"}]}";
    }

    static String messages(String model) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":64,\"system\":\"" + SYSTEM + "\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"" + USER + "\"}]}";
    }
}
