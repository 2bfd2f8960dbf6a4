package dev.parley.core.codec.gemini;

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
import dev.parley.core.model.ResponseFormat;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Parley reads from a Gemini client's {@code generateContent} body. */
class RequestReaderTest {

    private final GeminiCodec codec = new GeminiCodec();

    @Test
    void modelAndStreamingComeFromThePath() {
        ChatRequest request = parse("models/gemini-2.5-pro", true, """
                {"contents":[{"parts":[{"text":"hi"}]}]}""");

        assertThat(request.model()).isEqualTo("gemini-2.5-pro");
        assertThat(request.stream()).isTrue();
        assertThat(request.messages()).containsExactly(Message.user("hi"));
    }

    @Test
    void partsBecomeBlocks() {
        ChatRequest request = parse("""
                {"systemInstruction":{"parts":[{"text":"Be brief."},{"text":""}]},
                 "contents":[{"role":"user","parts":[{"text":"What is this?"},
                    {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},
                    {"inlineData":{"mimeType":"application/pdf","data":"JVBERi0=","displayName":"spec.pdf"}},
                    {"fileData":{"mimeType":"video/mp4","fileUri":"https://generativelanguage.googleapis.com/v1beta/files/abc"}},
                    {"text":""}]},
                  {"role":"model","parts":[{"text":"Let me see.","thought":true,"thoughtSignature":"c2ln"},
                    {"text":"A harbour."},{"executableCode":{"language":"PYTHON","code":"print(1)"}}]}]}""");

        assertThat(request.system()).containsExactly(new Block.Text("Be brief."));
        assertThat(request.messages().getFirst().blocks()).containsExactly(
                new Block.Text("What is this?"),
                new Block.Image(new Media.Base64("image/png", "iVBORw0KGgo=")),
                new Block.Document(new Media.Base64("application/pdf", "JVBERi0="), Optional.of("spec.pdf")),
                new Block.Document(new Media.Url("https://generativelanguage.googleapis.com/v1beta/files/abc",
                        Optional.of("video/mp4")), Optional.empty()));
        assertThat(request.messages().get(1).blocks()).containsExactly(
                new Block.Thinking("Let me see.", Optional.of(new Signature(Protocol.GEMINI, "c2ln"))),
                new Block.Text("A harbour."));
    }

    @Test
    void aSignatureOnVisibleTextFollowsItAsAnEmptyReasoningBlock() {
        ChatRequest request = parse("""
                {"contents":[{"parts":[{"text":"hi"}]},
                  {"role":"model","parts":[{"text":"Hello","thoughtSignature":"c2ln"}]},
                  {"parts":[{"text":"again"}]}]}""");

        assertThat(request.messages().get(1).blocks()).containsExactly(new Block.Text("Hello"),
                new Block.Thinking("", Optional.of(new Signature(Protocol.GEMINI, "c2ln"))));
    }

    @Test
    void functionResponsesBecomeToolResults() {
        ChatRequest request = parse("""
                {"contents":[{"parts":[{"text":"go"}]},
                  {"role":"model","parts":[{"functionCall":{"id":"a","name":"read","args":{"p":1}}},
                                           {"functionCall":{"id":"b","name":"shot","args":{}}},
                                           {"functionCall":{"id":"c","name":"json","args":{}}}]},
                  {"role":"user","parts":[
                    {"functionResponse":{"id":"a","name":"read","response":{"error":"no such file"}}},
                    {"functionResponse":{"id":"b","name":"shot","response":{"output":"taken"},
                       "parts":[{"inlineData":{"mimeType":"image/png","data":"AAAA"}}]}},
                    {"functionResponse":{"id":"c","name":"json","response":{"rows":[1,2]}}},
                    {"inlineData":{"mimeType":"image/jpeg","data":"BBBB"}},
                    {"text":"and this"},
                    {"inlineData":{"mimeType":"image/gif","data":"CCCC"}}]}]}""");

        List<Block> blocks = request.messages().get(2).blocks();
        assertThat(blocks).containsExactly(
                new Block.ToolResult("a", Optional.of("read"), List.of(new Block.Text("no such file")), true),
                new Block.ToolResult("b", Optional.of("shot"), List.of(new Block.Text("taken"),
                        new Block.Image(new Media.Base64("image/png", "AAAA"))), false),
                // Older models take tool images as sibling parts right after the response.
                new Block.ToolResult("c", Optional.of("json"), List.of(new Block.Text("{\"rows\":[1,2]}"),
                        new Block.Image(new Media.Base64("image/jpeg", "BBBB"))), false),
                new Block.Text("and this"),
                new Block.Image(new Media.Base64("image/gif", "CCCC")));
    }

    @Test
    void toolsAndHostedTools() {
        ChatRequest request = parse("""
                {"contents":[{"parts":[{"text":"hi"}]}],
                 "tools":[{"functionDeclarations":[
                     {"name":"get_weather","description":"Weather.","parametersJsonSchema":{"type":"object",
                        "properties":{"city":{"type":"string"}},"required":["city"]}},
                     {"name":"now"}]},
                   {"googleSearch":{}},{"urlContext":{}},{"codeExecution":{}}]}""");

        assertThat(request.tools()).containsExactly(
                new Tool.Function("get_weather", "Weather.",
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}",
                        Optional.empty()),
                new Tool.Function("now", "", "{\"type\":\"object\",\"properties\":{}}", Optional.empty()),
                new Tool.Hosted(Protocol.GEMINI, "googleSearch", "{\"googleSearch\":{}}"),
                new Tool.Hosted(Protocol.GEMINI, "urlContext", "{\"urlContext\":{}}"),
                new Tool.Hosted(Protocol.GEMINI, "codeExecution", "{\"codeExecution\":{}}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"mode\":\"AUTO\"}|Auto[]",
            "{\"mode\":\"NONE\"}|None[]",
            "{\"mode\":\"ANY\"}|Required[]",
            "{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"a\"]}|Named[name=a]",
            "{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"a\",\"b\"]}|Allowed[names=[a, b], required=true]",
            "{\"mode\":\"AUTO\",\"allowedFunctionNames\":[\"a\"]}|Allowed[names=[a], required=false]",
            "{\"mode\":\"VALIDATED\"}|Auto[]"})
    void functionCallingConfigIsAToolChoice(String config, String choice) {
        ChatRequest request = parse("{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],"
                + "\"toolConfig\":{\"functionCallingConfig\":" + config + "}}");

        assertThat(request.toolChoice()).map(ToolChoice::toString).contains(choice);
    }

    @Test
    void generationConfig() {
        ChatRequest request = parse("""
                {"contents":[{"parts":[{"text":"hi"}]}],
                 "generationConfig":{"temperature":0.2,"topP":0.9,"topK":40.0,"maxOutputTokens":1024,
                   "stopSequences":["END"],"seed":7,"candidateCount":1,"presencePenalty":0.5,
                   "responseMimeType":"application/json",
                   "responseSchema":{"type":"OBJECT","properties":{"n":{"type":"INTEGER","nullable":true}}},
                   "thinkingConfig":{"thinkingBudget":-1}}}""");

        assertThat(request.temperature()).hasValue(0.2);
        assertThat(request.topP()).hasValue(0.9);
        assertThat(request.topK()).hasValue(40);
        assertThat(request.maxOutputTokens()).hasValue(1024);
        assertThat(request.stop()).containsExactly("END");
        assertThat(request.seed()).hasValue(7);
        assertThat(request.responseFormat()).contains(new ResponseFormat.JsonSchema("response",
                "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":[\"integer\",\"null\"]}}}", Optional.empty()));
        // "Dynamic" thinking stands for a medium effort.
        assertThat(request.reasoning()).get().satisfies(r -> {
            assertThat(r.effort()).contains(Effort.MEDIUM);
            assertThat(r.budgetTokens()).isEmpty();
            assertThat(r.showThoughts()).isFalse();
        });
    }

    @Test
    void aThinkingBudgetIsKeptExactly() {
        ChatRequest request = parse("""
                {"contents":[{"parts":[{"text":"hi"}]}],
                 "generationConfig":{"thinkingConfig":{"includeThoughts":true,"thinkingBudget":8192}}}""");

        assertThat(request.reasoning()).get().satisfies(r -> {
            assertThat(r.budgetTokens()).hasValue(8192);
            assertThat(r.level()).isEqualTo(Effort.MEDIUM);
            assertThat(r.showThoughts()).isTrue();
        });
    }

    @Test
    void jsonWithoutSchemaIsAJsonObjectFormat() {
        ChatRequest request = parse("""
                {"contents":[{"parts":[{"text":"hi"}]}],"generationConfig":{"responseMimeType":"application/json"}}""");

        assertThat(request.responseFormat()).contains(new ResponseFormat.JsonObject());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json|The body is not valid JSON",
            "[]|The body must be a JSON object.",
            "{}|contents: required",
            "{\"contents\":{}}|contents: expected an array",
            "{\"contents\":[{\"role\":\"system\",\"parts\":[]}]}|contents[0].role: expected \"user\" or \"model\"",
            "{\"contents\":[{\"parts\":[\"hi\"]}]}|contents[0].parts[0]: expected an object",
            "{\"contents\":[{\"parts\":[{\"text\":1}]}]}|contents[0].parts[0].text: expected a string",
            "{\"contents\":[{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"args\":{}}}]}]}|contents[0].parts[0].functionCall.name: required",
            "{\"contents\":[{\"parts\":[{\"inlineData\":{\"data\":\"AA\"}}]}]}|contents[0].parts[0].inlineData.mimeType: required",
            "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":{\"topK\":1.5}}|generationConfig.topK: expected an integer",
            "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":{\"thinkingConfig\":{\"thinkingLevel\":\"ULTRA\"}}}|generationConfig.thinkingConfig.thinkingLevel: expected",
            "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"SOMETIMES\"}}}|toolConfig.functionCallingConfig.mode: expected",
            "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],\"tools\":[{\"functionDeclarations\":[{\"description\":\"x\"}]}]}|tools[0].functionDeclarations[0].name: required"})
    void anInvalidBodyNamesTheField(String body, String message) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(CodecException.class).hasMessageStartingWith(message);
    }

    @Test
    void theModelMustBeInThePath() {
        assertThatThrownBy(() -> codec.parseRequest(bytes("{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}"),
                RequestTarget.BODY)).isInstanceOf(CodecException.class).hasMessageStartingWith("model:");
    }

    @Test
    void h24MoreThanOneCandidateIsRefused() {
        assertThatThrownBy(() -> parse("""
                {"contents":[{"parts":[{"text":"hi"}]}],"generationConfig":{"candidateCount":2}}"""))
                .isInstanceOf(CodecException.class).hasMessageStartingWith("generationConfig.candidateCount:");
    }

    @Test
    void twoUserContentsInARowStayTwoMessages() {
        ChatRequest request = parse("{\"contents\":[{\"parts\":[{\"text\":\"a\"}]},{\"parts\":[{\"text\":\"b\"}]}]}");

        assertThat(request.messages()).extracting(Message::role).containsExactly(Role.USER, Role.USER);
    }

    private ChatRequest parse(String body) {
        return parse("gemini-2.5-flash", false, body);
    }

    private ChatRequest parse(String model, boolean stream, String body) {
        return codec.parseRequest(bytes(body), new RequestTarget(Optional.of(model), stream));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String json(byte[] body) {
        return Json.MAPPER.readTree(body).toString();
    }
}
