package dev.parley.core.codec.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.UpstreamCall;
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
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** What Parley sends a Gemini upstream. */
class RequestWriterTest {

    private final GeminiCodec codec = new GeminiCodec();

    @Test
    void pathNamesTheModelAndTheMethod() {
        ChatRequest request = ChatRequest.builder("alias").messages(List.of(Message.user("hi"))).build();

        assertThat(codec.writeRequest(request, "gemini-2.5-pro").path()).isEqualTo("/v1beta/models/gemini-2.5-pro:generateContent");
        assertThat(codec.writeRequest(request.toBuilder().stream(true).build(), "models/gemini-2.5-pro").path())
                .isEqualTo("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
    }

    @Test
    void systemPromptAndMedia() {
        ChatRequest request = ChatRequest.builder("m").system(List.of(new Block.Text("Be brief."), new Block.Text("Really.")))
                .messages(List.of(new Message(Role.USER, List.of(new Block.Text("Look:"),
                        new Block.Image(new Media.Base64("image/png", "iVBO")),
                        new Block.Image(new Media.Url("https://example.com/cat.jpg", Optional.empty())),
                        new Block.Document(new Media.Base64("application/pdf", "JVBE"), Optional.of("a.pdf"))))))
                .build();

        JsonNode body = body(request, "gemini-2.5-flash");

        assertThat(body.path("systemInstruction").toString())
                .isEqualTo("{\"parts\":[{\"text\":\"Be brief.\"},{\"text\":\"Really.\"}]}");
        assertThat(body.at("/contents/0/parts").toString()).isEqualTo("[{\"text\":\"Look:\"},"
                + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBO\"}},"
                + "{\"fileData\":{\"fileUri\":\"https://example.com/cat.jpg\"}},"
                + "{\"inlineData\":{\"mimeType\":\"application/pdf\",\"data\":\"JVBE\"}}]");
    }

    @Test
    void toolResultsWithImagesAndErrors() {
        ChatRequest request = ChatRequest.builder("m").messages(List.of(Message.user("go"),
                new Message(Role.ASSISTANT, List.of(new Block.ToolCall("a", "shot", "{\"x\":1}", Optional.empty()),
                        new Block.ToolCall("b", "read", "not json", Optional.empty()))),
                new Message(Role.USER, List.of(
                        new Block.ToolResult("a", Optional.empty(), List.of(new Block.Text("taken"),
                                new Block.Image(new Media.Base64("image/png", "AAAA"))), false),
                        new Block.ToolResult("b", Optional.empty(), List.of(new Block.Text("denied")), true)))))
                .build();

        JsonNode contents = body(request, "gemini-2.5-flash").get("contents");

        assertThat(contents.at("/1/parts/0/functionCall").toString()).isEqualTo("{\"name\":\"shot\",\"args\":{\"x\":1}}");
        // Truncated arguments stay readable rather than lost.
        assertThat(contents.at("/1/parts/1/functionCall/args").toString()).isEqualTo("{\"_raw\":\"not json\"}");
        assertThat(contents.at("/2/parts/0").toString()).isEqualTo("{\"functionResponse\":{\"name\":\"shot\","
                + "\"response\":{\"output\":\"taken\"},\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"AAAA\"}}]}}");
        assertThat(contents.at("/2/parts/1").toString())
                .isEqualTo("{\"functionResponse\":{\"name\":\"read\",\"response\":{\"error\":\"denied\"}}}");
    }

    @Test
    void customToolsAreFunctionsTakingTheirInputAsAString() {
        ChatRequest request = ChatRequest.builder("m").messages(List.of(Message.user("hi"))).tools(List.of(
                new Tool.Custom("apply_patch", "Patch files.",
                        Optional.of("{\"type\":\"grammar\",\"syntax\":\"lark\",\"definition\":\"start: line+\"}")))).build();

        JsonNode declaration = body(request, "gemini-2.5-pro").at("/tools/0/functionDeclarations/0");

        assertThat(declaration.path("name").asString()).isEqualTo("apply_patch");
        assertThat(declaration.path("description").asString()).startsWith("Patch files.").contains("start: line+");
        assertThat(declaration.path("parametersJsonSchema")).isEqualTo(Json.parse(Tool.Custom.INPUT_SCHEMA, "s"));
    }

    @Test
    void aChoiceAmongSomeToolsDeclaresOnlyThose() {
        Tool.Function a = new Tool.Function("a", "", "{\"type\":\"object\",\"properties\":{\"x\":{}}}", Optional.empty());
        Tool.Function b = new Tool.Function("b", "", "{\"type\":\"object\",\"properties\":{\"x\":{}}}", Optional.empty());
        ChatRequest request = ChatRequest.builder("m").messages(List.of(Message.user("hi"))).tools(List.of(a, b))
                .toolChoice(new ToolChoice.Allowed(List.of("b"), false)).build();

        JsonNode body = body(request, "gemini-2.5-pro");

        assertThat(body.at("/tools/0/functionDeclarations")).hasSize(1);
        assertThat(body.at("/tools/0/functionDeclarations/0/name").asString()).isEqualTo("b");
        assertThat(body.at("/toolConfig/functionCallingConfig").toString()).isEqualTo("{\"mode\":\"AUTO\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gemini-3-pro-preview|HIGH||{\"thinkingLevel\":\"HIGH\"}",
            "gemini-3-flash-preview|NONE||{\"thinkingLevel\":\"MINIMAL\"}",
            "gemini-3-flash-preview||31999|{\"thinkingLevel\":\"HIGH\"}",
            "gemini-2.5-pro|NONE||{\"thinkingBudget\":128}",
            "gemini-2.5-flash|NONE||{\"thinkingBudget\":0}",
            "gemini-2.5-flash|MAX||{\"thinkingBudget\":24576}",
            "gemini-2.5-flash|LOW|3000|{\"thinkingBudget\":3000}",
            "gemini-2.5-pro|MEDIUM||{\"thinkingBudget\":8192}"})
    void reasoningIsALevelForGemini3AndABudgetBefore(String model, String effort, Integer budget, String expected) {
        Reasoning reasoning = new Reasoning(Optional.ofNullable(effort).map(Effort::valueOf),
                budget == null ? OptionalInt.empty() : OptionalInt.of(budget), false);
        ChatRequest request = ChatRequest.builder("m").messages(List.of(Message.user("hi"))).reasoning(reasoning).build();

        assertThat(body(request, model).at("/generationConfig/thinkingConfig").toString()).isEqualTo(expected);
    }

    @Test
    void askingOnlyToSeeThoughtsLeavesTheAmountToTheModel() {
        ChatRequest request = ChatRequest.builder("m").messages(List.of(Message.user("hi")))
                .reasoning(new Reasoning(Optional.empty(), OptionalInt.empty(), true)).build();

        assertThat(body(request, "gemini-2.5-pro").at("/generationConfig/thinkingConfig").toString())
                .isEqualTo("{\"includeThoughts\":true}");
    }

    @Test
    void generationConfigFields() {
        ChatRequest request = ChatRequest.builder("m").messages(List.of(Message.user("hi"))).temperature(0.3).topK(20)
                .maxOutputTokens(2048).seed(42).user("u-1").cacheKey("k")
                .responseFormat(new ResponseFormat.JsonSchema("out", "{\"$schema\":\"x\",\"type\":\"object\"}", Optional.of(true)))
                .build();

        JsonNode body = body(request, "gemini-2.5-pro");

        assertThat(body.path("generationConfig").toString()).isEqualTo("{\"temperature\":0.3,\"topK\":20,"
                + "\"maxOutputTokens\":2048,\"seed\":42,\"responseMimeType\":\"application/json\","
                + "\"responseJsonSchema\":{\"type\":\"object\"}}");
        assertThat(body.toString()).doesNotContain("u-1");
    }

    private JsonNode body(ChatRequest request, String model) {
        UpstreamCall call = codec.writeRequest(request, model);
        return Json.MAPPER.readTree(call.body());
    }
}
