package dev.parley.core.codec.responses;

import dev.parley.core.codec.Json;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.usage.TokenUsage;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The Response object (§2.4) as Parley shows it to a client: its id, the model it asked for, status and output. */
record ResponseObject(String id, long createdAt, ChatRequest request) {

    ObjectNode build(String status, ArrayNode output, TokenUsage usage, Optional<String> incompleteReason,
                     Optional<ObjectNode> error) {
        ObjectNode response = Json.objectNode();
        response.put("id", id);
        response.put("object", "response");
        response.put("created_at", createdAt);
        response.put("status", status);
        error.ifPresentOrElse(e -> response.set("error", e), () -> response.putNull("error"));
        incompleteReason.ifPresentOrElse(reason -> response.putObject("incomplete_details").put("reason", reason),
                () -> response.putNull("incomplete_details"));
        response.putNull("instructions");
        request.maxOutputTokens().ifPresentOrElse(max -> response.put("max_output_tokens", max),
                () -> response.putNull("max_output_tokens"));
        response.put("model", request.model());
        response.set("output", output);
        response.put("parallel_tool_calls", request.parallelToolCalls().orElse(true));
        response.put("store", false);
        request.temperature().ifPresentOrElse(t -> response.put("temperature", t), () -> response.putNull("temperature"));
        response.put("tool_choice", toolChoice(request.toolChoice()));
        response.putArray("tools");
        request.topP().ifPresentOrElse(p -> response.put("top_p", p), () -> response.putNull("top_p"));
        if (usage.source() instanceof TokenUsage.Source.None) {
            response.putNull("usage");
        } else {
            response.set("usage", Usage.write(usage));
        }
        response.putObject("metadata");
        return response;
    }

    private static String toolChoice(Optional<ToolChoice> choice) {
        return switch (choice.orElse(new ToolChoice.Auto())) {
            case ToolChoice.None n -> "none";
            case ToolChoice.Required r -> "required";
            case ToolChoice.Auto a -> "auto";
            case ToolChoice.Named n -> "required";
            case ToolChoice.Allowed a -> a.required() ? "required" : "auto";
        };
    }
}
