package dev.parley.core.codec.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Media;
import dev.parley.core.model.Message;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.ResponseFormat;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Client requests → parseRequest → writeRequest (Chat upstream), compared with golden upstream bodies. */
class RequestGoldenTest {

    private final ChatCodec codec = new ChatCodec();

    static List<String> clientRequests() {
        return Golden.cases("requests", ".client.json");
    }

    @ParameterizedTest
    @MethodSource("clientRequests")
    void clientRequestIsForwardedToAChatUpstream(String name) {
        ChatRequest request = codec.parseRequest(Golden.read(name + ".client.json"), RequestTarget.BODY);
        UpstreamCall call = codec.writeRequest(request, "upstream-model");

        assertThat(call.path()).isEqualTo("/chat/completions");
        Golden.assertJson(name + ".upstream.json", call.body());
    }

    /** What other protocols' clients bring, made valid for Chat: H1, H2, H3, H5, H6, H8, H9, H11, H17, H18. */
    @Test
    void foreignConversationIsMadeValidForChat() {
        String longId = "run_shell_command__synth_prompt-1234_1712345678901_0.extra:part";
        String longName = "mcp__a_really_long_server_name_for_testing__a_really_long_tool_name_that_goes_on";
        ChatRequest request = ChatRequest.builder("claude-sonnet-4-5")
                .system(List.of(new Block.Text("x-anthropic-billing-header: cc_version=2.1"), new Block.Text("You are Claude Code.", true)))
                .messages(List.of(
                        Message.user("List the files, then check the weather."),
                        new Message(Role.ASSISTANT, List.of(
                                new Block.Thinking("Two tools needed.", Optional.of(new Signature(Protocol.ANTHROPIC_MESSAGES, "EqMBsig"))),
                                new Block.RedactedThinking(new Signature(Protocol.ANTHROPIC_MESSAGES, "opaque")),
                                new Block.Text("Running both."),
                                new Block.ToolCall(longId, longName, "{\"path\":\".\"}",
                                        Optional.of(new Signature(Protocol.GEMINI, "gemini-sig"))),
                                new Block.ToolCall("call_weather", "get_weather", "",
                                        Optional.of(new Signature(Protocol.OPENAI_CHAT, "compat-sig"))))),
                        new Message(Role.USER, List.of(
                                new Block.ToolResult(longId, Optional.of(longName), List.of(
                                        new Block.Text("a.txt\nb.png"),
                                        new Block.Image(new Media.Base64("image/png", "iVBORw0KGgo=")),
                                        new Block.Document(new Media.Url("https://example.com/r.pdf", Optional.empty()), Optional.of("r.pdf"))),
                                        false),
                                new Block.ToolResult("toolu_orphan", Optional.empty(), List.of(new Block.Text("lost")), true),
                                new Block.Text("Now the weather?"))),
                        new Message(Role.ASSISTANT, List.of(new Block.Thinking("only thinking", Optional.empty()))),
                        new Message(Role.SYSTEM, List.of(new Block.Text("Mid-conversation reminder."))),
                        Message.user("Go on.")))
                .tools(List.of(
                        new Tool.Function(longName, "Lists files.", "{\"type\":\"OBJECT\",\"properties\":{\"path\":{\"type\":\"STRING\"}}}", Optional.empty()),
                        new Tool.Function("get_weather", "", "{}", Optional.of(false)),
                        new Tool.Custom("apply_patch", "Apply a patch.",
                                Optional.of("{\"type\":\"grammar\",\"syntax\":\"lark\",\"definition\":\"start: patch\"}")),
                        new Tool.Hosted(Protocol.ANTHROPIC_MESSAGES, "web_search", "{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}"),
                        new Tool.Hosted(Protocol.GEMINI, "googleSearch", "{\"googleSearch\":{}}")))
                .toolChoice(new ToolChoice.Named(longName))
                .parallelToolCalls(false)
                .maxOutputTokens(OptionalInt.of(64000))
                .temperature(3.0)
                .topK(64)
                .stop(List.of("a", "b", "c", "d", "e", "f"))
                .reasoning(new Reasoning(Optional.empty(), OptionalInt.of(10000), true))
                .responseFormat(new ResponseFormat.JsonObject())
                .user("user_abc_account_def_session_ghi")
                .cacheKey("session-ghi")
                .stream(true)
                .build();

        UpstreamCall call = codec.writeRequest(request, "gpt-5");

        Golden.assertJson("requests/ir-hard-cases.upstream.json", call.body());
    }
}
