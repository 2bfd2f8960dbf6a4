package dev.parley.core.codec.chat;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Effort;
import dev.parley.core.model.Reasoning;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A client's Chat Completions request body → {@link ChatRequest}. */
final class RequestReader {

    private RequestReader() {
    }

    static ChatRequest read(byte[] body) {
        JsonNode root = Json.object(body);
        String model = Read.optString(root, "model", "").filter(m -> !m.isBlank())
                .orElseThrow(() -> new CodecException("model", "is required"));
        if (Read.absent(root.path("messages"))) {
            throw new CodecException("messages", "is required");
        }
        List<JsonNode> items = Read.array(root, "messages", "");
        if (items.isEmpty()) {
            throw new CodecException("messages", "expected at least one message");
        }
        int n = Read.optInt(root, "n", "").orElse(1);
        if (n != 1) {
            // Parley serves exactly one choice whatever the upstream; silently answering one would break the client.
            throw new CodecException("n", "only n=1 is supported");
        }
        MessageReader.Conversation conversation = MessageReader.read(items);
        ChatRequest.Builder b = ChatRequest.builder(model)
                .system(conversation.system())
                .messages(conversation.messages())
                .tools(ToolReader.tools(root))
                .toolChoice(ToolReader.toolChoice(root));
        Read.optBoolean(root, "parallel_tool_calls", "").ifPresent(b::parallelToolCalls);
        Read.optInt(root, "max_completion_tokens", "").ifPresentOrElse(b::maxOutputTokens,
                () -> Read.optInt(root, "max_tokens", "").ifPresent(b::maxOutputTokens));
        Read.optDouble(root, "temperature", "").ifPresent(b::temperature);
        Read.optDouble(root, "top_p", "").ifPresent(b::topP);
        b.stop(stop(root.path("stop")));
        Read.optString(root, "reasoning_effort", "").ifPresent(e -> b.reasoning(Reasoning.ofEffort(effort(e))));
        ToolReader.responseFormat(root).ifPresent(b::responseFormat);
        Read.optString(root, "safety_identifier", "").or(() -> Read.optString(root, "user", "")).ifPresent(b::user);
        Read.optString(root, "prompt_cache_key", "").ifPresent(b::cacheKey);
        Read.optLong(root, "seed", "").ifPresent(b::seed);
        b.stream(Read.optBoolean(root, "stream", "").orElse(false));
        b.streamUsage(Read.optObject(root, "stream_options", "")
                .flatMap(o -> Read.optBoolean(o, "include_usage", "stream_options")).orElse(false));
        return b.build();
    }

    private static List<String> stop(JsonNode stop) {
        if (Read.absent(stop)) {
            return List.of();
        }
        if (stop.isString()) {
            return List.of(stop.stringValue());
        }
        if (!stop.isArray()) {
            throw new CodecException("stop", "expected a string or an array of strings");
        }
        List<String> sequences = new ArrayList<>();
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isString()) {
                throw new CodecException(Read.path("stop", i), "expected a string");
            }
            sequences.add(stop.get(i).stringValue());
        }
        return sequences;
    }

    private static Effort effort(String name) {
        return Effort.fromWireName(name).orElseThrow(() -> new CodecException("reasoning_effort",
                "expected one of none, minimal, low, medium, high, xhigh, max; got '" + name + "'"));
    }
}
