package dev.parley.core.batch;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import dev.parley.core.json.TopLevelObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an input file: UTF-8 JSON lines, each {@code {"custom_id", "method": "POST", "url", "body"}} with a url
 * among {@link BatchEndpoint}'s, a body that is a JSON object naming its {@code model} and not asking to stream, and
 * custom ids unique in the file. Blank lines are skipped. Items may name different models. Everything wrong is
 * refused with a {@link BatchInputException} naming the first line at fault.
 */
public final class BatchInput {

    /** OpenAI's limit on a custom id's length. */
    public static final int MAX_CUSTOM_ID = 512;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BatchInput() {
    }

    /** The requests of {@code content}, at most {@code maxItems} of them. */
    public static List<BatchRequest> parse(byte[] content, int maxItems) {
        String text = utf8(content);
        // A byte-order mark, which some editors write at the start of a UTF-8 file, is not part of the first line.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<BatchRequest> requests = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int line = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            line++;
            String raw = text.substring(start, end);
            start = end + 1;
            if (raw.isBlank()) {
                continue;
            }
            if (requests.size() == maxItems) {
                throw new BatchInputException("the file holds more than " + maxItems
                        + " requests (batches.max_items)");
            }
            BatchRequest request = request(line, raw);
            Integer first = seen.putIfAbsent(request.customId(), line);
            if (first != null) {
                throw BatchInputException.at(line, "custom_id '" + request.customId()
                        + "' is used already on line " + first + "; each must be unique");
            }
            requests.add(request);
        }
        if (requests.isEmpty()) {
            throw new BatchInputException("the file holds no requests");
        }
        return requests;
    }

    /** Refuses requests whose url is not the batch's endpoint (every item of a batch calls its endpoint). */
    public static void requireEndpoint(List<BatchRequest> requests, BatchEndpoint endpoint) {
        for (BatchRequest request : requests) {
            if (request.endpoint() != endpoint) {
                throw BatchInputException.at(request.line(), "url is " + request.endpoint().path()
                        + ", but the batch's endpoint is " + endpoint.path());
            }
        }
    }

    private static BatchRequest request(int line, String raw) {
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (JacksonException e) {
            throw BatchInputException.at(line, "not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw BatchInputException.at(line, "must be a JSON object");
        }
        JsonNode customId = node.get("custom_id");
        if (customId == null || !customId.isString() || customId.asString().isEmpty()) {
            throw BatchInputException.at(line, "custom_id must be a non-empty string");
        }
        if (customId.asString().length() > MAX_CUSTOM_ID) {
            throw BatchInputException.at(line, "custom_id is longer than " + MAX_CUSTOM_ID + " characters");
        }
        JsonNode method = node.get("method");
        if (method == null || !"POST".equals(method.asString(""))) {
            throw BatchInputException.at(line, "method must be POST");
        }
        JsonNode url = node.get("url");
        if (url == null || !url.isString()) {
            throw BatchInputException.at(line, "url must be one of " + BatchEndpoint.known());
        }
        BatchEndpoint endpoint = BatchEndpoint.of(url.asString()).orElseThrow(() -> BatchInputException.at(line,
                "url must be one of " + BatchEndpoint.known() + ", got '" + url.asString() + "'"));
        JsonNode body = node.get("body");
        if (body == null || !body.isObject()) {
            throw BatchInputException.at(line, "body must be a JSON object");
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isString() || model.asString().isBlank()) {
            throw BatchInputException.at(line, "body.model must name a model");
        }
        JsonNode stream = body.get("stream");
        if (stream != null && stream.asBoolean(false)) {
            throw BatchInputException.at(line, "body.stream cannot be true in a batch");
        }
        // The body as the client wrote it, byte for byte: Parley passes requests through unchanged where it can.
        TopLevelObject object = TopLevelObject.scan(raw.getBytes(StandardCharsets.UTF_8));
        byte[] bytes = object.member("body").map(object::rawValue).orElseThrow();
        return new BatchRequest(line, customId.asString(), endpoint, bytes);
    }

    private static String utf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new BatchInputException("the file is not UTF-8 text");
        }
    }
}
