package dev.parley.core.codec.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Effort;
import dev.parley.core.model.Media;
import dev.parley.core.model.Message;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.ResponseFormat;
import dev.parley.core.model.Role;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** parseRequest: what a Chat client may send, and the 400s for what it may not. */
class RequestReaderTest {

    private static ChatRequest parse(String json) {
        return Fixtures.CODEC.parseRequest(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8), RequestTarget.BODY);
    }

    private static String body(String messages, String extra) {
        return "{'model':'m','messages':" + messages + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{'messages':[{'role':'user','content':'hi'}]}                       | model: is required",
            "{'model':'m'}                                                      | messages: is required",
            "{'model':'m','messages':[]}                                         | messages: expected at least one message",
            "{'model':'m','messages':[{'role':'user','content':'hi'}],'n':2}     | n: only n=1 is supported",
            "{'model':'m','messages':[{'role':'robot','content':'hi'}]}          | messages[0].role: unknown role 'robot'",
            "{'model':'m','messages':[{'role':'user','content':42}]}             | messages[0].content: expected a string or an array",
            "{'model':'m','messages':[{'role':'user','content':[{'type':'input_audio','input_audio':{'data':'AA','format':'wav'}}]}]} | messages[0].content[0]: audio input is not supported",
            "{'model':'m','messages':[{'role':'user','content':[{'type':'file','file':{'file_id':'file-1'}}]}]} | messages[0].content[0].file.file_id: file ids are not supported",
            "{'model':'m','messages':[{'role':'tool','content':'x'}]}            | messages[0].tool_call_id: is required",
            "{'model':'m','messages':[{'role':'user','content':'hi'}],'stop':3}  | stop: expected a string or an array of strings",
            "{'model':'m','messages':[{'role':'user','content':'hi'}],'reasoning_effort':'huge'} | reasoning_effort: expected one of",
            "{'model':'m','messages':[{'role':'user','content':'hi'}],'temperature':'hot'} | temperature: expected a number",
            "{'model':'m','messages':[{'role':'user','content':'hi'}],'tool_choice':'sometimes'} | tool_choice: expected auto, none, required",
            "{'model':'m','messages':[{'role':'assistant','tool_calls':[{'type':'function','function':{'name':'f'}}]}]} | messages[0].tool_calls[0].id: is required",
            "[1,2]                                                              | The body must be a JSON object."})
    void invalidRequestsNameTheField(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(CodecException.class).hasMessageContaining(message.strip());
    }

    @Test
    void leadingSystemAndDeveloperAreLiftedLaterOnesKeepTheirPlace() { // H16
        ChatRequest request = parse(body("[{'role':'developer','content':'A'},{'role':'system','content':[{'type':'text','text':'B'}]},"
                + "{'role':'user','content':'hi'},{'role':'system','content':'C'}]", ""));

        assertThat(request.system()).containsExactly(new Block.Text("A"), new Block.Text("B"));
        assertThat(request.messages()).containsExactly(Message.user("hi"),
                new Message(Role.SYSTEM, List.of(new Block.Text("C"))));
    }

    @Test
    void toolMessagesAndTheFollowingUserMessageBecomeOneUserMessage() { // H2
        ChatRequest request = parse(body("[{'role':'user','content':'go'},"
                + "{'role':'assistant','content':null,'tool_calls':[{'id':'c1','type':'function','function':{'name':'f','arguments':'{}'}},"
                + "{'id':'c2','type':'function','function':{'name':'g','arguments':''}}]},"
                + "{'role':'tool','tool_call_id':'c1','content':'one'},{'role':'tool','tool_call_id':'c2','content':[{'type':'text','text':'two'}]},"
                + "{'role':'user','content':'and?'},{'role':'user','content':'separate'}]", ""));

        assertThat(request.messages()).hasSize(4);
        assertThat(request.messages().get(1).blocks()).containsExactly(
                new Block.ToolCall("c1", "f", "{}", Optional.empty()), new Block.ToolCall("c2", "g", "{}", Optional.empty()));
        assertThat(request.messages().get(2)).isEqualTo(new Message(Role.USER, List.of(
                new Block.ToolResult("c1", Optional.of("f"), List.of(new Block.Text("one")), false),
                new Block.ToolResult("c2", Optional.of("g"), List.of(new Block.Text("two")), false),
                new Block.Text("and?"))));
        assertThat(request.messages().get(3)).isEqualTo(Message.user("separate"));
    }

    @Test
    void parleysOwnImageMessageFoldsBackIntoTheToolResult() { // H3
        ChatRequest request = parse(body("[{'role':'assistant','tool_calls':[{'id':'c1','type':'function','function':{'name':'shot','arguments':'{}'}}]},"
                + "{'role':'tool','tool_call_id':'c1','content':'see image'},"
                + "{'role':'user','content':[{'type':'text','text':'Images returned by tool call c1:'},"
                + "{'type':'image_url','image_url':{'url':'data:image/png;base64,AAAA'}}]},"
                + "{'role':'user','content':'What do you see?'}]", ""));

        assertThat(request.messages().get(1)).isEqualTo(new Message(Role.USER, List.of(
                new Block.ToolResult("c1", Optional.of("shot"), List.of(new Block.Text("see image"),
                        new Block.Image(new Media.Base64("image/png", "AAAA"))), false),
                new Block.Text("What do you see?"))));
    }

    @Test
    void aUserImageMessageWithoutTheMarkerStaysUserContent() {
        ChatRequest request = parse(body("[{'role':'assistant','tool_calls':[{'id':'c1','type':'function','function':{'name':'f','arguments':'{}'}}]},"
                + "{'role':'tool','tool_call_id':'c1','content':'done'},"
                + "{'role':'user','content':[{'type':'image_url','image_url':{'url':'https://x/y.png'}}]}]", ""));

        assertThat(request.messages().get(1).blocks()).hasSize(2)
                .last().isEqualTo(new Block.Image(new Media.Url("https://x/y.png", Optional.empty())));
    }

    @Test
    void assistantHistoryKeepsReasoningRefusalAndCustomCalls() {
        ChatRequest request = parse(body("[{'role':'assistant','reasoning_content':'think','content':[{'type':'text','text':'a'},"
                + "{'type':'refusal','refusal':'no'}],'tool_calls':[{'id':'c1','type':'custom','custom':{'name':'apply_patch','input':'*** Begin'}}]},"
                + "{'role':'assistant','reasoning':'openrouter style','content':'','refusal':'I cannot.'}]", ""));

        assertThat(request.messages().get(0).blocks()).containsExactly(
                new Block.Thinking("think", Optional.empty()), new Block.Text("a"), new Block.Text("no"),
                new Block.ToolCall("c1", "apply_patch", "{\"input\":\"*** Begin\"}", Optional.empty()));
        assertThat(request.messages().get(1).blocks()).containsExactly(
                new Block.Thinking("openrouter style", Optional.empty()), new Block.Text("I cannot."));
    }

    @Test
    void userPartsBecomeBlocks() {
        ChatRequest request = parse(body("[{'role':'user','content':[{'type':'text','text':'t','prompt_cache_breakpoint':{'mode':'explicit'}},"
                + "{'type':'image_url','image_url':'https://x/i.png'},"
                + "{'type':'file','file':{'file_data':'data:application/pdf;base64,JVBE','filename':'a.pdf'}},"
                + "{'type':'file','file':{'file_data':'JVBE'}}]}]", ""));

        assertThat(request.messages().getFirst().blocks()).containsExactly(
                new Block.Text("t", true),
                new Block.Image(new Media.Url("https://x/i.png", Optional.empty())),
                new Block.Document(new Media.Base64("application/pdf", "JVBE"), Optional.of("a.pdf")),
                new Block.Document(new Media.Base64("application/pdf", "JVBE"), Optional.empty()));
    }

    @Test
    void scalarOptions() {
        ChatRequest request = parse(body("[{'role':'user','content':'hi'}]", "'max_tokens':100,'temperature':0.5,'top_p':0.9,"
                + "'stop':'END','reasoning_effort':'minimal','user':'u1','safety_identifier':'s1','prompt_cache_key':'k',"
                + "'seed':42,'stream':true,'stream_options':{'include_usage':true},'parallel_tool_calls':false,'n':1"));

        assertThat(request.maxOutputTokens()).hasValue(100);
        assertThat(request.temperature()).hasValue(0.5);
        assertThat(request.topP()).hasValue(0.9);
        assertThat(request.stop()).containsExactly("END");
        assertThat(request.reasoning()).contains(Reasoning.ofEffort(Effort.MINIMAL));
        assertThat(request.user()).contains("s1");
        assertThat(request.cacheKey()).contains("k");
        assertThat(request.seed()).hasValue(42);
        assertThat(request.stream()).isTrue();
        assertThat(request.streamUsage()).isTrue();
        assertThat(request.parallelToolCalls()).contains(false);
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        assertThat(parse(body("[{'role':'user','content':'hi'}]", "'max_tokens':100,'max_completion_tokens':200")).maxOutputTokens())
                .hasValue(200);
    }

    @Test
    void toolsAndEveryToolChoiceForm() {
        String tools = "'tools':[{'type':'function','function':{'name':'f'}},"
                + "{'type':'custom','custom':{'name':'p','description':'patch','format':{'type':'text'}}},"
                + "{'type':'web_search_preview'}]";
        String messages = "[{'role':'user','content':'hi'}]";

        ChatRequest request = parse(body(messages, tools));
        assertThat(request.tools()).containsExactly(
                new Tool.Function("f", "", ToolReader.NO_PARAMETERS, Optional.empty()),
                new Tool.Custom("p", "patch", Optional.of("{\"type\":\"text\"}")),
                new Tool.Hosted(dev.parley.core.protocol.Protocol.OPENAI_CHAT, "web_search_preview", "{\"type\":\"web_search_preview\"}"));

        assertThat(parse(body(messages, tools + ",'tool_choice':'required'")).toolChoice()).contains(new ToolChoice.Required());
        assertThat(parse(body(messages, tools + ",'tool_choice':{'type':'function','function':{'name':'f'}}")).toolChoice())
                .contains(new ToolChoice.Named("f"));
        assertThat(parse(body(messages, tools + ",'tool_choice':{'type':'custom','custom':{'name':'p'}}")).toolChoice())
                .contains(new ToolChoice.Named("p"));
        assertThat(parse(body(messages, tools + ",'tool_choice':{'type':'allowed_tools','allowed_tools':{'mode':'auto',"
                + "'tools':[{'type':'function','function':{'name':'f'}},{'type':'custom','custom':{'name':'p'}}]}}")).toolChoice())
                .contains(new ToolChoice.Allowed(List.of("f", "p"), false));
    }

    @Test
    void legacyFunctionsBecomeTools() {
        ChatRequest request = parse(body("[{'role':'user','content':'hi'}]",
                "'functions':[{'name':'f','parameters':{'type':'object','properties':{}}}],'function_call':'auto'"));

        assertThat(request.tools()).extracting(Tool::name).containsExactly("f");
        assertThat(request.toolChoice()).contains(new ToolChoice.Auto());
    }

    @Test
    void responseFormats() {
        String messages = "[{'role':'user','content':'hi'}]";
        assertThat(parse(body(messages, "'response_format':{'type':'json_object'}")).responseFormat())
                .contains(new ResponseFormat.JsonObject());
        assertThat(parse(body(messages, "'response_format':{'type':'json_schema','json_schema':{'name':'x','schema':{'type':'object'},'strict':true}}"))
                .responseFormat()).contains(new ResponseFormat.JsonSchema("x", "{\"type\":\"object\"}", Optional.of(true)));
    }
}
