package dev.parley.server;

import dev.parley.core.json.JsonText;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;

/**
 * The models a key may use, in the shape its client parses. {@code GET /v1/models} is one path with three
 * incompatible readers: OpenAI SDKs, Anthropic SDKs (Claude Code's gateway discovery) and Codex, which wants a
 * {@code models} array (an empty one makes it use its bundled catalog). Gemini clients list on their own path.
 */
final class ModelLists {

    private final long createdEpochSeconds;
    private final String createdAt;

    ModelLists(Instant created) {
        this.createdEpochSeconds = created.getEpochSecond();
        this.createdAt = created.toString();
    }

    /** {@code {"object":"list","data":[{"id","object":"model","created","owned_by"}]}}, plus Codex's {@code models}. */
    String openAi(List<String> models, boolean forCodex) {
        StringJoiner data = new StringJoiner(",", "{\"object\":\"list\",\"data\":[",
                forCodex ? "],\"models\":[]}" : "]}");
        models.forEach(model -> data.add(openAiModel(model)));
        return data.toString();
    }

    /** One OpenAI {@code model} object: what {@code GET /v1/models/{model}} returns. */
    String openAiModel(String model) {
        return "{\"id\":" + JsonText.quote(model) + ",\"object\":\"model\",\"created\":" + createdEpochSeconds
                + ",\"owned_by\":\"parley\"}";
    }

    /** {@code {"data":[{"type":"model","id","display_name","created_at"}],"has_more","first_id","last_id"}}. */
    String anthropic(List<String> models) {
        StringJoiner data = new StringJoiner(",", "{\"data\":[", "]");
        for (String model : models) {
            data.add("{\"type\":\"model\",\"id\":" + JsonText.quote(model) + ",\"display_name\":" + JsonText.quote(model)
                    + ",\"created_at\":" + JsonText.quote(createdAt) + "}");
        }
        String first = models.isEmpty() ? "null" : JsonText.quote(models.getFirst());
        String last = models.isEmpty() ? "null" : JsonText.quote(models.getLast());
        return data + ",\"has_more\":false,\"first_id\":" + first + ",\"last_id\":" + last + "}";
    }

    /** {@code {"models":[Model]}}. */
    String gemini(List<String> models) {
        StringJoiner list = new StringJoiner(",", "{\"models\":[", "]}");
        models.forEach(model -> list.add(geminiModel(model)));
        return list.toString();
    }

    /** One Gemini {@code Model}: what {@code GET /v1beta/models/{model}} returns. */
    String geminiModel(String model) {
        return "{\"name\":" + JsonText.quote("models/" + model) + ",\"baseModelId\":" + JsonText.quote(model)
                + ",\"version\":\"parley\",\"displayName\":" + JsonText.quote(model)
                + ",\"supportedGenerationMethods\":[\"generateContent\",\"streamGenerateContent\",\"countTokens\","
                + "\"embedContent\",\"batchEmbedContents\"]}";
    }
}
