package dev.parley.core.codec.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.codec.CodecException;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Effort;
import dev.parley.core.model.Media;
import dev.parley.core.model.Message;
import dev.parley.core.model.ResponseFormat;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a Responses client's request means, and which requests are refused with the field to blame. */
class RequestReaderTest {

    @Test
    void aStringInputIsOneUserMessageAndInstructionsTheSystemPrompt() {
        ChatRequest request = Requests.parse("""
                {"model":"m","instructions":"Be brief.","input":"Hello","max_output_tokens":300,"temperature":0.2,
                 "top_p":0.9,"safety_identifier":"u-1","prompt_cache_key":"k"}""");

        assertThat(request.system()).containsExactly(new Block.Text("Be brief."));
        assertThat(request.messages()).containsExactly(Message.user("Hello"));
        assertThat(request.maxOutputTokens()).hasValue(300);
        assertThat(request.temperature()).hasValue(0.2);
        assertThat(request.topP()).hasValue(0.9);
        assertThat(request.user()).contains("u-1");
        assertThat(request.cacheKey()).contains("k");
        assertThat(request.stream()).isFalse();
    }

    /** H16: developer messages after the conversation started keep their place. */
    @Test
    void developerMessagesKeepTheirPlaceOnceTheConversationStarted() {
        ChatRequest request = Requests.parse("""
                {"model":"m","instructions":"A","input":[
                  {"role":"developer","content":"B"},
                  {"role":"user","content":"hi"},
                  {"role":"system","content":[{"type":"input_text","text":"C"}]},
                  {"role":"user","content":"again"}]}""");

        assertThat(request.system()).containsExactly(new Block.Text("A"), new Block.Text("B"));
        assertThat(request.messages()).containsExactly(Message.user("hi"),
                new Message(Role.SYSTEM, List.of(new Block.Text("C"))), Message.user("again"));
    }

    /** §7.12: an assistant message and the calls after it are one turn; outputs open the next user turn. */
    @Test
    void assistantTextAndCallsCoalesceAndOutputsLeadTheUserTurn() {
        ChatRequest request = Requests.parse("""
                {"model":"m","input":[
                  {"role":"user","content":"weather?"},
                  {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"a"},{"type":"summary_text","text":"b"}],
                   "encrypted_content":"gAAA"},
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking."}]},
                  {"type":"function_call","call_id":"c1","name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"},
                  {"type":"function_call","call_id":"c2","name":"time","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c1","output":"9C"},
                  {"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"noon"},
                    {"type":"input_image","image_url":"data:image/png;base64,iVBO"}]},
                  {"role":"user","content":"thanks"}]}""");

        assertThat(request.messages()).containsExactly(
                Message.user("weather?"),
                new Message(Role.ASSISTANT, List.of(
                        new Block.Thinking("a\n\nb", Optional.of(new Signature(Protocol.OPENAI_RESPONSES, "gAAA"))),
                        new Block.Text("Checking."),
                        new Block.ToolCall("c1", "weather", "{\"city\":\"Oslo\"}", Optional.empty()),
                        new Block.ToolCall("c2", "time", "{}", Optional.empty()))),
                new Message(Role.USER, List.of(
                        new Block.ToolResult("c1", Optional.of("weather"), List.of(new Block.Text("9C")), false),
                        new Block.ToolResult("c2", Optional.of("time"), List.of(new Block.Text("noon"),
                                new Block.Image(new Media.Base64("image/png", "iVBO"))), false),
                        new Block.Text("thanks"))));
    }

    /** H8: freeform and local shell calls become calls of the tools they stand for. */
    @Test
    void customAndLocalShellCallsBecomeToolCalls() {
        ChatRequest request = Requests.parse("""
                {"model":"m","input":[
                  {"type":"custom_tool_call","call_id":"p1","name":"apply_patch","input":"*** Begin Patch"},
                  {"type":"custom_tool_call_output","call_id":"p1","output":"Done"},
                  {"type":"local_shell_call","call_id":"s1","status":"completed",
                   "action":{"type":"exec","command":["ls"],"working_directory":"/w","timeout_ms":1000}},
                  {"type":"local_shell_call_output","call_id":"s1","output":"a.txt"},
                  {"type":"function_call","call_id":"n1","namespace":"mcp_github","name":"list","arguments":"{}"},
                  {"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"x"}}]}""");

        assertThat(request.messages()).extracting(Message::blocks).containsExactly(
                List.of(new Block.ToolCall("p1", "apply_patch", "{\"input\":\"*** Begin Patch\"}", Optional.empty())),
                List.of(new Block.ToolResult("p1", Optional.of("apply_patch"), List.of(new Block.Text("Done")), false)),
                List.of(new Block.ToolCall("s1", "local_shell", "{\"command\":[\"ls\"],\"workdir\":\"/w\",\"timeout_ms\":1000}",
                        Optional.empty())),
                List.of(new Block.ToolResult("s1", Optional.of("local_shell"), List.of(new Block.Text("a.txt")), false)),
                List.of(new Block.ToolCall("n1", "mcp_github__list", "{}", Optional.empty())));
    }

    /** H1: a token Parley wrapped for the client comes back as its issuer's. */
    @Test
    void aWrappedForeignSignatureIsUnwrapped() {
        Signature anthropic = new Signature(Protocol.ANTHROPIC_MESSAGES, "sig-123");
        ChatRequest request = Requests.parse("""
                {"model":"m","input":[{"role":"user","content":"x"},
                  {"type":"reasoning","summary":[],"encrypted_content":"%s"},
                  {"role":"assistant","content":"y"}]}""".formatted(anthropic.carried()));

        assertThat(request.messages().get(1).blocks()).containsExactly(
                new Block.Thinking("", Optional.of(anthropic)), new Block.Text("y"));
    }

    @Test
    void toolsOfEveryKind() {
        ChatRequest request = Requests.codexTools();

        assertThat(request.tools()).hasSize(6);
        assertThat(request.tools().get(0)).isInstanceOfSatisfying(Tool.Function.class, f -> {
            assertThat(f.name()).isEqualTo("exec_command");
            assertThat(f.strict()).isEmpty();
        });
        assertThat(request.tools().get(1)).isEqualTo(new Tool.Custom("apply_patch", "Edit files.",
                Optional.of("{\"type\":\"grammar\",\"syntax\":\"lark\",\"definition\":\"start: /.+/\"}")));
        assertThat(request.tools().get(2).name()).isEqualTo("multi_agent_v1__spawn_agent");
        assertThat(Namespaces.isMarker(request.tools().get(3))).isTrue();
        assertThat(request.tools().get(4)).isEqualTo(LocalShell.tool());
        assertThat(request.tools().get(5)).isEqualTo(new Tool.Hosted(Protocol.OPENAI_RESPONSES, "web_search",
                "{\"type\":\"web_search\"}"));
        ClientTools declared = ClientTools.of(request);
        assertThat(declared.localShell()).isTrue();
        assertThat(declared.kind("apply_patch")).isEqualTo(ClientTools.Kind.CUSTOM);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"auto\"|Auto[]",
            "\"none\"|None[]",
            "\"required\"|Required[]",
            "{\"type\":\"function\",\"name\":\"f\"}|Named[name=f]",
            "{\"type\":\"custom\",\"name\":\"apply_patch\"}|Named[name=apply_patch]",
            "{\"type\":\"function\",\"namespace\":\"ns\",\"name\":\"f\"}|Named[name=ns__f]",
            "{\"type\":\"allowed_tools\",\"mode\":\"required\",\"tools\":[{\"type\":\"function\",\"name\":\"a\"}]}|Allowed[names=[a], required=true]",
            "{\"type\":\"web_search\"}|Auto[]"})
    void toolChoiceForms(String json, String expected) {
        ChatRequest request = Requests.parse("{\"model\":\"m\",\"input\":\"x\",\"tool_choice\":" + json + "}");

        assertThat(request.toolChoice()).hasValueSatisfying(c -> assertThat(c.toString()).isEqualTo(expected));
        assertThat(request.toolChoice().get()).isInstanceOf(ToolChoice.class);
    }

    @Test
    void reasoningAndStructuredOutput() {
        ChatRequest request = Requests.parse("""
                {"model":"m","input":"x","reasoning":{"effort":"high","summary":"detailed"},
                 "text":{"format":{"type":"json_schema","name":"out","schema":{"type":"object"},"strict":true}}}""");

        assertThat(request.reasoning()).hasValueSatisfying(r -> {
            assertThat(r.effort()).contains(Effort.HIGH);
            assertThat(r.showThoughts()).isTrue();
        });
        assertThat(request.responseFormat()).contains(new ResponseFormat.JsonSchema("out", "{\"type\":\"object\"}",
                Optional.of(true)));
    }

    /** H20: Parley keeps no state, so requests that point at stored state are refused, naming the field. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"previous_response_id\":\"resp_1\"|previous_response_id",
            "\"conversation\":\"conv_1\"|conversation",
            "\"background\":true|background",
            "\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_1\"}]|input[0].type",
            "\"input\":[{\"type\":\"compaction\",\"encrypted_content\":\"x\"}]|input[0].type"})
    void statefulRequestsAreRefused(String field, String param) {
        assertThatThrownBy(() -> Requests.parse("{\"model\":\"m\"," + field + "}"))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.param()).contains(param));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"input\":\"x\"}|model",
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"file_id\":\"file-1\"}]}]}|input[0].content[0].file_id",
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]}|input[0].content[0].type",
            "{\"model\":\"m\",\"input\":[{\"role\":\"robot\",\"content\":\"x\"}]}|input[0].role",
            "{\"model\":\"m\",\"input\":[{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":\"{}\"}]}|input[0].call_id",
            "{\"model\":\"m\",\"input\":42}|input",
            "{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":\"lots\"}|max_output_tokens",
            "{\"model\":\"m\",\"input\":\"x\",\"reasoning\":{\"effort\":\"maximal\"}}|reasoning.effort",
            "{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"function\"}]}|tools[0].name"})
    void invalidRequestsNameTheField(String body, String param) {
        assertThatThrownBy(() -> Requests.parse(body))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.param()).contains(param));
    }

    @Test
    void aFileBecomesADocument() {
        ChatRequest request = Requests.parse("""
                {"model":"m","input":[{"role":"user","content":[
                  {"type":"input_file","filename":"a.pdf","file_data":"data:application/pdf;base64,JVBE"},
                  {"type":"input_file","file_url":"https://x.test/b.pdf"}]}]}""");

        assertThat(request.messages().getFirst().blocks()).containsExactly(
                new Block.Document(new Media.Base64("application/pdf", "JVBE"), Optional.of("a.pdf")),
                new Block.Document(new Media.Url("https://x.test/b.pdf", Optional.empty()), Optional.empty()));
    }
}
