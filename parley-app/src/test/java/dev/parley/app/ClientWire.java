package dev.parley.app;

import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * How each of the four client protocols writes a request and reads an answer, written from the protocol
 * reference (not from Parley's codecs), so that a conversion test checks Parley against the official shapes.
 */
enum ClientWire {
    CHAT(Protocol.OPENAI_CHAT),
    RESPONSES(Protocol.OPENAI_RESPONSES),
    ANTHROPIC(Protocol.ANTHROPIC_MESSAGES),
    GEMINI(Protocol.GEMINI);

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";

    final Protocol protocol;

    ClientWire(Protocol protocol) {
        this.protocol = protocol;
    }

    /** A tool call as the client saw it. */
    record Call(String id, String name, JsonNode arguments) {
    }

    /**
     * What the client understood: the visible text, the tool calls, the finish reason in its protocol's words,
     * an in-stream error if one came, and whether the stream ended with its protocol's proper end.
     */
    record Answer(String text, List<Call> calls, String finish, Optional<JsonNode> streamError, boolean cleanEnd) {
    }

    String path(String model, boolean stream) {
        return switch (this) {
            case CHAT -> "/v1/chat/completions";
            case RESPONSES -> "/v1/responses";
            case ANTHROPIC -> "/v1/messages?beta=true";
            case GEMINI -> "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        };
    }

    /** The client's own way of sending its key. */
    Map<String, String> headers(String key) {
        return switch (this) {
            case CHAT, RESPONSES -> Map.of("authorization", "Bearer " + key);
            case ANTHROPIC -> Map.of("x-api-key", key, "anthropic-version", "2023-06-01",
                    "anthropic-beta", "interleaved-thinking-2025-05-14");
            case GEMINI -> Map.of("x-goog-api-key", key);
        };
    }

    String text(String model, boolean stream, String text) {
        return request(model, stream, userText(text), "");
    }

    String image(String model, boolean stream, String base64Png) {
        String user = switch (this) {
            case CHAT -> "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                    + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + base64Png + "\"}}]}";
            case RESPONSES -> "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":"
                    + "\"What is this?\"},{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64," + base64Png + "\"}]}";
            case ANTHROPIC -> "{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                    + "\"media_type\":\"image/png\",\"data\":\"" + base64Png + "\"}},{\"type\":\"text\",\"text\":\"What is this?\"}]}";
            case GEMINI -> "{\"role\":\"user\",\"parts\":[{\"text\":\"What is this?\"},{\"inlineData\":{\"mimeType\":"
                    + "\"image/png\",\"data\":\"" + base64Png + "\"}}]}";
        };
        return request(model, stream, user, "");
    }

    /** A question with one tool declared. */
    String withTool(String model, boolean stream, String text, String tool) {
        return request(model, stream, userText(text), tools(tool));
    }

    /** The question, the model's call of {@code tool}, and the tool's result. */
    String toolResult(String model, boolean stream, String text, String tool, Call call, String result) {
        String args = call.arguments().toString();
        String history = switch (this) {
            case CHAT -> userText(text) + ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":"
                    + q(call.id()) + ",\"type\":\"function\",\"function\":{\"name\":" + q(tool) + ",\"arguments\":"
                    + q(args) + "}}]},{\"role\":\"tool\",\"tool_call_id\":" + q(call.id()) + ",\"content\":" + q(result) + "}";
            case RESPONSES -> userText(text) + ",{\"type\":\"function_call\",\"call_id\":" + q(call.id()) + ",\"name\":"
                    + q(tool) + ",\"arguments\":" + q(args) + "},{\"type\":\"function_call_output\",\"call_id\":"
                    + q(call.id()) + ",\"output\":" + q(result) + "}";
            case ANTHROPIC -> userText(text) + ",{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":"
                    + q(call.id()) + ",\"name\":" + q(tool) + ",\"input\":" + args + "}]},{\"role\":\"user\",\"content\":"
                    + "[{\"type\":\"tool_result\",\"tool_use_id\":" + q(call.id()) + ",\"content\":" + q(result) + "}]}";
            case GEMINI -> {
                String id = call.id().isEmpty() ? "" : "\"id\":" + q(call.id()) + ",";
                yield userText(text) + ",{\"role\":\"model\",\"parts\":[{\"functionCall\":{" + id + "\"name\":" + q(tool)
                        + ",\"args\":" + args + "}}]},{\"role\":\"user\",\"parts\":[{\"functionResponse\":{" + id
                        + "\"name\":" + q(tool) + ",\"response\":{\"output\":" + q(result) + "}}}]}";
            }
        };
        return request(model, stream, history, tools(tool));
    }

    private String userText(String text) {
        return switch (this) {
            case CHAT, ANTHROPIC -> "{\"role\":\"user\",\"content\":" + q(text) + "}";
            case RESPONSES -> "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":"
                    + q(text) + "}]}";
            case GEMINI -> "{\"role\":\"user\",\"parts\":[{\"text\":" + q(text) + "}]}";
        };
    }

    private String tools(String tool) {
        return switch (this) {
            case CHAT -> ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":" + q(tool)
                    + ",\"description\":\"Weather for a city.\",\"parameters\":" + SCHEMA + "}}]";
            case RESPONSES -> ",\"tools\":[{\"type\":\"function\",\"name\":" + q(tool)
                    + ",\"description\":\"Weather for a city.\",\"parameters\":" + SCHEMA + "}]";
            case ANTHROPIC -> ",\"tools\":[{\"name\":" + q(tool) + ",\"description\":\"Weather for a city.\","
                    + "\"input_schema\":" + SCHEMA + "}]";
            case GEMINI -> ",\"tools\":[{\"functionDeclarations\":[{\"name\":" + q(tool)
                    + ",\"description\":\"Weather for a city.\",\"parametersJsonSchema\":" + SCHEMA + "}]}]";
        };
    }

    private String request(String model, boolean stream, String conversation, String tools) {
        return switch (this) {
            case CHAT -> "{\"model\":" + q(model) + ",\"stream\":" + stream + ",\"messages\":[" + conversation + "]" + tools + "}";
            case RESPONSES -> "{\"model\":" + q(model) + ",\"stream\":" + stream + ",\"store\":false,\"input\":["
                    + conversation + "]" + tools + "}";
            case ANTHROPIC -> "{\"model\":" + q(model) + ",\"max_tokens\":1024,\"stream\":" + stream + ",\"messages\":["
                    + conversation + "]" + tools + "}";
            case GEMINI -> "{\"contents\":[" + conversation + "]" + tools + "}";
        };
    }

    Answer read(String body, boolean stream) {
        return stream ? readStream(body) : readBody(JSON.readTree(body));
    }

    private Answer readBody(JsonNode root) {
        StringBuilder text = new StringBuilder();
        List<Call> calls = new ArrayList<>();
        String finish = switch (this) {
            case CHAT -> {
                JsonNode message = root.at("/choices/0/message");
                text.append(message.path("content").asString(""));
                for (JsonNode call : message.path("tool_calls")) {
                    calls.add(new Call(call.path("id").asString(), call.at("/function/name").asString(),
                            JSON.readTree(call.at("/function/arguments").asString())));
                }
                yield root.at("/choices/0/finish_reason").asString("");
            }
            case RESPONSES -> {
                for (JsonNode item : root.path("output")) {
                    switch (item.path("type").asString("")) {
                        case "message" -> item.path("content").forEach(c -> text.append(c.path("text").asString("")));
                        case "function_call" -> calls.add(new Call(item.path("call_id").asString(),
                                item.path("name").asString(), JSON.readTree(item.path("arguments").asString())));
                        default -> { }
                    }
                }
                yield root.path("status").asString("");
            }
            case ANTHROPIC -> {
                for (JsonNode block : root.path("content")) {
                    switch (block.path("type").asString("")) {
                        case "text" -> text.append(block.path("text").asString(""));
                        case "tool_use" -> calls.add(new Call(block.path("id").asString(), block.path("name").asString(),
                                block.path("input")));
                        default -> { }
                    }
                }
                yield root.path("stop_reason").asString("");
            }
            case GEMINI -> {
                geminiParts(root, text, calls);
                yield root.at("/candidates/0/finishReason").asString("");
            }
        };
        return new Answer(text.toString(), calls, finish, Optional.empty(), true);
    }

    private static void geminiParts(JsonNode chunk, StringBuilder text, List<Call> calls) {
        for (JsonNode part : chunk.at("/candidates/0/content/parts")) {
            if (part.has("text") && !part.path("thought").asBoolean(false)) {
                text.append(part.path("text").asString());
            }
            if (part.has("functionCall")) {
                JsonNode call = part.path("functionCall");
                calls.add(new Call(call.path("id").asString(""), call.path("name").asString(), call.path("args")));
            }
        }
    }

    private Answer readStream(String body) {
        StringBuilder text = new StringBuilder();
        List<Call> calls = new ArrayList<>();
        Map<Integer, String[]> chatCalls = new TreeMap<>();
        String finish = "";
        Optional<JsonNode> error = Optional.empty();
        boolean clean = false;
        for (SseEvent event : new SseParser().feed(body.getBytes(StandardCharsets.UTF_8))) {
            if (this == CHAT && event.isDone()) {
                clean = true;
                continue;
            }
            JsonNode data = JSON.readTree(event.data());
            switch (this) {
                case CHAT -> {
                    if (data.has("error")) {
                        error = Optional.of(data);
                        continue;
                    }
                    JsonNode delta = data.at("/choices/0/delta");
                    text.append(delta.path("content").asString(""));
                    for (JsonNode call : delta.path("tool_calls")) {
                        String[] acc = chatCalls.computeIfAbsent(call.path("index").asInt(), i -> new String[] {"", "", ""});
                        acc[0] += call.path("id").asString("");
                        acc[1] += call.at("/function/name").asString("");
                        acc[2] += call.at("/function/arguments").asString("");
                    }
                    String reason = data.at("/choices/0/finish_reason").asString("");
                    finish = reason.isEmpty() ? finish : reason;
                }
                case RESPONSES -> {
                    switch (event.name().orElse(data.path("type").asString(""))) {
                        case "response.output_text.delta" -> text.append(data.path("delta").asString(""));
                        case "response.output_item.done" -> {
                            JsonNode item = data.path("item");
                            if (item.path("type").asString("").equals("function_call")) {
                                calls.add(new Call(item.path("call_id").asString(), item.path("name").asString(),
                                        JSON.readTree(item.path("arguments").asString())));
                            }
                        }
                        case "response.completed", "response.incomplete" -> {
                            clean = true;
                            finish = data.at("/response/status").asString("");
                        }
                        case "error", "response.failed" -> error = Optional.of(data);
                        default -> { }
                    }
                }
                case ANTHROPIC -> {
                    switch (event.name().orElse("")) {
                        case "content_block_start" -> {
                            JsonNode block = data.path("content_block");
                            if (block.path("type").asString("").equals("tool_use")) {
                                chatCalls.put(data.path("index").asInt(), new String[] {block.path("id").asString(),
                                        block.path("name").asString(), ""});
                            }
                        }
                        case "content_block_delta" -> {
                            JsonNode delta = data.path("delta");
                            switch (delta.path("type").asString("")) {
                                case "text_delta" -> text.append(delta.path("text").asString(""));
                                case "input_json_delta" -> chatCalls.get(data.path("index").asInt())[2] +=
                                        delta.path("partial_json").asString("");
                                default -> { }
                            }
                        }
                        case "message_delta" -> finish = data.at("/delta/stop_reason").asString("");
                        case "message_stop" -> clean = true;
                        case "error" -> error = Optional.of(data);
                        default -> { }
                    }
                }
                case GEMINI -> {
                    if (data.has("error")) {
                        error = Optional.of(data);
                        continue;
                    }
                    geminiParts(data, text, calls);
                    String reason = data.at("/candidates/0/finishReason").asString("");
                    if (!reason.isEmpty()) {
                        finish = reason;
                        clean = true;
                    }
                }
            }
        }
        for (String[] call : chatCalls.values()) {
            calls.add(new Call(call[0], call[1], JSON.readTree(call[2].isEmpty() ? "{}" : call[2])));
        }
        return new Answer(text.toString(), calls, finish, error, clean && error.isEmpty());
    }

    private static String q(String text) {
        return JSON.writeValueAsString(text);
    }
}
