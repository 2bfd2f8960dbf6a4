package dev.parley.bench.harness;

import java.util.Map;
import java.util.Optional;

/**
 * One thing measured: where it listens, the headers each request shape needs there, and its process (none for
 * the direct baseline, whose process is the upstream itself and is not what is measured).
 *
 * @param chat     headers for an OpenAI Chat Completions request at {@code /v1/chat/completions}
 * @param messages headers for an Anthropic Messages request at {@code /v1/messages} served by the OpenAI-compatible
 *                 upstream; empty when the target cannot translate (the direct baseline, nginx)
 */
record Target(String name, int port, Map<String, String> chat, Optional<Map<String, String>> messages,
              Optional<Launched> process) {

    static final String DIRECT = "direct";
    static final String NGINX = "nginx";
    static final String PARLEY = "parley";
    static final String PORTKEY = "portkey";

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    boolean isDirect() {
        return name.equals(DIRECT);
    }
}
