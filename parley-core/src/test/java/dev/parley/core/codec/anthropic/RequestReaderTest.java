package dev.parley.core.codec.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Effort;
import dev.parley.core.model.Media;
import dev.parley.core.model.Message;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.ResponseFormat;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class RequestReaderTest {

    private final AnthropicCodec codec = new AnthropicCodec();

    private ChatRequest parse(String json) {
        return codec.parseRequest(json.getBytes(StandardCharsets.UTF_8), RequestTarget.BODY);
    }

    private static String withMessages(String messages) {
        return "{\"model\":\"claude-x\",\"max_tokens\":100,\"messages\":" + messages + "}";
    }

    @Test
    void claudeCodeFirstTurn() {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(Golden.fixtureBody("claude-code-messages-first-turn.json"));
        // The capture replaced the text with filler; this is the attribution line Claude Code really sends first.
        ((ObjectNode) body.get("system").get(0)).put("text", "x-anthropic-billing-header: cc_version=2.1.197.123; cc_entrypoint=sdk-cli;");

        ChatRequest request = codec.parseRequest(Json.bytes(body), RequestTarget.BODY);

        assertThat(request.model()).isEqualTo("claude-opus-4-8");
        assertThat(request.maxOutputTokens()).hasValue(64000);
        assertThat(request.stream()).isTrue();
        assertThat(request.system()).hasSize(2).allMatch(Block.Text::cacheHint);   // H19: attribution dropped
        assertThat(request.messages()).extracting(Message::role).containsExactly(Role.USER, Role.SYSTEM);
        assertThat(((Block.Text) request.messages().getFirst().blocks().get(1)).text()).isEqualTo("run echo TOOL_OK");
        assertThat(request.reasoning()).hasValue(new Reasoning(Optional.of(Effort.HIGH), OptionalInt.empty(), true));
        assertThat(request.user()).hasValueSatisfying(u -> assertThat(u).startsWith("lorem"));
        assertThat(request.tools()).hasSize(24).allMatch(Tool.Function.class::isInstance);
        assertThat(request.tools()).extracting(Tool::name).contains("Bash", "Agent", "Write");
    }

    @Test
    void claudeCodeToolResultNamesTheToolAndKeepsItsBreakpoint() {
        ChatRequest request = codec.parseRequest(Golden.fixtureBody("claude-code-messages-tool-result.json"),
                RequestTarget.BODY);

        Message last = request.messages().getLast();
        assertThat(request.messages()).extracting(Message::role)
                .containsExactly(Role.USER, Role.SYSTEM, Role.ASSISTANT, Role.USER);
        assertThat(last.blocks()).containsExactly(new Block.ToolResult("toolu_fake_813f50e523564b8e942b7660",
                Optional.of("Bash"), List.of(new Block.Text("TOOL_OK", true)), false));
        Block.ToolCall call = (Block.ToolCall) request.messages().get(2).blocks().getFirst();
        assertThat(Json.parse(call.arguments(), "a")).isEqualTo(
                Json.parse("{\"command\":\"echo TOOL_OK\",\"description\":\"Print TOOL_OK\"}", "b"));
    }

    @Test
    void maxTokensIsRequiredExceptForCountingTokens() {
        String body = "{\"model\":\"claude-x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        assertThatThrownBy(() -> parse(body)).isInstanceOf(CodecException.class).hasMessageStartingWith("max_tokens:");
        assertThat(codec.parseCountTokensRequest(body.getBytes(StandardCharsets.UTF_8)).maxOutputTokens()).isEmpty();
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> parse(withMessages("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":5}]}]")))
                .isInstanceOf(CodecException.class)
                .hasMessage("messages[0].content[0].text: expected a string")
                .extracting(e -> ((CodecException) e).param()).isEqualTo(Optional.of("messages[0].content[0].text"));
        assertThatThrownBy(() -> parse(withMessages("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"tool\",\"content\":\"b\"}]")))
                .hasMessageStartingWith("messages[1].role:");
        assertThatThrownBy(() -> parse("{\"model\":\"claude-x\",\"max_tokens\":1}")).hasMessageStartingWith("messages:");
        assertThatThrownBy(() -> parse("[1]")).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> parse(withMessages("[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":"
                + "{\"type\":\"file\",\"file_id\":\"f\"}}]}]"))).hasMessageStartingWith("messages[0].content[0].source.type:");
        assertThatThrownBy(() -> parse("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"output_config\":{\"effort\":\"huge\"}}"))
                .hasMessageStartingWith("output_config.effort:");
    }

    /** H23: fields only Anthropic understands are ignored, never refused. */
    @Test
    void anthropicOnlyFieldsAreIgnored() {
        ChatRequest request = parse("{\"model\":\"claude-x\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"context_management\":{\"edits\":[{\"type\":\"clear_thinking_20251015\",\"keep\":\"all\"}]},"
                + "\"container\":\"c\",\"mcp_servers\":[{\"type\":\"url\"}],\"service_tier\":\"auto\","
                + "\"cache_control\":{\"type\":\"ephemeral\"},\"inference_geo\":\"us\",\"something_new\":{}}");

        assertThat(request.messages()).containsExactly(Message.user("hi"));
    }

    @Test
    void aLeadingSystemMessageJoinsTheSystemPrompt() {
        ChatRequest request = parse("{\"model\":\"m\",\"max_tokens\":1,\"system\":\"Top.\",\"messages\":["
                + "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Also this.\"}]},"
                + "{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"system\",\"content\":\"Later.\"}]}");

        assertThat(request.system()).extracting(Block.Text::text).containsExactly("Top.", "Also this.");
        assertThat(request.messages()).containsExactly(Message.user("hi"),
                new Message(Role.SYSTEM, List.of(new Block.Text("Later."))));
    }

    @Test
    void aStringSystemLosesOnlyTheAttributionLine() {
        ChatRequest request = parse("{\"model\":\"m\",\"max_tokens\":1,\"system\":\"x-anthropic-billing-header: cc_version=1;\\n"
                + "You are Claude Code.\",\"messages\":[]}");

        assertThat(request.systemText()).isEqualTo("You are Claude Code.");
    }

    @Test
    void thinkingSettings() {
        String base = "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],";
        assertThat(parse(base + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":31999}}").reasoning())
                .hasValue(new Reasoning(Optional.empty(), OptionalInt.of(31999), true));
        assertThat(parse(base + "\"thinking\":{\"type\":\"disabled\"}}").reasoning().orElseThrow().disabled()).isTrue();
        assertThat(parse(base + "\"thinking\":{\"type\":\"adaptive\",\"display\":\"omitted\"}}").reasoning())
                .hasValue(new Reasoning(Optional.empty(), OptionalInt.empty(), false));
        assertThat(parse(base + "\"output_config\":{\"effort\":\"max\"}}").reasoning())
                .hasValue(new Reasoning(Optional.of(Effort.MAX), OptionalInt.empty(), false));
        assertThat(parse(base + "\"stream\":false}").reasoning()).isEmpty();
        assertThatThrownBy(() -> parse(base + "\"thinking\":{\"type\":\"enabled\"}}"))
                .hasMessageStartingWith("thinking.budget_tokens:");
    }

    @Test
    void toolsAndToolChoice() {
        ChatRequest request = parse("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"tools\":["
                + "{\"name\":\"get_weather\",\"description\":\"d\",\"input_schema\":{\"type\":\"object\"},\"cache_control\":{\"type\":\"ephemeral\"}},"
                + "{\"type\":\"custom\",\"name\":\"plain\",\"input_schema\":{\"type\":\"object\"},\"strict\":true},"
                + "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":5},"
                + "{\"type\":\"bash_20250124\",\"name\":\"bash\"}],"
                + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"get_weather\",\"disable_parallel_tool_use\":true}}");

        assertThat(request.tools()).containsExactly(
                new Tool.Function("get_weather", "d", "{\"type\":\"object\"}", Optional.empty()),
                new Tool.Function("plain", "", "{\"type\":\"object\"}", Optional.of(true)),
                new Tool.Hosted(Protocol.ANTHROPIC_MESSAGES, "web_search",
                        "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":5}"),
                new Tool.Hosted(Protocol.ANTHROPIC_MESSAGES, "bash", "{\"type\":\"bash_20250124\",\"name\":\"bash\"}"));
        assertThat(request.toolChoice()).hasValue(new ToolChoice.Named("get_weather"));
        assertThat(request.parallelToolCalls()).hasValue(false);
        String base = "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"tool_choice\":";
        assertThat(parse(base + "{\"type\":\"any\"}}").toolChoice()).hasValue(new ToolChoice.Required());
        assertThat(parse(base + "{\"type\":\"none\"}}").toolChoice()).hasValue(new ToolChoice.None());
        assertThat(parse(base + "{\"type\":\"auto\"}}").parallelToolCalls()).isEmpty();
        assertThatThrownBy(() -> parse(base + "{\"type\":\"some\"}}")).hasMessageStartingWith("tool_choice.type:");
    }

    @Test
    void outputFormatSamplingStopsAndUser() {
        ChatRequest request = parse("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"temperature\":0.3,\"top_p\":0.9,"
                + "\"top_k\":5,\"stop_sequences\":[\"###\"],\"metadata\":{\"user_id\":\"{\\\"device_id\\\":\\\"d\\\"}\"},"
                + "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}}}");

        assertThat(request.temperature()).hasValue(0.3);
        assertThat(request.topP()).hasValue(0.9);
        assertThat(request.topK()).hasValue(5);
        assertThat(request.stop()).containsExactly("###");
        assertThat(request.user()).hasValue("{\"device_id\":\"d\"}");
        assertThat(request.responseFormat()).hasValue(
                new ResponseFormat.JsonSchema("response", "{\"type\":\"object\"}", Optional.empty()));
    }

    @Test
    void mediaSources() {
        ChatRequest request = parse(withMessages("[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://x/a.png\"}},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/gif\",\"data\":\"R0lG\"}},"
                + "{\"type\":\"document\",\"title\":\"spec.pdf\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\"JVBE\"}},"
                + "{\"type\":\"document\",\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"héllo\"}},"
                + "{\"type\":\"document\",\"source\":{\"type\":\"content\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}},"
                + "{\"type\":\"document\",\"source\":{\"type\":\"url\",\"url\":\"https://x/d.pdf\"}}]}]"));

        String hello = Base64.getEncoder().encodeToString("héllo".getBytes(StandardCharsets.UTF_8));
        String ab = Base64.getEncoder().encodeToString("a\nb".getBytes(StandardCharsets.UTF_8));
        assertThat(request.messages().getFirst().blocks()).containsExactly(
                new Block.Image(new Media.Url("https://x/a.png", Optional.empty())),
                new Block.Image(new Media.Base64("image/gif", "R0lG")),
                new Block.Document(new Media.Base64("application/pdf", "JVBE"), Optional.of("spec.pdf")),
                new Block.Document(new Media.Base64("text/plain", hello), Optional.empty()),
                new Block.Document(new Media.Base64("text/plain", ab), Optional.empty()),
                new Block.Document(new Media.Url("https://x/d.pdf", Optional.empty()), Optional.empty()));
    }

    @Test
    void toolResultsComeFirstAndKeepImagesButNotSearchResults() {
        ChatRequest request = parse(withMessages("[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\","
                + "\"name\":\"shot\",\"input\":{}}]},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"see\"},"
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"is_error\":true,\"content\":[{\"type\":\"text\",\"text\":\"ok\"},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBO\"}},"
                + "{\"type\":\"search_result\",\"source\":\"s\",\"title\":\"t\",\"content\":[]}]}]}]"));

        assertThat(request.messages().getLast().blocks()).containsExactly(
                new Block.ToolResult("t1", Optional.of("shot"), List.of(new Block.Text("ok"),
                        new Block.Image(new Media.Base64("image/png", "iVBO"))), true),
                new Block.Text("see"));
    }

    /** H1: the client's own signatures are Anthropic's; tokens Parley wrapped come back as their provider's. */
    @Test
    void reasoningTokensKeepTheirOrigin() {
        String gemini = new Signature(Protocol.GEMINI, "g-token").carried();
        String openai = new Signature(Protocol.OPENAI_RESPONSES, "o-token").carried();
        ChatRequest request = parse(withMessages("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"EqQB\"},"
                + "{\"type\":\"thinking\",\"thinking\":\"plan\",\"signature\":\"" + gemini + "\"},"
                + "{\"type\":\"redacted_thinking\",\"data\":\"" + openai + "\"},"
                + "{\"type\":\"thinking\",\"thinking\":\"unsigned\"},"
                + "{\"type\":\"server_tool_use\",\"id\":\"s1\",\"name\":\"web_search\",\"input\":{}},"
                + "{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"s1\",\"content\":[]},"
                + "{\"type\":\"tool_use\",\"id\":\"c1\",\"name\":\"Bash\",\"input\":{\"command\":\"ls\"}},"
                + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"" + gemini + "\"}]}]"));

        assertThat(request.messages().getLast().blocks()).containsExactly(
                new Block.Thinking("hmm", Optional.of(new Signature(Protocol.ANTHROPIC_MESSAGES, "EqQB"))),
                new Block.Thinking("plan", Optional.of(new Signature(Protocol.GEMINI, "g-token"))),
                new Block.RedactedThinking(new Signature(Protocol.OPENAI_RESPONSES, "o-token")),
                new Block.Thinking("unsigned", Optional.empty()),
                // The empty thinking block after a call carried that call's token: it folds back into the call.
                new Block.ToolCall("c1", "Bash", "{\"command\":\"ls\"}",
                        Optional.of(new Signature(Protocol.GEMINI, "g-token"))));
    }
}
