package dev.parley.testkit;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deterministic embeddings: the same text always gets the same unit vector, different texts almost surely
 * different ones, so a test can check that the gateway kept inputs and outputs in order.
 */
final class Embeddings {

    /** Small on purpose: real widths (768 to 3072) only make the bodies slower to read in a test failure. */
    static final int DEFAULT_DIMENSIONS = 8;

    private Embeddings() {}

    static float[] vector(String text, int dimensions) {
        SplittableRandom random = new SplittableRandom(seed(text));
        float[] values = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
            norm += values[i] * values[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            values[i] *= scale;
        }
        return values;
    }

    /** OpenAI {@code /v1/embeddings}: {@code input} is a string, strings, token ids, or lists of token ids. */
    static Buffer openAi(JsonNode request, String model) {
        List<String> inputs = openAiInputs(request.path("input"));
        int dimensions = dimensions(request.path("dimensions"));
        boolean base64 = "base64".equals(request.path("encoding_format").asString("float"));
        ObjectNode root = Json.object().put("object", "list");
        ArrayNode data = root.putArray("data");
        long tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            ObjectNode entry = data.addObject().put("object", "embedding").put("index", i);
            float[] values = vector(inputs.get(i), dimensions);
            if (base64) {
                entry.put("embedding", base64(values));
            } else {
                entry.set("embedding", floats(values));
            }
            tokens += Catalog.estimateTokens(inputs.get(i));
        }
        root.put("model", model);
        root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return Json.buffer(root);
    }

    /** Gemini {@code :embedContent} → {@code {"embedding":{"values":[…]}}}. */
    static Buffer geminiSingle(JsonNode request) {
        ObjectNode root = Json.object();
        root.set("embedding", geminiEmbedding(request));
        return Json.buffer(root);
    }

    /** Gemini {@code :batchEmbedContents} → {@code {"embeddings":[{"values":[…]}]}}. */
    static Buffer geminiBatch(JsonNode request) {
        JsonNode requests = request.path("requests");
        if (!requests.isArray() || requests.isEmpty()) {
            throw new BadRequest("requests must be a non-empty array");
        }
        ObjectNode root = Json.object();
        ArrayNode embeddings = root.putArray("embeddings");
        for (JsonNode one : requests) {
            embeddings.add(geminiEmbedding(one));
        }
        return Json.buffer(root);
    }

    private static ObjectNode geminiEmbedding(JsonNode request) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : request.path("content").path("parts")) {
            text.append(part.path("text").asString(""));
        }
        if (text.isEmpty()) {
            throw new BadRequest("content.parts must contain text");
        }
        ObjectNode embedding = Json.object();
        embedding.set("values", floats(vector(text.toString(), dimensions(request.path("outputDimensionality")))));
        return embedding;
    }

    private static List<String> openAiInputs(JsonNode input) {
        if (input.isString()) {
            return List.of(input.asString());
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new BadRequest("'input' must be a non-empty string or array");
        }
        if (input.get(0).isNumber()) {
            return List.of(input.toString());
        }
        List<String> inputs = new ArrayList<>();
        for (JsonNode item : input) {
            if (!item.isString() && !item.isArray()) {
                throw new BadRequest("'input' items must be strings or token arrays");
            }
            inputs.add(item.isString() ? item.asString() : item.toString());
        }
        return inputs;
    }

    private static int dimensions(JsonNode requested) {
        if (requested.isMissingNode() || requested.isNull()) {
            return DEFAULT_DIMENSIONS;
        }
        if (!requested.isInt() || requested.asInt() < 1 || requested.asInt() > 4096) {
            throw new BadRequest("dimensions must be an integer between 1 and 4096");
        }
        return requested.asInt();
    }

    private static ArrayNode floats(float[] values) {
        ArrayNode array = Json.array();
        for (float value : values) {
            array.add(value);
        }
        return array;
    }

    /** OpenAI's base64 form: little-endian float32, back to back. */
    private static String base64(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static long seed(String text) {
        long hash = 1125899906842597L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = 31 * hash + b;
        }
        return hash;
    }
}
