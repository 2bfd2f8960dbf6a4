package dev.parley.core.codec.gemini;

import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.Reasoning;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A {@link ChatResponse} as the {@code generateContent} answer a Gemini client expects (spec 4.3). */
final class ResponseWriter {

    /**
     * The text of an answer that has neither visible text nor a call: Gemini CLI rejects such an answer as
     * empty and retries it, so the client gets this instead (H11).
     */
    static final String NO_TEXT = "(no response)";

    private ResponseWriter() {
    }

    static byte[] write(ChatResponse response, ChatRequest request) {
        PartsWriter parts = PartsWriter.client(showThoughts(request));
        boolean visible = false;
        boolean calls = false;
        boolean malformed = false;
        for (Block block : response.content()) {
            switch (block) {
                case Block.Text t -> {
                    parts.text(t.text());
                    visible |= !t.text().isBlank();
                }
                case Block.Thinking t -> parts.thinking(t.text(), t.signature());
                case Block.RedactedThinking r -> parts.thinking("", Optional.of(r.data()));
                case Block.ToolCall c -> {
                    Optional<ObjectNode> args = strictArguments(c.arguments());
                    args.ifPresent(a -> parts.functionCall(call(c.id(), c.name(), a), c.signature()));
                    calls |= args.isPresent();
                    malformed |= args.isEmpty();
                }
                case Block.Image i -> parts.media(i.source());
                case Block.Document d -> parts.media(d.source());
                case Block.ToolResult r -> {
                    // Results are the client's, never part of an answer.
                }
            }
        }
        if (!visible && !calls) {
            parts.text(NO_TEXT);
        }
        ObjectNode root = Json.objectNode();
        ObjectNode candidate = root.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.put("role", "model");
        content.set("parts", parts.parts());
        candidate.put("finishReason", malformed ? FinishReasons.MALFORMED : FinishReasons.write(response.finish()));
        candidate.put("index", 0);
        root.set("usageMetadata", GeminiUsage.write(response.usage()));
        root.put("modelVersion", request.model());
        root.put("responseId", response.id());
        return Json.bytes(root);
    }

    static boolean showThoughts(ChatRequest request) {
        return request.reasoning().map(Reasoning::showThoughts).orElse(false);
    }

    /** A call as a Gemini client sees it: always with its id, which Gemini CLI keeps and sends back. */
    static ObjectNode call(String id, String name, ObjectNode args) {
        ObjectNode call = Json.objectNode();
        call.put("id", id);
        call.put("name", name);
        call.set("args", args);
        return call;
    }

    /**
     * The arguments as the object Gemini clients require, or nothing when they are not a JSON object (a model
     * cut off mid-call): invalid JSON must not reach a Gemini client (H14).
     */
    static Optional<ObjectNode> strictArguments(String arguments) {
        if (arguments.isBlank()) {
            return Optional.of(Json.objectNode());
        }
        try {
            JsonNode node = Json.MAPPER.readTree(arguments);
            return node != null && node.isObject() ? Optional.of((ObjectNode) node) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** One part of a streamed answer, framed as Gemini frames every chunk. */
    static ObjectNode chunk(ArrayNode parts, String model, String responseId) {
        ObjectNode root = Json.objectNode();
        ObjectNode candidate = root.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.put("role", "model");
        content.set("parts", parts);
        candidate.put("index", 0);
        root.put("modelVersion", model);
        root.put("responseId", responseId);
        return root;
    }
}
