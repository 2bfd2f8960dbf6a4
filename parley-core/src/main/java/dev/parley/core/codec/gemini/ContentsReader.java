package dev.parley.core.codec.gemini;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.ToolIds;
import dev.parley.core.model.Block;
import dev.parley.core.model.Media;
import dev.parley.core.model.Message;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.protocol.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Gemini client's {@code contents} as the conversation. Gemini calls may come without ids and results are
 * matched to calls by id, else by name and order within the turn; ids that are missing are synthesized from the
 * part's position, so a replayed history maps to the same ids every time.
 */
final class ContentsReader {

    /** What Gemini CLI puts on replayed calls the model made without a signature: not a real token. */
    static final String SKIP_SIGNATURE = "skip_thought_signature_validator";

    private final List<Message> messages = new ArrayList<>();
    /** The calls of the latest model turn, which the next user turn's results answer. */
    private List<Block.ToolCall> lastCalls = List.of();
    private final Set<String> answered = new HashSet<>();

    private ContentsReader() {
    }

    static List<Message> read(List<JsonNode> contents) {
        ContentsReader reader = new ContentsReader();
        for (int i = 0; i < contents.size(); i++) {
            reader.readContent(contents.get(i), "contents[" + i + "]");
        }
        return reader.messages;
    }

    private void readContent(JsonNode content, String path) {
        if (!content.isObject()) {
            throw new CodecException(path, "expected an object");
        }
        String role = Fields.string(content, "role", path + ".role").orElse("user");
        List<JsonNode> parts = Fields.array(content, "parts", path + ".parts");
        switch (role) {
            // "function" is the role older API versions gave to tool results.
            case "user", "function" -> readUser(parts, path);
            case "model" -> readModel(parts, path);
            default -> throw new CodecException(path + ".role", "expected \"user\" or \"model\"");
        }
    }

    private void readModel(List<JsonNode> parts, String path) {
        List<Block> blocks = new ArrayList<>();
        List<Block.ToolCall> calls = new ArrayList<>();
        for (int j = 0; j < parts.size(); j++) {
            String partPath = path + ".parts[" + j + "]";
            JsonNode part = object(parts.get(j), partPath);
            Optional<Signature> signature = signature(part, partPath);
            if (part.has("functionCall")) {
                Block.ToolCall call = call(part, partPath, path, calls.size(), signature);
                calls.add(call);
                blocks.add(call);
            } else if (part.has("text")) {
                text(part, partPath, signature, blocks);
            } else {
                media(part, partPath).ifPresent(blocks::add);
            }
        }
        lastCalls = List.copyOf(calls);
        answered.clear();
        if (!blocks.isEmpty()) {
            messages.add(new Message(Role.ASSISTANT, blocks));
        }
    }

    private static Block.ToolCall call(JsonNode part, String partPath, String contentPath, int ordinal,
                                       Optional<Signature> signature) {
        String path = partPath + ".functionCall";
        ObjectNode call = Fields.object(part, "functionCall", path).orElseThrow();
        String name = Fields.string(call, "name", path + ".name")
                .orElseThrow(() -> new CodecException(path + ".name", "required"));
        ObjectNode args = Fields.object(call, "args", path + ".args").orElseGet(Json::objectNode);
        String id = Fields.string(call, "id", path + ".id").filter(s -> !s.isEmpty())
                .orElseGet(() -> ToolIds.synthesize(contentPath, ordinal));
        return new Block.ToolCall(id, name, Json.text(args), signature);
    }

    /**
     * A text part. Consecutive thoughts are one reasoning block until a signature closes it (streamed thoughts
     * come back as several parts, the signature on the last). A signature on a visible text part (Gemini 3 puts
     * it there, often on an empty part at the end of a turn) closes a reasoning block that has none yet, or
     * else becomes an empty reasoning block right after the text, which is where writers put it back.
     */
    private static void text(JsonNode part, String path, Optional<Signature> signature, List<Block> blocks) {
        String text = Fields.string(part, "text", path + ".text").orElse("");
        Optional<Block.Thinking> open = !blocks.isEmpty() && blocks.getLast() instanceof Block.Thinking t
                && t.signature().isEmpty() ? Optional.of(t) : Optional.empty();
        if (Fields.bool(part, "thought", path + ".thought")) {
            if (open.isPresent()) {
                blocks.set(blocks.size() - 1, new Block.Thinking(open.get().text() + text, signature));
            } else if (!text.isEmpty() || signature.isPresent()) {
                blocks.add(new Block.Thinking(text, signature));
            }
            return;
        }
        if (!text.isEmpty()) {
            blocks.add(new Block.Text(text));
        } else if (signature.isPresent() && open.isPresent()) {
            blocks.set(blocks.size() - 1, new Block.Thinking(open.get().text(), signature));
            return;
        }
        signature.ifPresent(s -> blocks.add(new Block.Thinking("", Optional.of(s))));
    }

    private void readUser(List<JsonNode> parts, String path) {
        List<Block.ToolResult> results = new ArrayList<>();
        List<Block> others = new ArrayList<>();
        // Media right after a function response belongs to it (older models take tool images as siblings).
        boolean afterResult = false;
        for (int j = 0; j < parts.size(); j++) {
            String partPath = path + ".parts[" + j + "]";
            JsonNode part = object(parts.get(j), partPath);
            if (part.has("functionResponse")) {
                results.add(result(part, partPath, path, results.size()));
                afterResult = true;
            } else if (part.has("text")) {
                String text = Fields.string(part, "text", partPath + ".text").orElse("");
                if (!text.isEmpty()) {
                    others.add(new Block.Text(text));
                    afterResult = false;
                }
            } else {
                Optional<Block> media = media(part, partPath);
                if (media.isPresent() && afterResult) {
                    results.set(results.size() - 1, withContent(results.getLast(), media.get()));
                } else {
                    media.ifPresent(others::add);
                }
            }
        }
        List<Block> blocks = new ArrayList<>(results);
        blocks.addAll(others);
        if (!blocks.isEmpty()) {
            messages.add(new Message(Role.USER, blocks));
        }
    }

    private Block.ToolResult result(JsonNode part, String partPath, String contentPath, int ordinal) {
        String path = partPath + ".functionResponse";
        ObjectNode response = Fields.object(part, "functionResponse", path).orElseThrow();
        String name = Fields.string(response, "name", path + ".name")
                .orElseThrow(() -> new CodecException(path + ".name", "required"));
        Optional<String> id = Fields.string(response, "id", path + ".id").filter(s -> !s.isEmpty());
        String callId = matchCall(id, name, ordinal).orElseGet(() -> id.orElseGet(
                () -> ToolIds.synthesize(contentPath, ordinal)));
        answered.add(callId);
        List<Block> content = new ArrayList<>();
        Optional<ObjectNode> body = Fields.object(response, "response", path + ".response");
        boolean isError = body.map(b -> b.hasNonNull("error")).orElse(false);
        body.flatMap(ContentsReader::resultText).ifPresent(text -> content.add(new Block.Text(text)));
        List<JsonNode> nested = Fields.array(response, "parts", path + ".parts");
        for (int k = 0; k < nested.size(); k++) {
            String nestedPath = path + ".parts[" + k + "]";
            JsonNode nestedPart = object(nested.get(k), nestedPath);
            Optional<String> text = Fields.string(nestedPart, "text", nestedPath + ".text").filter(t -> !t.isEmpty());
            if (text.isPresent()) {
                content.add(new Block.Text(text.get()));
            } else {
                media(nestedPart, nestedPath).ifPresent(content::add);
            }
        }
        return new Block.ToolResult(callId, Optional.of(name), content, isError);
    }

    /** The call a result answers: by id, else the first unanswered call of that name, else by position. */
    private Optional<String> matchCall(Optional<String> id, String name, int ordinal) {
        if (id.isPresent() && lastCalls.stream().anyMatch(c -> c.id().equals(id.get()))) {
            return id;
        }
        for (Block.ToolCall call : lastCalls) {
            if (call.name().equals(name) && !answered.contains(call.id())) {
                return Optional.of(call.id());
            }
        }
        if (ordinal < lastCalls.size() && !answered.contains(lastCalls.get(ordinal).id())) {
            return Optional.of(lastCalls.get(ordinal).id());
        }
        return Optional.empty();
    }

    /** {@code {"output": "text"}} is the convention; anything else is kept as its JSON. */
    private static Optional<String> resultText(ObjectNode response) {
        JsonNode value = response.hasNonNull("error") ? response.get("error") : response.get("output");
        if (value == null || value.isNull()) {
            return response.isEmpty() ? Optional.empty() : Optional.of(Json.text(response));
        }
        String text = value.isString() ? value.stringValue() : Json.text(value);
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static Block.ToolResult withContent(Block.ToolResult result, Block media) {
        List<Block> content = new ArrayList<>(result.content());
        content.add(media);
        return new Block.ToolResult(result.callId(), result.name(), content, result.isError());
    }

    /** An {@code inlineData} or {@code fileData} part; other part kinds (executable code...) are not kept. */
    static Optional<Block> media(JsonNode part, String path) {
        Optional<ObjectNode> inline = Fields.object(part, "inlineData", path + ".inlineData");
        if (inline.isPresent()) {
            String where = path + ".inlineData";
            String mimeType = Fields.string(inline.get(), "mimeType", where + ".mimeType")
                    .orElseThrow(() -> new CodecException(where + ".mimeType", "required"));
            String data = Fields.string(inline.get(), "data", where + ".data")
                    .orElseThrow(() -> new CodecException(where + ".data", "required"));
            Optional<String> title = Fields.string(inline.get(), "displayName", where + ".displayName");
            return Optional.of(block(new Media.Base64(mimeType, data), mimeType, title));
        }
        Optional<ObjectNode> file = Fields.object(part, "fileData", path + ".fileData");
        if (file.isPresent()) {
            String where = path + ".fileData";
            String uri = Fields.string(file.get(), "fileUri", where + ".fileUri")
                    .orElseThrow(() -> new CodecException(where + ".fileUri", "required"));
            Optional<String> mimeType = Fields.string(file.get(), "mimeType", where + ".mimeType");
            Optional<String> title = Fields.string(file.get(), "displayName", where + ".displayName");
            return Optional.of(block(new Media.Url(uri, mimeType), mimeType.orElse(""), title));
        }
        return Optional.empty();
    }

    private static Block block(Media media, String mimeType, Optional<String> title) {
        return mimeType.startsWith("image/") ? new Block.Image(media) : new Block.Document(media, title);
    }

    /** The part's signature, except Gemini CLI's placeholder, which stands for "no signature". */
    private static Optional<Signature> signature(JsonNode part, String path) {
        return Fields.string(part, "thoughtSignature", path + ".thoughtSignature")
                .filter(value -> !value.isEmpty() && !SKIP_SIGNATURE.equals(value))
                .map(value -> Signature.received(Protocol.GEMINI, value));
    }

    private static JsonNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new CodecException(path, "expected an object");
        }
        return node;
    }
}
