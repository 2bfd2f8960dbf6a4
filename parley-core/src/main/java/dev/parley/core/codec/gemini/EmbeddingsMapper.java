package dev.parley.core.codec.gemini;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.Embeddings;
import dev.parley.core.usage.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gemini embeddings: {@code :embedContent} (one content) and {@code :batchEmbedContents} (a list of
 * requests). Each content's text parts make one input; {@code taskType} has no place in the internal model.
 */
final class EmbeddingsMapper {

    private EmbeddingsMapper() {
    }

    static Embeddings.Request parseRequest(byte[] body, RequestTarget target) {
        ObjectNode root = Json.object(body);
        List<String> inputs = new ArrayList<>();
        OptionalInt dimensions = OptionalInt.empty();
        String model = target.model().orElse("");
        if (root.has("requests")) {
            List<JsonNode> requests = Fields.array(root, "requests", "requests");
            for (int i = 0; i < requests.size(); i++) {
                String path = "requests[" + i + "]";
                JsonNode request = requests.get(i);
                if (!request.isObject()) {
                    throw new CodecException(path, "expected an object");
                }
                inputs.add(text(request, path));
                OptionalInt size = Fields.integer(request, "outputDimensionality", path + ".outputDimensionality");
                dimensions = dimensions.isPresent() ? dimensions : size;
                if (model.isEmpty()) {
                    model = Fields.string(request, "model", path + ".model").map(RequestWriter::modelId).orElse("");
                }
            }
        } else {
            inputs.add(text(root, ""));
            dimensions = Fields.integer(root, "outputDimensionality", "outputDimensionality");
        }
        if (inputs.isEmpty()) {
            throw new CodecException("requests", "required: at least one request");
        }
        if (model.isEmpty()) {
            throw new CodecException("model", "the model is named in the URL path");
        }
        return new Embeddings.Request(model, inputs, dimensions);
    }

    private static String text(JsonNode request, String path) {
        String where = path.isEmpty() ? "content" : path + ".content";
        ObjectNode content = Fields.object(request, "content", where)
                .orElseThrow(() -> new CodecException(where, "required"));
        StringBuilder text = new StringBuilder();
        List<JsonNode> parts = Fields.array(content, "parts", where + ".parts");
        for (int i = 0; i < parts.size(); i++) {
            String partPath = where + ".parts[" + i + "]";
            if (!parts.get(i).isObject()) {
                throw new CodecException(partPath, "expected an object");
            }
            Fields.string(parts.get(i), "text", partPath + ".text").ifPresent(t -> {
                text.append(text.isEmpty() ? "" : "\n").append(t);
            });
        }
        return text.toString();
    }

    /** The answer in the shape of the client's request: one embedding, or a list for a batch. */
    static byte[] writeResponse(Embeddings.Response response, byte[] request) {
        boolean batch;
        try {
            batch = Json.object(request).has("requests");
        } catch (CodecException e) {
            batch = true;
        }
        ObjectNode root = Json.objectNode();
        if (batch) {
            ArrayNode embeddings = root.putArray("embeddings");
            response.vectors().forEach(vector -> embeddings.addObject().set("values", values(vector)));
        } else {
            ArrayNode values = response.vectors().isEmpty() ? Json.arrayNode() : values(response.vectors().getFirst());
            root.putObject("embedding").set("values", values);
        }
        return Json.bytes(root);
    }

    private static ArrayNode values(float[] vector) {
        ArrayNode values = Json.arrayNode();
        for (float value : vector) {
            values.add(value);
        }
        return values;
    }

    static UpstreamCall writeRequest(Embeddings.Request request, String upstreamModel) {
        String model = RequestWriter.modelId(upstreamModel);
        ObjectNode root = Json.objectNode();
        ArrayNode requests = root.putArray("requests");
        for (String input : request.inputs()) {
            ObjectNode entry = requests.addObject();
            entry.put("model", "models/" + model);
            entry.putObject("content").putArray("parts").addObject().put("text", input);
            request.dimensions().ifPresent(d -> entry.put("outputDimensionality", d));
        }
        return new UpstreamCall("/v1beta/models/" + model + ":batchEmbedContents", Json.bytes(root));
    }

    /** Either answer shape; Gemini reports no token usage for embeddings. */
    static Embeddings.Response parseResponse(byte[] body) {
        ObjectNode root = Json.object(body);
        List<JsonNode> embeddings = root.has("embedding")
                ? List.of(root.get("embedding"))
                : Fields.array(root, "embeddings", "embeddings");
        if (embeddings.isEmpty() && !root.has("embeddings")) {
            throw new CodecException("embeddings", "required");
        }
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < embeddings.size(); i++) {
            JsonNode values = embeddings.get(i).path("values");
            if (!values.isArray()) {
                throw new CodecException("embeddings[" + i + "].values", "expected an array of numbers");
            }
            float[] vector = new float[values.size()];
            for (int j = 0; j < vector.length; j++) {
                vector[j] = (float) values.get(j).asDouble();
            }
            vectors.add(vector);
        }
        return new Embeddings.Response("", vectors, TokenUsage.NONE);
    }
}
