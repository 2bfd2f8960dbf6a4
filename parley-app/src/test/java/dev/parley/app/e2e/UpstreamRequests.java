package dev.parley.app.e2e;

import dev.parley.testkit.FakeProvider;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Reads what a client (directly or through Parley) sent to the fake, in whichever protocol it arrived. */
final class UpstreamRequests {

    private UpstreamRequests() {}

    /** The generation requests (not model lists or token counts) that named {@code model}, oldest first. */
    static List<RecordedRequest> generations(FakeProvider fake, String model) {
        return fake.requests().stream()
                .filter(r -> r.format().isPresent() && r.model().filter(model::equals).isPresent())
                .filter(r -> !r.path().endsWith("/count_tokens") && !r.path().endsWith(":countTokens"))
                .toList();
    }

    /** The text of every tool result the request carries back to the model, in the request's own protocol. */
    static List<String> toolResults(RecordedRequest request) {
        JsonNode body = request.json().orElseThrow(() -> new AssertionError("not JSON: " + request));
        WireFormat format = request.format().orElseThrow();
        List<String> results = new ArrayList<>();
        switch (format) {
            case OPENAI_CHAT -> {
                for (JsonNode message : body.path("messages")) {
                    if ("tool".equals(message.path("role").asString(""))) {
                        results.add(text(message.path("content")));
                    }
                }
            }
            case OPENAI_RESPONSES -> {
                for (JsonNode item : body.path("input")) {
                    String type = item.path("type").asString("");
                    if (type.equals("function_call_output") || type.equals("custom_tool_call_output")) {
                        results.add(text(item.path("output")));
                    }
                }
            }
            case ANTHROPIC -> {
                for (JsonNode message : body.path("messages")) {
                    for (JsonNode block : message.path("content")) {
                        if ("tool_result".equals(block.path("type").asString(""))) {
                            results.add(text(block.path("content")));
                        }
                    }
                }
            }
            case GEMINI -> {
                for (JsonNode content : body.path("contents")) {
                    for (JsonNode part : content.path("parts")) {
                        if (part.has("functionResponse")) {
                            results.add(part.path("functionResponse").path("response").toString());
                        }
                    }
                }
            }
        }
        return results;
    }

    /** A string, or the concatenated {@code text} of an array of content parts. */
    private static String text(JsonNode node) {
        if (node.isString()) {
            return node.asString();
        }
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : node) {
                sb.append(part.isString() ? part.asString() : part.path("text").asString(part.toString()));
            }
            return sb.toString();
        }
        return node.toString();
    }

    /** A short account of what the fake received, for assertion messages. */
    static String summary(FakeProvider fake) {
        return fake.requests().stream().map(r -> "  #%d %s %s model=%s (%d bytes) %s".formatted(r.sequence(),
                r.method(), r.uri(), r.model().orElse("-"), r.body().length, abbreviate(r.bodyText())))
                .collect(Collectors.joining("\n", "fake received " + fake.requests().size() + " request(s):\n",
                        "\n"));
    }

    static String abbreviate(String text) {
        return text.length() <= 600 ? text : text.substring(0, 300) + " ... " + text.substring(text.length() - 300);
    }
}
