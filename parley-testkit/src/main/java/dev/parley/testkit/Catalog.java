package dev.parley.testkit;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answers that need no script: model lists in each protocol's shape and token counts. Counts are a crude,
 * deterministic estimate (a token per four characters of text) so that tests can predict them.
 */
final class Catalog {

    private static final String CREATED_AT = "2025-01-01T00:00:00Z";
    private static final long CREATED = Instant.parse(CREATED_AT).getEpochSecond();

    private Catalog() {}

    /** {@code {"object":"list","data":[{"id","object":"model","created","owned_by"}]}}. */
    static Buffer openAiModels(List<String> models) {
        ObjectNode root = Json.object().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String model : models) {
            data.addObject().put("id", model).put("object", "model").put("created", CREATED)
                    .put("owned_by", "parley-fake");
        }
        return Json.buffer(root);
    }

    /** {@code {"data":[{"type":"model","id","display_name","created_at"}],"has_more","first_id","last_id"}}. */
    static Buffer anthropicModels(List<String> models) {
        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        for (String model : models) {
            data.addObject().put("type", "model").put("id", model).put("display_name", model)
                    .put("created_at", CREATED_AT);
        }
        root.put("has_more", false);
        if (models.isEmpty()) {
            root.putNull("first_id").putNull("last_id");
        } else {
            root.put("first_id", models.getFirst()).put("last_id", models.getLast());
        }
        return Json.buffer(root);
    }

    /** {@code {"models":[{"name":"models/…",…}]}}. */
    static Buffer geminiModels(List<String> models) {
        ObjectNode root = Json.object();
        ArrayNode list = root.putArray("models");
        for (String model : models) {
            ObjectNode entry = list.addObject().put("name", "models/" + model).put("version", "001")
                    .put("displayName", model).put("description", "A fake model served by Parley's test kit.")
                    .put("inputTokenLimit", 1_048_576).put("outputTokenLimit", 65_536);
            entry.putArray("supportedGenerationMethods").add("generateContent").add("countTokens");
            entry.put("temperature", 1.0).put("maxTemperature", 2.0).put("topP", 0.95).put("topK", 64);
        }
        return Json.buffer(root);
    }

    /** {@code {"input_tokens": N}}. */
    static Buffer anthropicCount(JsonNode request) {
        return Json.buffer(Json.object().put("input_tokens", estimateTokens(request)));
    }

    /** {@code {"totalTokens": N, "promptTokensDetails": [...]}}. */
    static Buffer geminiCount(JsonNode request) {
        long tokens = estimateTokens(request);
        ObjectNode root = Json.object().put("totalTokens", tokens);
        root.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", tokens);
        return Json.buffer(root);
    }

    /** A token per four characters of every string in the document except the model name; at least one. */
    static long estimateTokens(JsonNode request) {
        long chars = textLength(request) - request.path("model").asString("").length();
        return Math.max(1, (chars + 3) / 4);
    }

    static long estimateTokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    private static long textLength(JsonNode node) {
        if (node.isString()) {
            return node.asString().length();
        }
        long sum = 0;
        for (JsonNode child : node.values()) {
            sum += textLength(child);
        }
        return sum;
    }
}
