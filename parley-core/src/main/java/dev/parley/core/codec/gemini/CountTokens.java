package dev.parley.core.codec.gemini;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.ChatRequest;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Gemini's {@code :countTokens} method, both as clients call it and as Parley calls a Gemini upstream. */
final class CountTokens {

    private CountTokens() {
    }

    /** {@code {"contents":…}} or {@code {"generateContentRequest":{…}}} (the form that also takes tools). */
    static ChatRequest parseRequest(byte[] body, String model) {
        ObjectNode root = Json.object(body);
        Optional<ObjectNode> wrapped = Fields.object(root, "generateContentRequest", "generateContentRequest");
        return RequestReader.read(wrapped.orElse(root), RequestWriter.modelId(model), false);
    }

    static UpstreamCall writeRequest(ChatRequest request, String upstreamModel) {
        String model = RequestWriter.modelId(upstreamModel);
        ObjectNode inner = RequestWriter.body(request, model);
        inner.put("model", "models/" + model);
        ObjectNode body = Json.objectNode();
        body.set("generateContentRequest", inner);
        return new UpstreamCall("/v1beta/models/" + model + ":countTokens", Json.bytes(body));
    }

    static long parseResponse(byte[] body) {
        JsonNode total = Json.object(body).get("totalTokens");
        if (total == null || !(total.isIntegralNumber() || total.isString())) {
            throw new CodecException("totalTokens", "expected an integer");
        }
        return Math.max(0, total.asLong(0));
    }

    static byte[] writeResponse(long totalTokens) {
        ObjectNode body = Json.objectNode();
        body.put("totalTokens", totalTokens);
        return Json.bytes(body);
    }
}
