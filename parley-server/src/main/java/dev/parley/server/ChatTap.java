package dev.parley.server;

import dev.parley.core.json.JsonMember;
import dev.parley.core.json.JsonScanException;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI Chat: the usage chunk (dropped if the client did not ask for it; the relay's meter bills it), an error object inside
 * the stream, and the {@code [DONE]} marker.
 */
final class ChatTap extends StreamTap {

    private final boolean forwardUsageChunk;

    ChatTap(boolean forwardUsageChunk) {
        this.forwardUsageChunk = forwardUsageChunk;
    }

    @Override
    boolean accept(SseEvent event) {
        if (event.isDone()) {
            completed = true;
            return true;
        }
        String data = event.data();
        boolean hasUsage = hasObjectMember(data, "\"usage\"");
        boolean hasError = hasObjectMember(data, "\"error\"");
        if (!hasUsage && !hasError) {
            return true;
        }
        try {
            TopLevelObject chunk = TopLevelObject.scan(data.getBytes(StandardCharsets.UTF_8));
            if (hasError && chunk.member("error").map(m -> m.kind() == JsonMember.Kind.OBJECT).orElse(false)) {
                failed = true;
                return true;
            }
            boolean usageOnly = chunk.member("choices").map(m -> m.end() - m.start() <= 2 + blank(chunk, m)).orElse(true);
            return !hasUsage || !usageOnly || forwardUsageChunk;
        } catch (JsonScanException e) {
            return true; // not ours to judge: pass it on as the provider sent it
        }
    }

    /**
     * The role-only first chunk, and chunks with no choices and no usage (filter results some servers send
     * first): no content, reasoning, refusal, tool call or finish reason yet.
     */
    @Override
    boolean preamble(SseEvent event) {
        if (event.isDone()) {
            return false;
        }
        JsonNode chunk = parse(event.data());
        if (!chunk.isObject() || chunk.path("usage").isObject() || chunk.has("error")) {
            return false;
        }
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode delta = choice.path("delta");
            boolean said = !delta.path("content").asString("").isEmpty()
                    || !delta.path("reasoning_content").asString("").isEmpty()
                    || !delta.path("reasoning").asString("").isEmpty()
                    || !delta.path("refusal").asString("").isEmpty()
                    || !delta.path("tool_calls").isEmpty();
            if (said || !choice.path("finish_reason").asString("").isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Whitespace inside an empty array, e.g. {@code [ ]}. */
    private static int blank(TopLevelObject object, JsonMember member) {
        int count = 0;
        byte[] bytes = object.bytes();
        for (int i = member.start() + 1; i < member.end() - 1; i++) {
            if (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t') {
                count++;
            }
        }
        return count;
    }

    /** A cheap look for {@code "name": {} } before paying for a scan; most chunks carry {@code "usage":null}. */
    static boolean hasObjectMember(String data, String quotedName) {
        int at = data.indexOf(quotedName);
        while (at >= 0) {
            int i = at + quotedName.length();
            while (i < data.length() && Character.isWhitespace(data.charAt(i))) {
                i++;
            }
            if (i < data.length() && data.charAt(i) == ':') {
                i++;
                while (i < data.length() && Character.isWhitespace(data.charAt(i))) {
                    i++;
                }
                if (i < data.length() && data.charAt(i) == '{') {
                    return true;
                }
            }
            at = data.indexOf(quotedName, at + 1);
        }
        return false;
    }
}
