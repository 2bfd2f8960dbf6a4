package dev.parley.core.codec.responses;

import dev.parley.core.codec.CodecException;
import dev.parley.core.model.Block;
import dev.parley.core.model.Media;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The content of input messages and tool outputs: a string or an array of typed parts. */
final class ContentReader {

    private ContentReader() {
    }

    /** A system or developer message: text only. */
    static List<Block.Text> texts(JsonNode content, String path) {
        List<Block.Text> texts = new ArrayList<>();
        for (Block block : parts(content, path, Side.SYSTEM)) {
            texts.add((Block.Text) block);
        }
        return texts;
    }

    static List<Block> user(JsonNode content, String path) {
        return parts(content, path, Side.USER);
    }

    static List<Block> assistant(JsonNode content, String path) {
        return parts(content, path, Side.ASSISTANT);
    }

    /** A tool's output: a string, or input parts (text, images, files). */
    static List<Block> toolOutput(JsonNode output, String path) {
        return parts(output, path, Side.USER);
    }

    private enum Side { SYSTEM, USER, ASSISTANT }

    private static List<Block> parts(JsonNode content, String path, Side side) {
        if (!Fields.present(content)) {
            return List.of();
        }
        if (content.isString()) {
            return content.stringValue().isEmpty() ? List.of() : List.of(new Block.Text(content.stringValue()));
        }
        if (!content.isArray()) {
            throw new CodecException(path, "expected a string or an array of content parts");
        }
        List<Block> blocks = new ArrayList<>();
        int index = 0;
        for (JsonNode part : content.values()) {
            part(part, Fields.at(path, index++), side).ifPresent(blocks::add);
        }
        return blocks;
    }

    private static Optional<Block> part(JsonNode part, String path, Side side) {
        Fields.object(part, path);
        String type = Fields.requiredString(part, "type", path);
        Optional<Block> block = switch (type) {
            case "input_text", "output_text", "text" -> text(Fields.requiredString(part, "text", path));
            case "refusal" -> text(Fields.requiredString(part, "refusal", path));
            case "input_image" -> Optional.of(image(part, path));
            case "input_file" -> Optional.of(file(part, path));
            default -> throw new CodecException(Fields.at(path, "type"), "unsupported content part type '" + type + "'");
        };
        if (side == Side.SYSTEM && block.isPresent() && !(block.get() instanceof Block.Text)) {
            throw new CodecException(path, "a system or developer message holds text only");
        }
        if (side == Side.ASSISTANT && block.isPresent() && !(block.get() instanceof Block.Text)) {
            throw new CodecException(path, "an assistant message holds output_text and refusal parts only");
        }
        return block;
    }

    private static Optional<Block> text(String text) {
        // Empty parts carry nothing, and several protocols refuse them (Anthropic, Gemini).
        return text.isEmpty() ? Optional.empty() : Optional.of(new Block.Text(text));
    }

    private static Block image(JsonNode part, String path) {
        rejectFileId(part, path);
        JsonNode url = part.path("image_url");
        if (url.isObject()) {
            // The Chat Completions shape {"url": ...}, which some clients send here too.
            url = url.path("url");
        }
        if (!url.isString() || url.stringValue().isEmpty()) {
            throw new CodecException(Fields.at(path, "image_url"), "required: a data: URL or an https URL");
        }
        return new Block.Image(Media.fromUrl(url.stringValue()));
    }

    private static Block file(JsonNode part, String path) {
        rejectFileId(part, path);
        Optional<String> filename = Fields.string(part, "filename", path);
        Optional<String> data = Fields.string(part, "file_data", path);
        if (data.isPresent()) {
            Media media = data.get().startsWith("data:")
                    ? Media.fromUrl(data.get())
                    : new Media.Base64(mediaType(filename), data.get());
            return new Block.Document(media, filename);
        }
        Optional<String> url = Fields.string(part, "file_url", path);
        if (url.isPresent()) {
            return new Block.Document(new Media.Url(url.get(), Optional.empty()), filename);
        }
        throw new CodecException(Fields.at(path, "file_data"), "required: the file as a data: URL, or file_url");
    }

    private static void rejectFileId(JsonNode part, String path) {
        if (Fields.present(part.path("file_id"))) {
            throw new CodecException(Fields.at(path, "file_id"),
                    "uploaded file ids are not supported: Parley stores no files; send the content inline or by URL");
        }
    }

    /** Bare base64 file data comes without a type: the file name's extension is the only hint. */
    private static String mediaType(Optional<String> filename) {
        String name = filename.orElse("").toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".txt") || name.endsWith(".md")) {
            return "text/plain";
        }
        if (name.endsWith(".png")) {
            return "image/png";
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        return "application/pdf";
    }
}
