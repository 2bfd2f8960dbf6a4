package dev.parley.core.codec.responses;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Requests from clients of other protocols, written for an OpenAI Responses upstream. */
class RequestWriterTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";

    /** §7.13, and H7: function tools go out with strict false unless the client asked for strict schemas. */
    @Test
    void theWorkedExampleOfSection713() {
        ChatRequest request = ChatRequest.builder("m")
                .system(List.of(new Block.Text("Be brief.")))
                .maxOutputTokens(1024)
                .tools(List.of(new Tool.Function("get_weather", "", SCHEMA, Optional.empty())))
                .messages(List.of(
                        new Message(Role.USER, List.of(new Block.Text("What is in this photo, and the weather there?"),
                                new Block.Image(new Media.Base64("image/png", "iVBORw0KGgo=")))),
                        new Message(Role.ASSISTANT, List.of(new Block.Text("A harbour in Bergen. Checking weather."),
                                new Block.ToolCall("call_7", "get_weather", "{\"city\":\"Bergen\"}", Optional.empty()))),
                        new Message(Role.USER, List.of(new Block.ToolResult("call_7", Optional.of("get_weather"),
                                List.of(new Block.Text("Rain, 9°C")), false)))))
                .build();

        JsonNode body = write(request);

        assertThat(body).isEqualTo(Golden.JSON_READER.readTree("""
                {"model":"gpt-5","instructions":"Be brief.","input":[
                 {"type":"message","role":"user","content":[{"type":"input_text","text":"What is in this photo, and the weather there?"},
                   {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="}]},
                 {"type":"message","role":"assistant","content":[{"type":"output_text","text":"A harbour in Bergen. Checking weather.","annotations":[]}]},
                 {"type":"function_call","call_id":"call_7","name":"get_weather","arguments":"{\\"city\\":\\"Bergen\\"}"},
                 {"type":"function_call_output","call_id":"call_7","output":"Rain, 9°C"}],
                 "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":false}],
                 "max_output_tokens":1024,"store":false}"""));
    }

    /** H1: only OpenAI's own reasoning goes back; other providers' thinking and signatures are dropped. */
    @Test
    void onlyOpenAiReasoningIsSentBack() {
        Signature openai = new Signature(Protocol.OPENAI_RESPONSES, "gAAA");
        ChatRequest request = ChatRequest.builder("m").messages(List.of(Message.user("x"),
                new Message(Role.ASSISTANT, List.of(
                        new Block.Thinking("mine", Optional.of(openai)),
                        new Block.Thinking("claude's", Optional.of(new Signature(Protocol.ANTHROPIC_MESSAGES, "s"))),
                        new Block.RedactedThinking(new Signature(Protocol.ANTHROPIC_MESSAGES, "r")),
                        new Block.Thinking("unsigned", Optional.empty()),
                        new Block.ToolCall("c", "f", "{}", Optional.of(new Signature(Protocol.GEMINI, "g")))))))
                .build();

        JsonNode input = write(request).get("input");

        assertThat(input).hasSize(4);
        assertThat(input.get(1)).isEqualTo(Golden.JSON_READER.readTree("""
                {"type":"reasoning","summary":[{"type":"summary_text","text":"mine"}],"encrypted_content":"gAAA"}"""));
        assertThat(input.get(2).get("type").asString()).isEqualTo("function_call");
        assertThat(input.toString()).doesNotContain("claude's", "unsigned", "\"g\"");
    }

    /** H16: a system message in the middle of the conversation stays there, as a developer message. */
    @Test
    void aMidConversationSystemMessageIsADeveloperMessage() {
        ChatRequest request = ChatRequest.builder("m").messages(List.of(Message.user("a"),
                new Message(Role.SYSTEM, List.of(new Block.Text("reminder"))), Message.user("b"))).build();

        JsonNode input = write(request).get("input");

        assertThat(input.get(1).get("role").asString()).isEqualTo("developer");
        assertThat(input.get(1).at("/content/0/text").asString()).isEqualTo("reminder");
    }

    /** H8: a freeform tool stays freeform, and its call and output keep their custom item types. */
    @Test
    void freeformToolsCallsAndOutputs() {
        ChatRequest request = ChatRequest.builder("m")
                .tools(List.of(new Tool.Custom("apply_patch", "Edit.", Optional.of("{\"type\":\"text\"}"))))
                .toolChoice(new ToolChoice.Named("apply_patch"))
                .messages(List.of(Message.user("x"),
                        new Message(Role.ASSISTANT, List.of(new Block.ToolCall("p", "apply_patch",
                                "{\"input\":\"*** Begin\"}", Optional.empty()))),
                        new Message(Role.USER, List.of(new Block.ToolResult("p", Optional.empty(),
                                List.of(new Block.Text("ok")), false)))))
                .build();

        JsonNode body = write(request);

        assertThat(body.get("tools").get(0)).isEqualTo(Golden.JSON_READER.readTree(
                "{\"type\":\"custom\",\"name\":\"apply_patch\",\"description\":\"Edit.\",\"format\":{\"type\":\"text\"}}"));
        assertThat(body.get("tool_choice")).isEqualTo(Golden.JSON_READER.readTree(
                "{\"type\":\"custom\",\"name\":\"apply_patch\"}"));
        assertThat(body.at("/input/1")).isEqualTo(Golden.JSON_READER.readTree(
                "{\"type\":\"custom_tool_call\",\"call_id\":\"p\",\"name\":\"apply_patch\",\"input\":\"*** Begin\"}"));
        assertThat(body.at("/input/2/type").asString()).isEqualTo("custom_tool_call_output");
    }

    /** H6: names OpenAI refuses are rewritten the same way everywhere they appear. */
    @Test
    void longAndIllegalToolNamesAreRewrittenConsistently() {
        String name = "mcp__server.with.dots__" + "x".repeat(60);
        ChatRequest request = ChatRequest.builder("m")
                .tools(List.of(new Tool.Function(name, "", SCHEMA, Optional.of(true))))
                .toolChoice(new ToolChoice.Named(name))
                .messages(List.of(Message.user("x"), new Message(Role.ASSISTANT,
                        List.of(new Block.ToolCall("c", name, "{}", Optional.empty())))))
                .build();

        JsonNode body = write(request);

        String written = body.at("/tools/0/name").asString();
        assertThat(written).matches("[a-zA-Z0-9_-]{1,64}");
        assertThat(body.at("/tool_choice/name").asString()).isEqualTo(written);
        assertThat(body.at("/input/1/name").asString()).isEqualTo(written);
        assertThat(body.at("/tools/0/strict").asBoolean()).isTrue();
    }

    /** H1, H8: hosted tools of other providers are dropped, OpenAI's own kept; namespace markers never leave. */
    @Test
    void hostedToolsReachOnlyTheirOwnProvider() {
        ChatRequest request = ChatRequest.builder("m")
                .tools(List.of(new Tool.Hosted(Protocol.ANTHROPIC_MESSAGES, "web_search", "{\"type\":\"web_search_20250305\"}"),
                        new Tool.Hosted(Protocol.OPENAI_RESPONSES, "web_search", "{\"type\":\"web_search\"}"),
                        Namespaces.marker("ns", List.of("f"))))
                .toolChoice(new ToolChoice.Required())
                .messages(List.of(Message.user("x")))
                .build();

        JsonNode body = write(request);

        assertThat(body.get("tools")).isEqualTo(Golden.JSON_READER.readTree("[{\"type\":\"web_search\"}]"));
        assertThat(body.get("tool_choice").asString()).isEqualTo("required");
    }

    @Test
    void noToolsMeansNoToolChoice() {
        ChatRequest request = ChatRequest.builder("m").toolChoice(new ToolChoice.Auto()).parallelToolCalls(false)
                .tools(List.of(new Tool.Hosted(Protocol.GEMINI, "googleSearch", "{}")))
                .messages(List.of(Message.user("x"))).build();

        JsonNode body = write(request);

        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
        assertThat(body.has("parallel_tool_calls")).isFalse();
    }

    /** H3: a tool result with an image is an array output; a document is an input_file with a name. */
    @Test
    void toolResultsWithImagesAndDocuments() {
        ChatRequest request = ChatRequest.builder("m").messages(List.of(Message.user("look"),
                new Message(Role.ASSISTANT, List.of(new Block.ToolCall("c", "screenshot", "{}", Optional.empty()))),
                new Message(Role.USER, List.of(
                new Block.ToolResult("c", Optional.empty(), List.of(new Block.Text("shot"),
                        new Block.Image(new Media.Url("https://x.test/a.png", Optional.empty())),
                        new Block.Document(new Media.Base64("application/pdf", "JVBE"), Optional.empty())), true)))))
                .build();

        JsonNode output = write(request).at("/input/2/output");

        assertThat(output).isEqualTo(Golden.JSON_READER.readTree("""
                [{"type":"input_text","text":"shot"},{"type":"input_image","image_url":"https://x.test/a.png"},
                 {"type":"input_file","filename":"document","file_data":"data:application/pdf;base64,JVBE"}]"""));
    }

    /** H18: no sampling parameters with reasoning on; otherwise clamped. H9: stop cannot be expressed. */
    @Test
    void samplingReasoningAndLimits() {
        ChatRequest.Builder base = ChatRequest.builder("m").messages(List.of(Message.user("x")))
                .temperature(3.5).topP(0.5).stop(List.of("END")).maxOutputTokens(4).topK(40).seed(7);

        JsonNode plain = write(base.build());
        JsonNode reasoning = write(base.reasoning(new Reasoning(Optional.of(Effort.MAX), OptionalInt.empty(), true)).build());

        assertThat(plain.get("temperature").asDouble()).isEqualTo(2.0);
        assertThat(plain.get("top_p").asDouble()).isEqualTo(0.5);
        assertThat(plain.get("max_output_tokens").asInt()).isEqualTo(16);
        assertThat(plain.has("stop")).isFalse();
        assertThat(plain.has("include")).isFalse();
        assertThat(reasoning.has("temperature")).isFalse();
        assertThat(reasoning.get("reasoning")).isEqualTo(Golden.JSON_READER.readTree(
                "{\"effort\":\"xhigh\",\"summary\":\"auto\"}"));
        assertThat(reasoning.get("include")).isEqualTo(Golden.JSON_READER.readTree("[\"reasoning.encrypted_content\"]"));
    }

    @Test
    void disabledReasoningAsksForNone() {
        JsonNode body = write(ChatRequest.builder("m").messages(List.of(Message.user("x")))
                .reasoning(Reasoning.ofEffort(Effort.NONE)).build());

        assertThat(body.get("reasoning")).isEqualTo(Golden.JSON_READER.readTree("{\"effort\":\"none\"}"));
        assertThat(body.has("include")).isFalse();
    }

    @Test
    void structuredOutputAndIdentifiers() {
        String longUser = "{\"device_id\":\"" + "d".repeat(80) + "\"}";
        JsonNode body = write(ChatRequest.builder("m").messages(List.of(Message.user("x")))
                .responseFormat(new ResponseFormat.JsonSchema("out", "{\"type\":\"object\"}", Optional.of(true)))
                .user(longUser).cacheKey("session-1").stream(true).build());

        assertThat(body.get("text")).isEqualTo(Golden.JSON_READER.readTree(
                "{\"format\":{\"type\":\"json_schema\",\"name\":\"out\",\"schema\":{\"type\":\"object\"},\"strict\":true}}"));
        assertThat(body.get("safety_identifier").asString()).startsWith("sha256_").hasSizeLessThanOrEqualTo(64);
        assertThat(body.get("prompt_cache_key").asString()).isEqualTo("session-1");
        assertThat(body.get("stream").asBoolean()).isTrue();
    }

    /** H2: OpenAI refuses a result without its call and a call without its result. */
    @Test
    void orphanResultsGoAndInterruptedCallsGetAPlaceholder() {
        ChatRequest request = ChatRequest.builder("m").messages(List.of(
                new Message(Role.USER, List.of(new Block.ToolResult("gone", Optional.empty(),
                        List.of(new Block.Text("old")), false), new Block.Text("go on"))),
                new Message(Role.ASSISTANT, List.of(new Block.ToolCall("a", "f", "{}", Optional.empty()),
                        new Block.ToolCall("b", "f", "{}", Optional.empty()))),
                new Message(Role.USER, List.of(new Block.ToolResult("b", Optional.empty(),
                        List.of(new Block.Text("B")), false))))).build();

        JsonNode input = write(request).get("input");

        assertThat(input).extracting(item -> item.get("type").asString() + ":" + item.path("call_id").asString(""))
                .containsExactly("message:", "function_call:a", "function_call:b", "function_call_output:a",
                        "function_call_output:b");
        assertThat(input.at("/3/output").asString()).isEqualTo(InputWriter.INTERRUPTED);
    }

    /** H5: Responses takes long call ids as they are (Gemini CLI's run_shell_command__... ids included). */
    @Test
    void longCallIdsPassUnchanged() {
        String id = "run_shell_command__run_shell_command_1767225600000_0.with:odd-chars";
        ChatRequest request = ChatRequest.builder("m").messages(List.of(Message.user("x"),
                new Message(Role.ASSISTANT, List.of(new Block.ToolCall(id, "run_shell_command", "{}", Optional.empty()))),
                new Message(Role.USER, List.of(new Block.ToolResult(id, Optional.empty(), List.of(new Block.Text("ok")), false)))))
                .build();

        JsonNode input = write(request).get("input");

        assertThat(input.at("/1/call_id").asString()).isEqualTo(id);
        assertThat(input.at("/2/call_id").asString()).isEqualTo(id);
    }

    /** H11: empty text parts and messages left empty are not sent. */
    @Test
    void emptyContentIsNotSent() {
        ChatRequest request = ChatRequest.builder("m").messages(List.of(
                new Message(Role.USER, List.of(new Block.Text(""), new Block.Text("hi"))),
                new Message(Role.ASSISTANT, List.of(new Block.Text(""))),
                new Message(Role.USER, List.of(new Block.Text(""))))).build();

        JsonNode input = write(request).get("input");

        assertThat(input).hasSize(1);
        assertThat(input.at("/0/content")).hasSize(1);
    }

    private static JsonNode write(ChatRequest request) {
        return Golden.JSON_READER.readTree(new ResponsesCodec().writeRequest(request, "gpt-5").body());
    }
}
