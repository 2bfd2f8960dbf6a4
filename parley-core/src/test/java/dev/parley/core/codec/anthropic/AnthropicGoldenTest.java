package dev.parley.core.codec.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.Effort;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Media;
import dev.parley.core.model.Message;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.ResponseFormat;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageAudit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden files: captured Claude Code requests, hand-written upstream answers and streams. */
class AnthropicGoldenTest {

    private final AnthropicCodec codec = new AnthropicCodec();

    /** What Claude Code asks for: adaptive thinking, shown. */
    static ChatRequest claudeCode() {
        return ChatRequest.builder("claude-opus-4-8").maxOutputTokens(64000).stream(true)
                .reasoning(new Reasoning(Optional.of(Effort.HIGH), OptionalInt.empty(), true)).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-code-messages-first-turn", "claude-code-messages-tool-result",
            "claude-code-messages-nonstreaming-retry"})
    void claudeCodeRequestsThroughTheInternalModelAndBack(String fixture) {
        ChatRequest request = codec.parseRequest(Golden.fixtureBody(fixture + ".json"), RequestTarget.BODY);

        UpstreamCall call = codec.writeRequest(request, request.model());

        assertThat(call.path()).isEqualTo("/v1/messages");
        Golden.assertJson("requests/" + fixture + ".json", call.body());
    }

    @Test
    void aChatClientsToolLoopForAnAnthropicUpstream() {
        Signature gemini = new Signature(Protocol.GEMINI, "gemini-thought-token");
        ChatRequest request = ChatRequest.builder("gpt-5")
                .system(List.of(new Block.Text("Be brief.")))
                .messages(List.of(
                        new Message(Role.USER, List.of(new Block.Text("What is in this photo, and the weather there?"),
                                new Block.Image(new Media.Base64("image/png", "iVBORw0KGgo=")),
                                new Block.Image(new Media.Base64("image/bmp", "Qk0=")))),
                        new Message(Role.ASSISTANT, List.of(
                                new Block.Thinking("Looks like Bergen.", Optional.of(gemini)),
                                new Block.Text("A harbour in Bergen. Checking weather."),
                                new Block.ToolCall("call_7", "get_weather", "{\"city\":\"Bergen\"}", Optional.of(gemini)),
                                new Block.ToolCall("functions.lookup:2", "mcp.docs/lookup", "{\"q\":\"rain\"}",
                                        Optional.empty()))),
                        new Message(Role.USER, List.of(
                                new Block.ToolResult("call_7", Optional.of("get_weather"),
                                        List.of(new Block.Text("Rain, 9°C")), false),
                                new Block.ToolResult("functions.lookup:2", Optional.empty(),
                                        List.of(new Block.Text("not found"),
                                                new Block.Image(new Media.Url("https://example.com/a.png",
                                                        Optional.empty()))), true))),
                        new Message(Role.SYSTEM, List.of(new Block.Text("Answer in Norwegian."))),
                        new Message(Role.USER, List.of(new Block.Text("Thanks! "), new Block.Text(" ")))))
                .tools(List.of(
                        new Tool.Function("get_weather", "Weather by city",
                                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}", Optional.of(true)),
                        new Tool.Function("mcp.docs/lookup", "", "{\"type\":\"string\"}", Optional.empty()),
                        new Tool.Custom("apply_patch", "Edit files",
                                Optional.of("{\"type\":\"grammar\",\"syntax\":\"lark\",\"definition\":\"start: patch\"}")),
                        new Tool.Hosted(Protocol.OPENAI_RESPONSES, "web_search", "{\"type\":\"web_search\"}"),
                        new Tool.Hosted(Protocol.ANTHROPIC_MESSAGES, "web_search",
                                "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":3,"
                                        + "\"cache_control\":{\"type\":\"ephemeral\"}}")))
                .toolChoice(new ToolChoice.Auto()).parallelToolCalls(false)
                .reasoning(Reasoning.ofEffort(Effort.MEDIUM))
                .temperature(1.5).topP(0.9).topK(40).stop(List.of("END")).user("u-123").seed(7)
                .build();

        Golden.assertJson("requests/from-chat-tool-loop.json",
                codec.writeRequest(request, "claude-sonnet-4-5").body());
    }

    @Test
    void aResponsesClientWithReasoningAndASchema() {
        ChatRequest request = ChatRequest.builder("gpt-5")
                .messages(List.of(Message.assistant("Hello! How can I help?"),
                        new Message(Role.USER, List.of(new Block.Text("Summarize the file."), new Block.Text("")))))
                .maxOutputTokens(16000)
                .reasoning(new Reasoning(Optional.of(Effort.HIGH), OptionalInt.empty(), true))
                .temperature(0.2).topP(0.5).topK(10)
                .responseFormat(new ResponseFormat.JsonSchema("summary",
                        "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"}},"
                                + "\"required\":[\"summary\"],\"additionalProperties\":false}", Optional.of(true)))
                .stream(true)
                .build();

        Golden.assertJson("requests/from-responses-reasoning.json",
                codec.writeRequest(request, "claude-opus-4-1").body());
    }

    @Test
    void anUpstreamAnswerForAClaudeClient() {
        ChatResponse response = codec.parseResponse(Golden.bytes("response/upstream-message.json"));

        assertThat(response.finish()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(UsageAudit.counts(response.usage())).isEqualTo(new TokenUsage(42, 130, 1800, 100, 0, TokenUsage.Source.REPORTED)
                .withCacheWrites(new TokenUsage.CacheWrites(100, 0)));
        assertThat(response.toolCalls()).extracting(Block.ToolCall::id).containsExactly("toolu_01XyZ", "toolu_02XyZ");
        assertThat(response.content().getFirst()).isEqualTo(new Block.Thinking("User wants the weather in two cities.",
                Optional.of(new Signature(Protocol.ANTHROPIC_MESSAGES, "EqQBCkYIBhgCKkBsig=="))));
        Golden.assertJson("response/client-message.json", codec.writeResponse(response, claudeCode()));
    }

    @Test
    void anotherProvidersAnswerForAClaudeClientCarriesItsTokens() {
        Signature gemini = new Signature(Protocol.GEMINI, "CiQBcsjafE");
        Signature openai = new Signature(Protocol.OPENAI_RESPONSES, "gAAAAABencrypted");
        ChatResponse response = new ChatResponse("resp_0a1b", "gemini-3-pro", List.of(
                new Block.Thinking("**Planning**", Optional.of(gemini)),
                new Block.RedactedThinking(openai),
                new Block.Text(""),
                new Block.ToolCall("call_x", "Bash", "{\"command\":\"ls\"", Optional.of(gemini))),
                FinishReason.END_TURN, Optional.empty(),
                new TokenUsage(10, 20, 0, 0, 15, TokenUsage.Source.REPORTED));

        Golden.assertJson("response/client-message-foreign.json", codec.writeResponse(response, claudeCode()));
    }

    @Test
    void decodesAToolCallStream() {
        List<StreamEvent> events = Sse.decode(codec.streamDecoder(), Golden.text("stream/upstream-tool-call.sse"));

        Signature signature = new Signature(Protocol.ANTHROPIC_MESSAGES, "EqQBCkYIBhgC");
        assertThat(UsageAudit.counts(events)).containsExactly(
                new StreamEvent.Start("msg_01AbC", "claude-sonnet-4-5"),
                new StreamEvent.Usage(new TokenUsage(42, 1, 1800, 0, 0, TokenUsage.Source.REPORTED)),
                new StreamEvent.ThinkingStart(0),
                new StreamEvent.ThinkingDelta(0, "User wants weather"),
                new StreamEvent.SignatureDelta(0, signature),
                new StreamEvent.BlockStop(0),
                new StreamEvent.TextStart(1),
                new StreamEvent.TextDelta(1, "Let me check."),
                new StreamEvent.BlockStop(1),
                new StreamEvent.ToolCallStart(2, "toolu_01XyZ", "get_weather"),
                new StreamEvent.ArgumentsDelta(2, "{\"city\": \"Oslo\"}"),
                new StreamEvent.BlockStop(2),
                new StreamEvent.Usage(new TokenUsage(42, 130, 1800, 0, 0, TokenUsage.Source.REPORTED)),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS, Optional.empty()),
                new StreamEvent.Done());
    }

    @Test
    void decodesServerToolsAwayAndKeepsIndexesSequential() {
        List<StreamEvent> events = Sse.decode(codec.streamDecoder(), Golden.text("stream/upstream-server-tools.sse"));

        assertThat(UsageAudit.counts(events)).containsExactly(
                new StreamEvent.Start("msg_04Srv", "claude-sonnet-4-5"),
                new StreamEvent.Usage(new TokenUsage(20, 1, 0, 5, 0, TokenUsage.Source.REPORTED)),
                new StreamEvent.RedactedThinking(0, new Signature(Protocol.ANTHROPIC_MESSAGES, "EmwKAhgBEgy3va3pzix")),
                new StreamEvent.TextStart(1),
                new StreamEvent.TextDelta(1, "It is "),
                new StreamEvent.TextDelta(1, "raining."),
                new StreamEvent.BlockStop(1),
                new StreamEvent.Usage(new TokenUsage(25, 60, 7, 5, 0, TokenUsage.Source.REPORTED)),
                new StreamEvent.Finish(FinishReason.STOP_SEQUENCE, Optional.of("END")),
                new StreamEvent.Done());
    }

    @Test
    void aCutStreamEndsInAFailure() {
        List<StreamEvent> events = Sse.decode(codec.streamDecoder(), Golden.text("stream/upstream-cut.sse"));

        assertThat(events).hasSize(5);
        assertThat(UsageAudit.counts(events.subList(0, 4))).containsExactly(
                new StreamEvent.Start("msg_02Cut", "claude-sonnet-4-5"),
                new StreamEvent.Usage(new TokenUsage(12, 1, 0, 0, 0, TokenUsage.Source.REPORTED)),
                new StreamEvent.TextStart(0),
                new StreamEvent.TextDelta(0, "PO"));
        StreamEvent.Failure failure = (StreamEvent.Failure) events.getLast();
        assertThat(failure.error().kind()).isEqualTo(ErrorKind.UPSTREAM);
        assertThat(failure.error().message()).contains("ended early");
    }

    @Test
    void anInStreamErrorIsAFailureOfItsKind() {
        List<StreamEvent> events = Sse.decode(codec.streamDecoder(), Golden.text("stream/upstream-error.sse"));

        assertThat(events).hasSize(5);
        StreamEvent.Failure failure = (StreamEvent.Failure) events.getLast();
        assertThat(failure.error().kind()).isEqualTo(ErrorKind.OVERLOADED);
        assertThat(failure.error().message()).isEqualTo("Overloaded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tool-call", "server-tools", "cut", "error"})
    void reencodesUpstreamStreamsForAClaudeClient(String name) {
        List<StreamEvent> events = Sse.decode(codec.streamDecoder(), Golden.text("stream/upstream-" + name + ".sse"));

        Golden.assertText("stream/client-" + name + ".sse", Sse.encode(codec.streamEncoder(claudeCode()), events));
    }

    /**
     * A stream decoded from another provider: usage after the finish (OpenAI), no input usage up front, the finish
     * saying "stop" although a tool was called, and Gemini tokens on the thinking and on the call.
     */
    @Test
    void encodesAnotherProvidersStreamForAClaudeClient() {
        Signature gemini = new Signature(Protocol.GEMINI, "CiQBcsjafE");
        List<StreamEvent> events = List.of(
                new StreamEvent.Start("chatcmpl-9x", "gemini-3-pro"),
                new StreamEvent.ThinkingStart(0),
                new StreamEvent.ThinkingDelta(0, "Listing files"),
                new StreamEvent.SignatureDelta(0, gemini),
                new StreamEvent.BlockStop(0),
                new StreamEvent.ToolCallStart(1, "call_1", "Bash"),
                new StreamEvent.ArgumentsDelta(1, "{\"command\":"),
                new StreamEvent.ArgumentsDelta(1, "\"ls\"}"),
                new StreamEvent.SignatureDelta(1, gemini),
                new StreamEvent.BlockStop(1),
                new StreamEvent.ToolCallStart(2, "call_2", "Read"),
                new StreamEvent.BlockStop(2),
                new StreamEvent.Finish(FinishReason.END_TURN, Optional.empty()),
                new StreamEvent.Usage(new TokenUsage(900, 40, 100, 0, 12, TokenUsage.Source.REPORTED)),
                new StreamEvent.Done());

        Golden.assertText("stream/client-foreign.sse", Sse.encode(codec.streamEncoder(claudeCode()), events));
    }
}
