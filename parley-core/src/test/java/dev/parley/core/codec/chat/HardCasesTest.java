package dev.parley.core.codec.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.ToolIds;
import dev.parley.core.codec.ToolNames;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Message;
import dev.parley.core.model.ResponseEvents;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The hard cases of spec §9 that touch OpenAI Chat, each named by its H-number. */
class HardCasesTest {

    private static JsonNode upstream(ChatRequest request) {
        return Json.MAPPER.readTree(Fixtures.CODEC.writeRequest(request, "up").body());
    }

    private static Message assistant(Block... blocks) {
        return new Message(Role.ASSISTANT, List.of(blocks));
    }

    private static Block.ToolCall call(String id, String name) {
        return new Block.ToolCall(id, name, "{}", Optional.empty());
    }

    private static Block.ToolResult result(String id) {
        return new Block.ToolResult(id, Optional.empty(), List.of(new Block.Text("ok")), false);
    }

    @Test
    void h1ForeignReasoningNeverReachesChatButItsOwnSignatureReturns() {
        JsonNode body = upstream(ChatRequest.builder("m").messages(List.of(Message.user("q"),
                assistant(new Block.Thinking("hmm", Optional.of(new Signature(Protocol.ANTHROPIC_MESSAGES, "sig"))),
                        new Block.RedactedThinking(new Signature(Protocol.ANTHROPIC_MESSAGES, "data")),
                        new Block.ToolCall("c1", "f", "{}", Optional.of(new Signature(Protocol.GEMINI, "g"))),
                        new Block.ToolCall("c2", "f", "{}", Optional.of(new Signature(Protocol.OPENAI_CHAT, "own")))),
                new Message(Role.USER, List.of(result("c1"), result("c2"))))).build());

        JsonNode message = body.at("/messages/1");
        assertThat(message.has("reasoning_content")).isFalse();
        assertThat(message.at("/tool_calls/0").has("extra_content")).isFalse();
        assertThat(message.at("/tool_calls/1/extra_content/google/thought_signature").asString()).isEqualTo("own");
        assertThat(Json.text(body)).doesNotContain("\"sig\"", "\"data\"", "\"g\"", "hmm");
    }

    @Test
    void h1ACarriedSignatureFromAChatClientGoesBackToItsOrigin() {
        String carried = new Signature(Protocol.GEMINI, "gem-token").forClient(Protocol.OPENAI_CHAT);
        ChatRequest request = Fixtures.CODEC.parseRequest(("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"},\"extra_content\":{\"google\":"
                + "{\"thought_signature\":\"" + carried + "\"}}}]}]}").getBytes(StandardCharsets.UTF_8), RequestTarget.BODY);

        Block.ToolCall call = (Block.ToolCall) request.messages().getFirst().blocks().getFirst();
        assertThat(call.signature()).contains(new Signature(Protocol.GEMINI, "gem-token"));
    }

    @Test
    void h2UnansweredCallsGetAPlaceholderAndOrphanResultsAreDropped() {
        JsonNode body = upstream(ChatRequest.builder("m").messages(List.of(Message.user("q"),
                assistant(call("c1", "f"), call("c2", "f")),
                new Message(Role.USER, List.of(result("c2"), result("nobody"), new Block.Text("next"))),
                assistant(call("c3", "f")),
                Message.user("changed my mind"))).build());

        assertThat(body.path("messages").valueStream().map(m -> m.path("role").asString() + ":"
                + m.path("tool_call_id").asString(m.path("content").asString(""))).toList()).containsExactly(
                "user:q", "assistant:", "tool:c2", "tool:c1", "user:next", "assistant:", "tool:c3", "user:changed my mind");
        assertThat(body.at("/messages/3/content").asString()).isEqualTo(MessageWriter.INTERRUPTED);
    }

    @Test
    void h16ASystemMessageBetweenCallsAndResultsWaitsForTheResults() {
        JsonNode body = upstream(ChatRequest.builder("m").messages(List.of(Message.user("q"),
                assistant(call("c1", "f")),
                new Message(Role.SYSTEM, List.of(new Block.Text("reminder"))),
                new Message(Role.USER, List.of(result("c1"), new Block.Text("next"))))).build());

        assertThat(body.path("messages").valueStream().map(m -> m.path("role").asString()).toList())
                .containsExactly("user", "assistant", "tool", "system", "user");
        assertThat(body.at("/messages/2/content").asString()).isEqualTo("ok");
    }

    @Test
    void h5LongToolCallIdsAreRewrittenTheSameWayInCallsAndResults() {
        String longId = "toolu_" + "x".repeat(60);
        JsonNode body = upstream(ChatRequest.builder("m").messages(List.of(Message.user("q"),
                assistant(call(longId, "f")), new Message(Role.USER, List.of(result(longId))))).build());

        String safe = ToolIds.safe(longId);
        assertThat(safe).hasSizeLessThanOrEqualTo(40);
        assertThat(body.at("/messages/1/tool_calls/0/id").asString()).isEqualTo(safe);
        assertThat(body.at("/messages/2/tool_call_id").asString()).isEqualTo(safe);
    }

    @Test
    void h6LongOrInvalidToolNamesAreShortenedEverywhere() {
        String name = "mcp__server.with.dots__" + "t".repeat(60);
        String upstreamName = ToolNames.forProtocol(name, Protocol.OPENAI_CHAT);
        JsonNode body = upstream(ChatRequest.builder("m")
                .messages(List.of(Message.user("q"), assistant(call("c", name)), new Message(Role.USER, List.of(result("c")))))
                .tools(List.of(new Tool.Function(name, "d", "{\"type\":\"object\",\"properties\":{}}", Optional.empty())))
                .toolChoice(new ToolChoice.Allowed(List.of(name), true)).build());

        assertThat(upstreamName).matches("[a-zA-Z0-9_-]{1,64}");
        assertThat(body.at("/tools/0/function/name").asString()).isEqualTo(upstreamName);
        assertThat(body.at("/messages/1/tool_calls/0/function/name").asString()).isEqualTo(upstreamName);
        assertThat(body.at("/tool_choice/allowed_tools/tools/0/function/name").asString()).isEqualTo(upstreamName);
        assertThat(body.at("/tool_choice/allowed_tools/mode").asString()).isEqualTo("required");
    }

    @Test
    void h7UpperCaseSchemaTypesAreLowered() {
        JsonNode body = upstream(ChatRequest.builder("m").messages(List.of(Message.user("q")))
                .tools(List.of(new Tool.Function("f", "", "{\"type\":\"OBJECT\",\"properties\":{\"type\":{\"type\":\"STRING\",\"enum\":[\"A\"]},"
                        + "\"n\":{\"type\":[\"INTEGER\",\"NULL\"]}}}", Optional.empty()))).build());

        assertThat(Json.text(body.at("/tools/0/function/parameters"))).isEqualTo(
                "{\"type\":\"object\",\"properties\":{\"type\":{\"type\":\"string\",\"enum\":[\"A\"]},\"n\":{\"type\":[\"integer\",\"null\"]}}}");
    }

    @Test
    void h8ACustomToolIsAFunctionUpstreamAndACustomCallForTheClient() {
        ChatRequest request = Fixtures.clientRequest(false, false);
        JsonNode body = upstream(request);
        assertThat(body.at("/tools/1/function/name").asString()).isEqualTo("apply_patch");
        assertThat(Json.text(body.at("/tools/1/function/parameters"))).isEqualTo(Tool.Custom.INPUT_SCHEMA);

        ChatResponse answer = new ChatResponse("r", "up", List.of(new Block.ToolCall("c", "apply_patch",
                "{\"input\":\"*** Begin Patch\\n*** End Patch\"}", Optional.empty())), FinishReason.TOOL_CALLS,
                Optional.empty(), TokenUsage.NONE);
        JsonNode written = Json.MAPPER.readTree(Fixtures.CODEC.writeResponse(answer, request));
        assertThat(written.at("/choices/0/message/tool_calls/0/type").asString()).isEqualTo("custom");
        assertThat(written.at("/choices/0/message/tool_calls/0/custom/input").asString()).isEqualTo("*** Begin Patch\n*** End Patch");

        String sse = Fixtures.encode(ResponseEvents.of(answer), request.toBuilder().stream(true).build());
        assertThat(sse).contains("{\"index\":0,\"id\":\"c\",\"type\":\"custom\",\"custom\":{\"name\":\"apply_patch\","
                + "\"input\":\"*** Begin Patch\\n*** End Patch\"}}");
    }

    @Test
    void h8HostedToolsOfOtherProtocolsAreDroppedAndToolChoiceGoesWithThem() {
        JsonNode body = upstream(ChatRequest.builder("m").messages(List.of(Message.user("q")))
                .tools(List.of(new Tool.Hosted(Protocol.ANTHROPIC_MESSAGES, "web_search", "{\"type\":\"web_search_20250305\"}")))
                .toolChoice(new ToolChoice.Auto()).parallelToolCalls(true).build());

        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
        assertThat(body.has("parallel_tool_calls")).isFalse();
    }

    @Test
    void h9AtMostFourStopSequences() {
        JsonNode body = upstream(ChatRequest.builder("m").messages(List.of(Message.user("q")))
                .stop(List.of("1", "2", "3", "4", "5")).build());

        assertThat(body.path("stop").size()).isEqualTo(4);
    }

    @Test
    void h11AnAssistantTurnWithOnlyThinkingIsDroppedAndCallsGoWithNullContent() {
        JsonNode body = upstream(ChatRequest.builder("m").messages(List.of(Message.user("q"),
                assistant(new Block.Thinking("only", Optional.empty())), Message.user("again"),
                assistant(call("c", "f")), new Message(Role.USER, List.of(result("c"))))).build());

        assertThat(body.path("messages").valueStream().map(m -> m.path("role").asString()).toList())
                .containsExactly("user", "user", "assistant", "tool");
        assertThat(body.at("/messages/2/content").isNull()).isTrue();
    }

    @Test
    void h17H18MaxTokensPassAndTemperatureIsClampedToChatsRange() {
        JsonNode body = upstream(ChatRequest.builder("m").messages(List.of(Message.user("q")))
                .maxOutputTokens(32000).temperature(-1).topP(1.5).topK(40).build());

        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(32000);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.0);
        assertThat(body.path("top_p").asDouble()).isEqualTo(1.0);
        assertThat(body.has("top_k")).isFalse();
        assertThat(body.has("max_tokens")).isFalse();
    }

    @Test
    void h19TheClaudeCodeAttributionLineIsNotSentToChat() {
        JsonNode body = upstream(ChatRequest.builder("m")
                .system(List.of(new Block.Text("x-anthropic-billing-header: cc_version=2.1.3; cch=abc;"), new Block.Text("Be brief.")))
                .messages(List.of(Message.user("q"))).build());

        assertThat(body.at("/messages/0/content").asString()).isEqualTo("Be brief.");
    }

    @Test
    void h24MoreThanOneChoiceIsRefused() {
        assertThatThrownBy(() -> Fixtures.CODEC.parseRequest(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],\"n\":3}".getBytes(StandardCharsets.UTF_8),
                RequestTarget.BODY))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.param()).contains("n"));
    }

    @Test
    void streamingUpstreamAlwaysReportsUsage() { // §8 rule 6
        JsonNode body = upstream(ChatRequest.builder("m").messages(List.of(Message.user("q"))).stream(true).streamUsage(false).build());

        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
    }
}
