package dev.parley.core.codec.chat;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.Signature;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chat {@code tool_calls} entries ↔ {@link Block.ToolCall}. Function calls carry their arguments as a JSON string;
 * custom (freeform) calls carry one raw {@code input} string, which the internal model holds as
 * {@code {"input": "..."}} like every protocol without freeform tools. Gemini's OpenAI-compatible endpoint puts
 * its thought signature in {@code extra_content.google.thought_signature}; it is kept so that it can go back.
 */
final class ToolCalls {

    private ToolCalls() {
    }

    /** @param fallbackId the id for a call that has none (some compatible servers omit it), or empty if required */
    static Block.ToolCall read(JsonNode call, String where, Function<String, Signature> signature,
                               Optional<String> fallbackId) {
        if (!call.isObject()) {
            throw new CodecException(where, "expected an object");
        }
        String id = Read.optString(call, "id", where).filter(i -> !i.isEmpty()).or(() -> fallbackId)
                .orElseThrow(() -> new CodecException(Read.path(where, "id"), "is required"));
        Optional<Signature> sig = signature(call).map(signature);
        String type = Read.optString(call, "type", where).orElse("function");
        if (type.equals("custom")) {
            JsonNode custom = Read.object(call, "custom", where);
            String input = Read.optString(custom, "input", Read.path(where, "custom")).orElse("");
            return new Block.ToolCall(id, Read.string(custom, "name", Read.path(where, "custom")), wrapInput(input), sig);
        }
        JsonNode function = Read.object(call, "function", where);
        String fwhere = Read.path(where, "function");
        return new Block.ToolCall(id, Read.string(function, "name", fwhere), arguments(function.path("arguments")), sig);
    }

    /** Arguments as the model wrote them; an object (sent by some clients) is taken as its JSON text. */
    static String arguments(JsonNode arguments) {
        if (arguments.isString()) {
            return arguments.stringValue().isBlank() ? "{}" : arguments.stringValue();
        }
        return arguments.isObject() ? Json.text(arguments) : "{}";
    }

    private static Optional<String> signature(JsonNode call) {
        return Read.text(call.path("extra_content").path("google").path("thought_signature"));
    }

    static void writeSignature(ObjectNode call, String value) {
        call.putObject("extra_content").putObject("google").put("thought_signature", value);
    }

    /** The function call a Chat upstream receives, or a client's function call. */
    static ObjectNode function(String id, String name, String arguments) {
        ObjectNode call = Json.objectNode();
        call.put("id", id);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", arguments);
        return call;
    }

    /** A client's custom call: the raw input, unwrapped. */
    static ObjectNode custom(String id, String name, String arguments) {
        ObjectNode call = Json.objectNode();
        call.put("id", id);
        call.put("type", "custom");
        ObjectNode custom = call.putObject("custom");
        custom.put("name", name);
        custom.put("input", unwrapInput(arguments));
        return call;
    }

    static String wrapInput(String input) {
        ObjectNode wrapped = Json.objectNode();
        wrapped.put("input", input);
        return Json.text(wrapped);
    }

    /** The raw input of {@code {"input": "..."}}; arguments of any other shape are passed as they are. */
    static String unwrapInput(String arguments) {
        JsonNode node = Json.argumentsObject(arguments);
        JsonNode input = node.path("input");
        return input.isString() ? input.stringValue() : arguments;
    }
}
