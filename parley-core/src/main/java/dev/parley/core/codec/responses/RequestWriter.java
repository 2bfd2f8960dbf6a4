package dev.parley.core.codec.responses;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.MaxOutputTokens;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Effort;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.ResponseFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request for an OpenAI Responses upstream. Always {@code store: false} with the whole history, since Parley
 * keeps no state; {@code stop} has no Responses equivalent and is dropped.
 */
final class RequestWriter {

    /** OpenAI refuses a smaller {@code max_output_tokens}. */
    /** OpenAI's limit for {@code safety_identifier} and {@code prompt_cache_key}. */
    private static final int MAX_IDENTIFIER = 64;

    private RequestWriter() {
    }

    static UpstreamCall write(ChatRequest request, String upstreamModel) {
        ObjectNode root = Json.objectNode();
        root.put("model", upstreamModel);
        if (!request.system().isEmpty()) {
            root.put("instructions", request.systemText());
        }
        ToolWriter tools = ToolWriter.of(request.tools());
        root.set("input", InputWriter.write(request.messages(), tools));
        if (!tools.isEmpty()) {
            root.set("tools", tools.tools(request.tools()));
            request.toolChoice().flatMap(tools::choice).ifPresent(choice -> root.set("tool_choice", choice));
            request.parallelToolCalls().ifPresent(parallel -> root.put("parallel_tool_calls", parallel));
        }
        boolean reasoning = request.reasoning().isPresent() && !request.reasoning().get().disabled();
        request.reasoning().ifPresent(r -> reasoning(root, r));
        request.responseFormat().ifPresent(format -> root.putObject("text").set("format", format(format)));
        request.maxOutputTokens().ifPresent(max -> root.put("max_output_tokens", Math.max(MaxOutputTokens.SMALLEST_SENT, max)));
        if (!reasoning) {
            // OpenAI's reasoning models refuse sampling parameters (H18); others take 0-2 and 0-1.
            request.temperature().ifPresent(t -> root.put("temperature", Math.clamp(t, 0.0, 2.0)));
            request.topP().ifPresent(p -> root.put("top_p", Math.clamp(p, 0.0, 1.0)));
        }
        request.cacheKey().ifPresent(key -> root.put("prompt_cache_key", identifier(key)));
        request.user().ifPresent(user -> root.put("safety_identifier", identifier(user)));
        root.put("store", false);
        if (request.stream()) {
            root.put("stream", true);
        }
        return new UpstreamCall("/responses", Json.bytes(root));
    }

    private static void reasoning(ObjectNode root, Reasoning reasoning) {
        ObjectNode out = Json.objectNode();
        if (reasoning.effort().isPresent() || reasoning.budgetTokens().isPresent()) {
            out.put("effort", effort(reasoning.level()));
        }
        if (reasoning.showThoughts() && !reasoning.disabled()) {
            out.put("summary", "auto");
        }
        if (!out.isEmpty()) {
            root.set("reasoning", out);
        }
        if (!reasoning.disabled()) {
            // Without it a stateless caller could never hand the model its reasoning back.
            root.putArray("include").add("reasoning.encrypted_content");
        }
    }

    private static String effort(Effort effort) {
        return switch (effort) {
            case MAX -> Effort.XHIGH.wireName();
            case NONE, MINIMAL, LOW, MEDIUM, HIGH, XHIGH -> effort.wireName();
        };
    }

    private static ObjectNode format(ResponseFormat format) {
        ObjectNode out = Json.objectNode();
        switch (format) {
            case ResponseFormat.Text t -> out.put("type", "text");
            case ResponseFormat.JsonObject j -> out.put("type", "json_object");
            case ResponseFormat.JsonSchema s -> {
                out.put("type", "json_schema");
                out.put("name", s.name());
                out.set("schema", Json.parse(s.schema(), "text.format.schema"));
                s.strict().ifPresent(strict -> out.put("strict", strict));
            }
        }
        return out;
    }

    /** Long identifiers (Claude Code's JSON user id) become a stable digest OpenAI accepts. */
    private static String identifier(String value) {
        if (value.length() <= MAX_IDENTIFIER) {
            return value;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256_" + HexFormat.of().formatHex(digest).substring(0, 48);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
