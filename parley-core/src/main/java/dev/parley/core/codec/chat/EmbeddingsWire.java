package dev.parley.core.codec.chat;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.Embeddings;
import dev.parley.core.usage.TokenUsage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI {@code /v1/embeddings}: client requests and answers, upstream requests and answers. */
final class EmbeddingsWire {

    static final String PATH = "/embeddings";

    private EmbeddingsWire() {
    }

    static Embeddings.Request parseRequest(byte[] body) {
        JsonNode root = Json.object(body);
        String model = Read.optString(root, "model", "").filter(m -> !m.isBlank())
                .orElseThrow(() -> new CodecException("model", "is required"));
        Read.optString(root, "encoding_format", "").filter(f -> !f.equals("float") && !f.equals("base64"))
                .ifPresent(f -> {
                    throw new CodecException("encoding_format", "expected float or base64");
                });
        return new Embeddings.Request(model, inputs(root.path("input")), Read.optInt(root, "dimensions", ""));
    }

    private static List<String> inputs(JsonNode input) {
        if (Read.absent(input)) {
            throw new CodecException("input", "is required");
        }
        if (input.isString()) {
            return List.of(input.stringValue());
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new CodecException("input", "expected a string or a non-empty array of strings");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (item.isNumber() || item.isArray()) {
                // Token ids belong to one tokenizer: no other provider can read them.
                throw new CodecException(Read.path("input", i), "token-array inputs are not supported; send text");
            }
            if (!item.isString()) {
                throw new CodecException(Read.path("input", i), "expected a string");
            }
            texts.add(item.stringValue());
        }
        return texts;
    }

    static byte[] writeResponse(Embeddings.Response response, byte[] request) {
        JsonNode asked = tree(request);
        boolean base64 = "base64".equals(asked.path("encoding_format").asString(""));
        ObjectNode root = Json.objectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < response.vectors().size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            float[] vector = response.vectors().get(i);
            if (base64) {
                item.put("embedding", encode(vector));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
        }
        root.put("model", Read.text(asked.path("model")).orElse(response.model()));
        TokenUsage usage = response.usage();
        long prompt = usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens();
        root.putObject("usage").put("prompt_tokens", prompt).put("total_tokens", prompt + usage.outputTokens());
        return Json.bytes(root);
    }

    static UpstreamCall writeRequest(Embeddings.Request request, String upstreamModel) {
        ObjectNode root = Json.objectNode();
        root.put("model", upstreamModel);
        ArrayNode input = root.putArray("input");
        request.inputs().forEach(input::add);
        request.dimensions().ifPresent(d -> root.put("dimensions", d));
        root.put("encoding_format", "float");
        return new UpstreamCall(PATH, Json.bytes(root));
    }

    static Embeddings.Response parseResponse(byte[] body) {
        JsonNode root = Json.object(body);
        List<JsonNode> data = Read.array(root, "data", "");
        TreeMap<Integer, float[]> byIndex = new TreeMap<>();
        for (int i = 0; i < data.size(); i++) {
            String where = Read.path("data", i);
            int index = Read.optInt(data.get(i), "index", where).orElse(i);
            byIndex.put(index, vector(data.get(i).path("embedding"), Read.path(where, "embedding")));
        }
        long prompt = root.path("usage").path("prompt_tokens").asLong(0);
        TokenUsage usage = root.path("usage").isObject() ? TokenUsage.reported(prompt, 0) : TokenUsage.NONE;
        return new Embeddings.Response(root.path("model").asString(""), List.copyOf(byIndex.values()), usage);
    }

    private static float[] vector(JsonNode embedding, String where) {
        if (embedding.isString()) {
            return decode(embedding.stringValue(), where);
        }
        if (!embedding.isArray()) {
            throw new CodecException(where, "expected an array of numbers or a base64 string");
        }
        float[] vector = new float[embedding.size()];
        for (int i = 0; i < vector.length; i++) {
            if (!embedding.get(i).isNumber()) {
                throw new CodecException(Read.path(where, i), "expected a number");
            }
            vector[i] = embedding.get(i).floatValue();
        }
        return vector;
    }

    /** OpenAI's base64 form: the vector's little-endian float32 bytes. */
    static String encode(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    static float[] decode(String base64, String where) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new CodecException(where, "not valid base64");
        }
        if (raw.length % Float.BYTES != 0) {
            throw new CodecException(where, "not a whole number of float32 values");
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[raw.length / Float.BYTES];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = bytes.getFloat();
        }
        return vector;
    }

    private static JsonNode tree(byte[] body) {
        try {
            return Optional.ofNullable(Json.MAPPER.readTree(body)).orElse(Json.objectNode());
        } catch (RuntimeException e) {
            return Json.objectNode();
        }
    }
}
