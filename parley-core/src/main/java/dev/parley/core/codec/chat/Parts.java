package dev.parley.core.codec.chat;

import dev.parley.core.codec.CodecException;
import dev.parley.core.model.Block;
import dev.parley.core.model.Media;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Message {@code content} in its forms (a string, an array of typed parts, null) → blocks. */
final class Parts {

    private Parts() {
    }

    /** System, developer: text only. */
    static List<Block.Text> texts(JsonNode content, String where) {
        List<Block.Text> texts = new ArrayList<>();
        for (Block block : parts(content, where, Kind.SYSTEM)) {
            texts.add((Block.Text) block);
        }
        return texts;
    }

    static List<Block> user(JsonNode content, String where) {
        return parts(content, where, Kind.USER);
    }

    /** Assistant history: text and refusal parts; an empty string says nothing and gives no block. */
    static List<Block> assistant(JsonNode content, String where) {
        List<Block> blocks = parts(content, where, Kind.ASSISTANT);
        return blocks.stream().filter(b -> !(b instanceof Block.Text t) || !t.text().isEmpty()).toList();
    }

    /** Tool results: text per the spec; images and files are taken too, as some clients send them. */
    static List<Block> toolContent(JsonNode content, String where) {
        return parts(content, where, Kind.TOOL);
    }

    private enum Kind { SYSTEM, USER, ASSISTANT, TOOL }

    private static List<Block> parts(JsonNode content, String where, Kind kind) {
        if (Read.absent(content)) {
            return List.of();
        }
        if (content.isString()) {
            return List.of(new Block.Text(content.stringValue()));
        }
        if (!content.isArray()) {
            throw new CodecException(where, "expected a string or an array of content parts");
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            blocks.add(part(content.get(i), Read.path(where, i), kind));
        }
        return blocks;
    }

    private static Block part(JsonNode part, String where, Kind kind) {
        if (!part.isObject()) {
            throw new CodecException(where, "expected a content part object");
        }
        String type = Read.string(part, "type", where);
        boolean media = kind == Kind.USER || kind == Kind.TOOL;
        return switch (type) {
            case "text" -> new Block.Text(Read.string(part, "text", where), !Read.absent(part.path("prompt_cache_breakpoint")));
            case "refusal" -> {
                if (kind != Kind.ASSISTANT) {
                    throw new CodecException(Read.path(where, "type"), "refusal parts belong to assistant messages");
                }
                yield new Block.Text(Read.string(part, "refusal", where));
            }
            case "image_url" -> {
                requireMedia(media, type, where);
                yield new Block.Image(Media.fromUrl(imageUrl(part, where)));
            }
            case "file" -> {
                requireMedia(media, type, where);
                yield file(Read.object(part, "file", where), Read.path(where, "file"));
            }
            case "input_audio" -> throw new CodecException(where, "audio input is not supported by Parley");
            default -> throw new CodecException(Read.path(where, "type"), "unknown content part type '" + type + "'");
        };
    }

    private static void requireMedia(boolean allowed, String type, String where) {
        if (!allowed) {
            throw new CodecException(Read.path(where, "type"), type + " parts are allowed in user messages only");
        }
    }

    /** The object form {@code {"url": ...}}; the bare string some clients send is taken as well. */
    private static String imageUrl(JsonNode part, String where) {
        JsonNode image = part.path("image_url");
        if (image.isString()) {
            return image.stringValue();
        }
        return Read.string(Read.object(part, "image_url", where), "url", Read.path(where, "image_url"));
    }

    private static Block.Document file(JsonNode file, String where) {
        if (!Read.absent(file.path("file_id"))) {
            // A file id points into one OpenAI account's storage: no other provider can resolve it.
            throw new CodecException(Read.path(where, "file_id"), "file ids are not supported; send file_data");
        }
        String data = Read.string(file, "file_data", where);
        Optional<String> name = Read.optString(file, "filename", where);
        Media source = data.startsWith("data:") || data.contains("://")
                ? Media.fromUrl(data)
                : new Media.Base64(mediaType(name), data);
        return new Block.Document(source, name);
    }

    /** Bare base64 file data names no type: guess from the file name, PDF by default (the common case). */
    private static String mediaType(Optional<String> filename) {
        String name = filename.orElse("").toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".txt") || name.endsWith(".md")) {
            return "text/plain";
        }
        return "application/pdf";
    }
}
