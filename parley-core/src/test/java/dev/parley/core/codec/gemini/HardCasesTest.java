package dev.parley.core.codec.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.codec.ToolNames;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Message;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.ResponseEvents;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The hard cases of spec section 9 that touch Gemini, each named by its number. */
class HardCasesTest {

    private static final Signature ANTHROPIC = new Signature(Protocol.ANTHROPIC_MESSAGES, "EqQBCkYIBRgCKkA");
    private static final Signature GEMINI = new Signature(Protocol.GEMINI, "CiQBGeminiSig");

    private final GeminiCodec codec = new GeminiCodec();

    @Test
    void h1ForeignReasoningIsDroppedAndTheActiveLoopGetsTheSkipToken() {
        ChatRequest request = conversation(
                Message.user("first question"),
                new Message(Role.ASSISTANT, List.of(new Block.Thinking("old plan", Optional.of(ANTHROPIC)),
                        call("c0", "ls", ANTHROPIC))),
                new Message(Role.USER, List.of(result("c0", "ls", "a.txt"))),
                Message.assistant("done"),
                Message.user("second question"),
                new Message(Role.ASSISTANT, List.of(new Block.Thinking("plan", Optional.of(ANTHROPIC)),
                        new Block.Text("Looking."), call("c1", "ls", ANTHROPIC), call("c2", "cat", ANTHROPIC))),
                new Message(Role.USER, List.of(result("c1", "ls", "b.txt"), result("c2", "cat", "hi"))),
                new Message(Role.ASSISTANT, List.of(call("c3", "rm", GEMINI))),
                new Message(Role.USER, List.of(result("c3", "rm", "ok"))));

        JsonNode contents = body(request).get("contents");

        String text = contents.toString();
        assertThat(text).doesNotContain("plan").doesNotContain(ANTHROPIC.value());
        // Before the user's last question: no token needed, none invented.
        assertThat(contents.get(1).path("parts").get(0).has("thoughtSignature")).isFalse();
        // In the active loop: the first call of a model turn without a valid signature gets the skip token...
        JsonNode loopTurn = contents.get(5).path("parts");
        assertThat(loopTurn.get(0).path("text").asString()).isEqualTo("Looking.");
        assertThat(loopTurn.get(1).path("thoughtSignature").asString()).isEqualTo("skip_thought_signature_validator");
        assertThat(loopTurn.get(2).has("thoughtSignature")).isFalse();
        // ...and Gemini's own signature goes back untouched.
        assertThat(contents.get(7).path("parts").get(0).path("thoughtSignature").asString()).isEqualTo(GEMINI.value());
    }

    @Test
    void h1ForeignSignaturesTravelWrappedWithTheirThoughtsAndCallsAndComeBackUnwrapped() {
        ChatResponse response = new ChatResponse("r1", "claude", List.of(
                new Block.Thinking("Let me think.", Optional.of(ANTHROPIC)), new Block.Text("Answer."),
                call("toolu_1", "ls", ANTHROPIC)), FinishReason.TOOL_CALLS, Optional.empty(), TokenUsage.NONE);

        JsonNode parts = Json.MAPPER.readTree(codec.writeResponse(response, client(true))).at("/candidates/0/content/parts");

        String wrapped = ANTHROPIC.forClient(Protocol.GEMINI);
        assertThat(wrapped).startsWith("parley1:anthropic-messages:");
        assertThat(parts.get(0).toString()).isEqualTo(
                "{\"text\":\"Let me think.\",\"thought\":true,\"thoughtSignature\":\"" + wrapped + "\"}");
        assertThat(parts.get(1).toString()).isEqualTo("{\"text\":\"Answer.\"}");
        assertThat(parts.get(2).path("thoughtSignature").asString()).isEqualTo(wrapped);

        String streamed = stream(response, client(true));
        assertThat(streamed).contains("{\"text\":\"Let me think.\",\"thought\":true,\"thoughtSignature\":\"" + wrapped + "\"}");

        String replay = "{\"contents\":[{\"parts\":[{\"text\":\"q\"}]},{\"role\":\"model\",\"parts\":" + parts + "}]}";
        ChatRequest back = codec.parseRequest(replay.getBytes(StandardCharsets.UTF_8),
                new RequestTarget(Optional.of("m"), false));
        assertThat(back.messages().get(1).blocks()).containsExactly(response.content().toArray(Block[]::new));
    }

    @Test
    void h1AForeignSignatureWithoutItsThoughtIsNotSentToAGeminiClient() {
        ChatResponse response = new ChatResponse("r1", "claude", List.of(
                new Block.Thinking("Hidden.", Optional.of(ANTHROPIC)), new Block.RedactedThinking(ANTHROPIC),
                new Block.Text("Answer.")), FinishReason.END_TURN, Optional.empty(), TokenUsage.NONE);

        String answer = new String(codec.writeResponse(response, client(false)), StandardCharsets.UTF_8);
        String streamed = stream(response, client(false));

        // Without the text it was made for, the token is useless, and an empty part would void the turn.
        assertThat(answer).doesNotContain("thoughtSignature").doesNotContain("Hidden");
        assertThat(streamed).doesNotContain("thoughtSignature").doesNotContain("Hidden").doesNotContain("\"text\":\"\"");
    }

    @Test
    void h1GeminiSignaturesGoBackToGeminiOnThePartsTheyCameWith() {
        String model = """
                [{"text":"plan","thought":true,"thoughtSignature":"A"},{"text":"Hi","thoughtSignature":"B"},
                 {"functionCall":{"name":"ls","args":{}},"thoughtSignature":"C"},{"functionCall":{"name":"cat","args":{}}}]""";
        ChatRequest request = parse("{\"contents\":[{\"parts\":[{\"text\":\"go\"}]},{\"role\":\"model\",\"parts\":"
                + model + "}]}");

        JsonNode parts = body(request).at("/contents/1/parts");

        assertThat(parts).isEqualTo(Json.parse(model, "model"));
    }

    @Test
    void h2ResponsesFollowCallOrderAndEveryCallIsAnswered() {
        ChatRequest request = conversation(
                Message.user("go"),
                new Message(Role.ASSISTANT, List.of(call("a", "one", GEMINI), call("b", "two", GEMINI),
                        call("c", "three", GEMINI))),
                new Message(Role.USER, List.of(result("c", "three", "3"), result("zz", "ghost", "orphan"),
                        result("a", "one", "1"))),
                Message.user("and then?"));

        JsonNode contents = body(request).get("contents");

        assertThat(contents).hasSize(3);
        JsonNode answers = contents.get(2).path("parts");
        assertThat(answers).hasSize(4);
        assertThat(answers.get(0).at("/functionResponse/name").asString()).isEqualTo("one");
        assertThat(answers.get(0).at("/functionResponse/response/output").asString()).isEqualTo("1");
        assertThat(answers.get(1).at("/functionResponse/name").asString()).isEqualTo("two");
        assertThat(answers.get(1).at("/functionResponse/response/error").asString()).isEqualTo(ContentsWriter.INTERRUPTED);
        assertThat(answers.get(2).at("/functionResponse/response/output").asString()).isEqualTo("3");
        // The user's text merges into the same turn, after the responses.
        assertThat(answers.get(3).path("text").asString()).isEqualTo("and then?");
        assertThat(contents.toString()).doesNotContain("orphan");
    }

    @Test
    void h2AModelTurnAfterUnansweredCallsGetsThemAnsweredFirst() {
        ChatRequest request = conversation(Message.user("go"),
                new Message(Role.ASSISTANT, List.of(call("a", "one", GEMINI))),
                Message.assistant("never mind"),
                Message.user("ok"));

        JsonNode contents = body(request).get("contents");

        assertThat(contents).extracting(c -> c.path("role").asString()).containsExactly("user", "model", "user", "model", "user");
        assertThat(contents.get(2).at("/parts/0/functionResponse/response/error").asString()).isEqualTo(ContentsWriter.INTERRUPTED);
    }

    @Test
    void h4CallsWithoutIdsGetStableIdsThatTheirResponsesShare() {
        String body = """
                {"contents":[{"parts":[{"text":"go"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"ls","args":{}}},{"functionCall":{"name":"cat","args":{}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"cat","response":{"output":"c"}}},
                                          {"functionResponse":{"name":"ls","response":{"output":"l"}}}]}]}""";

        ChatRequest first = parse(body);
        ChatRequest again = parse(body);

        List<Block> calls = first.messages().get(1).blocks();
        List<Block> results = first.messages().get(2).blocks();
        assertThat(((Block.ToolCall) calls.get(0)).id()).startsWith("call_");
        assertThat(((Block.ToolResult) results.get(0)).callId()).isEqualTo(((Block.ToolCall) calls.get(1)).id());
        assertThat(((Block.ToolResult) results.get(1)).callId()).isEqualTo(((Block.ToolCall) calls.get(0)).id());
        assertThat(again.messages()).isEqualTo(first.messages());
    }

    @Test
    void h4ResponsesWithoutIdsOrNamesMatchByPosition() {
        ChatRequest request = parse("""
                {"contents":[{"parts":[{"text":"go"}]},
                  {"role":"model","parts":[{"functionCall":{"id":"x1","name":"ls","args":{}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"renamed","response":{"output":"l"}}}]}]}""");

        assertThat(((Block.ToolResult) request.messages().get(2).blocks().getFirst()).callId()).isEqualTo("x1");
    }

    @Test
    void h6NamesAreMadeValidForGeminiEverywhere() {
        String name = "mcp__server with spaces__" + "x".repeat(140);
        String valid = ToolNames.forProtocol(name, Protocol.GEMINI);
        ChatRequest request = ChatRequest.builder("m")
                .tools(List.of(new Tool.Function(name, "d", "{\"type\":\"object\",\"properties\":{\"a\":{}}}", Optional.empty())))
                .toolChoice(new ToolChoice.Named(name))
                .messages(List.of(Message.user("go"), new Message(Role.ASSISTANT, List.of(call("a", name, GEMINI))),
                        new Message(Role.USER, List.of(result("a", name, "r"))))).build();

        JsonNode body = body(request);

        assertThat(valid).isNotEqualTo(name).hasSizeLessThanOrEqualTo(128);
        assertThat(body.at("/tools/0/functionDeclarations/0/name").asString()).isEqualTo(valid);
        assertThat(body.at("/toolConfig/functionCallingConfig/allowedFunctionNames/0").asString()).isEqualTo(valid);
        assertThat(body.at("/contents/1/parts/0/functionCall/name").asString()).isEqualTo(valid);
        assertThat(body.at("/contents/2/parts/0/functionResponse/name").asString()).isEqualTo(valid);
    }

    @Test
    void h7SchemasAreJsonSchemaForGeminiAndNoArgumentToolsDeclareNone() {
        ChatRequest request = parse("""
                {"contents":[{"parts":[{"text":"hi"}]}],
                 "tools":[{"functionDeclarations":[
                   {"name":"legacy","parameters":{"type":"OBJECT","properties":{
                       "tags":{"type":"ARRAY","items":{"type":"STRING"}},
                       "limit":{"type":"INTEGER","nullable":true},
                       "type":{"type":"STRING","enum":["OBJECT","STRING"]}}}},
                   {"name":"zod","parametersJsonSchema":{"$schema":"http://json-schema.org/draft-07/schema#",
                       "type":"object","properties":{"q":{"type":"string"}},"additionalProperties":false}},
                   {"name":"noargs","parametersJsonSchema":{"type":"object","properties":{}}}]}]}""");

        Tool.Function legacy = (Tool.Function) request.tools().getFirst();
        assertThat(Json.parse(legacy.parameters(), "p")).isEqualTo(Json.parse("""
                {"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"}},
                 "limit":{"type":["integer","null"]},"type":{"type":"string","enum":["OBJECT","STRING"]}}}""", "e"));
        JsonNode declarations = body(request).at("/tools/0/functionDeclarations");
        assertThat(declarations.get(1).path("parametersJsonSchema").has("$schema")).isFalse();
        assertThat(declarations.get(1).at("/parametersJsonSchema/additionalProperties").asBoolean(true)).isFalse();
        assertThat(declarations.get(2).has("parametersJsonSchema")).isFalse();
    }

    @Test
    void h11EmptyTextAndEmptyTurnsAreRemovedAndTheConversationStartsWithTheUser() {
        ChatRequest request = conversation(Message.assistant("I start."), Message.user(""),
                new Message(Role.ASSISTANT, List.of(new Block.Text(""), new Block.Thinking("x", Optional.empty()))),
                Message.user("hi"));

        JsonNode contents = body(request).get("contents");

        assertThat(contents.toString()).isEqualTo("[{\"role\":\"user\",\"parts\":[{\"text\":\"(empty)\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"text\":\"I start.\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]");
    }

    @Test
    void h11AnAnswerWithOnlyReasoningStillShowsText() {
        ChatResponse response = new ChatResponse("r", "m", List.of(new Block.Thinking("hmm", Optional.empty())),
                FinishReason.END_TURN, Optional.empty(), TokenUsage.NONE);

        JsonNode answer = Json.MAPPER.readTree(codec.writeResponse(response, client(false)));
        String streamed = stream(response, client(false));

        assertThat(answer.at("/candidates/0/content/parts/0/text").asString()).isEqualTo(ResponseWriter.NO_TEXT);
        assertThat(answer.toString()).doesNotContain("hmm");
        assertThat(streamed).contains("\"text\":\"" + ResponseWriter.NO_TEXT + "\"").doesNotContain("hmm");
    }

    @Test
    void h14ArgumentsThatAreNotJsonNeverReachTheClient() {
        ChatResponse response = new ChatResponse("r", "m", List.of(new Block.Text("Calling."),
                new Block.ToolCall("c", "ls", "{\"path\": \"/tm", Optional.empty())),
                FinishReason.MAX_TOKENS, Optional.empty(), TokenUsage.NONE);

        String streamed = stream(response, client(false));
        JsonNode answer = Json.MAPPER.readTree(codec.writeResponse(response, client(false)));

        assertThat(streamed).doesNotContain("functionCall").contains("\"finishReason\":\"MALFORMED_FUNCTION_CALL\"");
        assertThat(answer.toString()).doesNotContain("functionCall");
        assertThat(answer.at("/candidates/0/finishReason").asString()).isEqualTo("MALFORMED_FUNCTION_CALL");
    }

    @Test
    void h15EveryStreamEventIsOneSingleLineDataEvent() {
        ChatResponse response = new ChatResponse("r", "m", List.of(new Block.Text("line one\nline two"),
                new Block.Thinking("", Optional.of(GEMINI)), new Block.ToolCall("c", "ls", "{\"a\":\"x\\ny\"}",
                Optional.empty())), FinishReason.TOOL_CALLS, Optional.empty(), TokenUsage.reported(1, 2));

        String streamed = stream(response, client(false));

        assertThat(streamed).endsWith("\n\n").doesNotContain("[DONE]").doesNotContain("event:");
        for (String event : streamed.substring(0, streamed.length() - 2).split("\n\n")) {
            assertThat(event).startsWith("data: {").doesNotContain("\n");
            Json.parse(event.substring("data: ".length()), "event");
        }
    }

    @Test
    void h16ASystemMessageMidConversationStaysInPlaceAsUserText() {
        ChatRequest request = conversation(Message.user("hi"), Message.assistant("hello"),
                new Message(Role.SYSTEM, List.of(new Block.Text("Skills: none."))), Message.user("go"));

        JsonNode contents = body(request).get("contents");

        assertThat(contents.get(2).path("parts").toString()).isEqualTo(
                "[{\"text\":\"<system-reminder>\\nSkills: none.\\n</system-reminder>\"},{\"text\":\"go\"}]");
    }

    @Test
    void h18SamplingIsClampedAndH9StopSequencesCutToFive() {
        ChatRequest request = ChatRequest.builder("m").messages(List.of(Message.user("hi"))).temperature(3.5)
                .topP(1.5).stop(List.of("a", "b", "c", "d", "e", "f")).build();

        JsonNode config = body(request).get("generationConfig");

        assertThat(config.path("temperature").asDouble()).isEqualTo(2.0);
        assertThat(config.path("topP").asDouble()).isEqualTo(1.0);
        assertThat(config.path("stopSequences")).hasSize(5);
    }

    @Test
    void h23HostedToolsOfOtherProvidersAreDropped() {
        ChatRequest request = ChatRequest.builder("m").messages(List.of(Message.user("hi"))).tools(List.of(
                new Tool.Hosted(Protocol.OPENAI_RESPONSES, "web_search", "{\"type\":\"web_search\"}"),
                new Tool.Hosted(Protocol.GEMINI, "googleSearch", "{\"googleSearch\":{}}"))).toolChoice(new ToolChoice.Auto())
                .build();

        JsonNode body = body(request);

        assertThat(body.path("tools").toString()).isEqualTo("[{\"googleSearch\":{}}]");
        // No function declarations: Gemini refuses a function-calling config.
        assertThat(body.has("toolConfig")).isFalse();
    }

    private String stream(ChatResponse response, ChatRequest request) {
        StreamEncoder encoder = codec.streamEncoder(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResponseEvents.of(response).forEach(event -> out.writeBytes(encoder.encode(event)));
        return out.toString(StandardCharsets.UTF_8);
    }

    private JsonNode body(ChatRequest request) {
        UpstreamCall call = codec.writeRequest(request, "gemini-3-pro-preview");
        return Json.MAPPER.readTree(call.body());
    }

    private ChatRequest parse(String body) {
        return codec.parseRequest(body.getBytes(StandardCharsets.UTF_8), new RequestTarget(Optional.of("m"), false));
    }

    private static ChatRequest client(boolean showThoughts) {
        ChatRequest.Builder request = ChatRequest.builder("gemini-2.5-pro").messages(List.of(Message.user("q")));
        if (showThoughts) {
            request.reasoning(new Reasoning(Optional.empty(), OptionalInt.empty(), true));
        }
        return request.build();
    }

    private static ChatRequest conversation(Message... messages) {
        return ChatRequest.builder("m").messages(List.of(messages)).build();
    }

    private static Block.ToolCall call(String id, String name, Signature signature) {
        return new Block.ToolCall(id, name, "{}", Optional.of(signature));
    }

    private static Block.ToolResult result(String id, String name, String text) {
        return new Block.ToolResult(id, Optional.of(name), List.of(new Block.Text(text)), false);
    }
}
