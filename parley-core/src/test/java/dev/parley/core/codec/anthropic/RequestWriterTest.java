package dev.parley.core.codec.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.ToolIds;
import dev.parley.core.codec.ToolNames;
import dev.parley.core.codec.UpstreamCall;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RequestWriterTest {

    private static final Signature ANTHROPIC_SIG = new Signature(Protocol.ANTHROPIC_MESSAGES, "EqQB");
    private static final Signature GEMINI_SIG = new Signature(Protocol.GEMINI, "g-token");
    private static final Tool BASH = new Tool.Function("Bash", "", "{\"type\":\"object\"}", Optional.empty());

    private final AnthropicCodec codec = new AnthropicCodec();

    private JsonNode write(ChatRequest request) {
        UpstreamCall call = codec.writeRequest(request, "claude-sonnet-4-5");
        assertThat(call.path()).isEqualTo("/v1/messages");
        return Json.MAPPER.readTree(call.body());
    }

    private static ChatRequest.Builder request(Message... messages) {
        return ChatRequest.builder("client-model").messages(List.of(messages));
    }

    private static Message assistant(Block... blocks) {
        return new Message(Role.ASSISTANT, List.of(blocks));
    }

    private static Message user(Block... blocks) {
        return new Message(Role.USER, List.of(blocks));
    }

    private static Block.ToolCall call(String id) {
        return new Block.ToolCall(id, "Bash", "{\"command\":\"ls\"}", Optional.empty());
    }

    private static Block.ToolResult result(String id) {
        return new Block.ToolResult(id, Optional.of("Bash"), List.of(new Block.Text("ok")), false);
    }

    private static List<String> types(JsonNode message) {
        List<String> types = new ArrayList<>();
        message.path("content").forEach(b -> types.add(b.path("type").asString()));
        return types;
    }

    /** H17: Anthropic requires max_tokens; requests from other protocols often have none. */
    @Test
    void maxTokensDefaultsTo8192() {
        assertThat(write(request(Message.user("hi")).build()).path("max_tokens").asInt()).isEqualTo(8192);
        assertThat(write(request(Message.user("hi")).maxOutputTokens(300).build()).path("max_tokens").asInt()).isEqualTo(300);
    }

    /** H17: the thinking budget is at least 1024 and below max_tokens, which grows when it must. */
    @Test
    void thinkingBudgetFitsUnderMaxTokens() {
        JsonNode low = write(request(Message.user("hi")).reasoning(new Reasoning(Optional.empty(), OptionalInt.of(200), true))
                .maxOutputTokens(4000).build());
        assertThat(low.at("/thinking/budget_tokens").asInt()).isEqualTo(1024);
        assertThat(low.path("max_tokens").asInt()).isEqualTo(4000);

        JsonNode high = write(request(Message.user("hi")).reasoning(Reasoning.ofEffort(Effort.HIGH)).build());
        assertThat(high.at("/thinking/type").asString()).isEqualTo("enabled");
        assertThat(high.at("/thinking/budget_tokens").asInt()).isEqualTo(24576);
        assertThat(high.path("max_tokens").asInt()).isEqualTo(24576 + RequestWriter.ANSWER_ROOM);

        JsonNode none = write(request(Message.user("hi")).reasoning(Reasoning.ofEffort(Effort.NONE)).build());
        assertThat(none.has("thinking")).isFalse();
    }

    /** H18: Anthropic's temperature stops at 1; thinking takes no temperature or top_k and top_p from 0.95. */
    @Test
    void samplingFitsAnthropicsRanges() {
        JsonNode plain = write(request(Message.user("hi")).temperature(1.7).topP(0.5).topK(64).build());
        assertThat(plain.path("temperature").asDouble()).isEqualTo(1.0);
        assertThat(plain.has("top_p")).isFalse();
        assertThat(plain.path("top_k").asInt()).isEqualTo(64);

        JsonNode topP = write(request(Message.user("hi")).topP(0.5).build());
        assertThat(topP.path("top_p").asDouble()).isEqualTo(0.5);

        JsonNode thinking = write(request(Message.user("hi")).reasoning(Reasoning.ofEffort(Effort.LOW))
                .temperature(0.2).topP(0.5).topK(64).build());
        assertThat(thinking.has("temperature")).isFalse();
        assertThat(thinking.has("top_k")).isFalse();
        assertThat(thinking.path("top_p").asDouble()).isEqualTo(0.95);
    }

    /** H1: other providers' reasoning never reaches Anthropic; Anthropic's own goes back untouched. */
    @Test
    void onlyAnthropicSignedThinkingIsSent() {
        JsonNode body = write(request(Message.user("hi"),
                assistant(new Block.Thinking("mine", Optional.of(ANTHROPIC_SIG)),
                        new Block.RedactedThinking(new Signature(Protocol.ANTHROPIC_MESSAGES, "RED")),
                        new Block.Thinking("gemini's", Optional.of(GEMINI_SIG)),
                        new Block.RedactedThinking(new Signature(Protocol.OPENAI_RESPONSES, "enc")),
                        new Block.Thinking("unsigned", Optional.empty()),
                        new Block.Text("answer")),
                Message.user("more")).build());

        JsonNode assistant = body.path("messages").get(1);
        assertThat(types(assistant)).containsExactly("thinking", "redacted_thinking", "text");
        assertThat(assistant.at("/content/0/signature").asString()).isEqualTo("EqQB");
        assertThat(assistant.at("/content/1/data").asString()).isEqualTo("RED");
    }

    /** H1: a tool loop whose last assistant turn has no Anthropic thinking cannot run with thinking on. */
    @Test
    void thinkingIsOffInAToolLoopWithoutAnthropicThinking() {
        ChatRequest foreign = request(Message.user("list"),
                assistant(new Block.Thinking("g", Optional.of(GEMINI_SIG)), call("c1")), user(result("c1")))
                .tools(List.of(BASH)).reasoning(Reasoning.ofEffort(Effort.MEDIUM)).temperature(0.5).build();
        JsonNode off = write(foreign);
        assertThat(off.has("thinking")).isFalse();
        assertThat(off.path("temperature").asDouble()).isEqualTo(0.5);

        ChatRequest own = request(Message.user("list"),
                assistant(new Block.Thinking("t", Optional.of(ANTHROPIC_SIG)), call("c1")), user(result("c1")))
                .tools(List.of(BASH)).reasoning(Reasoning.ofEffort(Effort.MEDIUM)).build();
        assertThat(write(own).has("thinking")).isTrue();

        // Once the user speaks again, the loop is over and thinking may come back.
        ChatRequest after = request(Message.user("list"), assistant(call("c1")), user(result("c1")),
                Message.assistant("done"), Message.user("thanks"))
                .tools(List.of(BASH)).reasoning(Reasoning.ofEffort(Effort.MEDIUM)).build();
        assertThat(write(after).has("thinking")).isTrue();
    }

    /** Manual thinking refuses a forced tool and a prefilled answer. */
    @Test
    void thinkingIsOffForAForcedToolOrAPrefill() {
        ChatRequest forced = request(Message.user("go")).tools(List.of(BASH)).toolChoice(new ToolChoice.Required())
                .reasoning(Reasoning.ofEffort(Effort.LOW)).build();
        JsonNode body = write(forced);
        assertThat(body.has("thinking")).isFalse();
        assertThat(body.at("/tool_choice/type").asString()).isEqualTo("any");

        ChatRequest prefill = request(Message.user("go"), Message.assistant("{\"a\": "))
                .reasoning(Reasoning.ofEffort(Effort.LOW)).build();
        assertThat(write(prefill).has("thinking")).isFalse();
    }

    /** H2: every call answered in the next user turn, results first; dangling calls answered, orphans dropped. */
    @Test
    void toolResultsArePairedWithTheirCalls() {
        JsonNode body = write(request(Message.user("go"),
                assistant(call("c1"), call("c2")),
                user(result("c2")),
                Message.user("and also"),
                assistant(new Block.Text("hm")),
                user(result("stale"), new Block.Text("next"))).tools(List.of(BASH)).build());

        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(5);
        JsonNode answers = messages.get(2);
        assertThat(types(answers)).containsExactly("tool_result", "tool_result", "text");
        assertThat(answers.at("/content/0/tool_use_id").asString()).isEqualTo("c1");
        assertThat(answers.at("/content/0/content").asString()).isEqualTo(ConversationWriter.INTERRUPTED);
        assertThat(answers.at("/content/0/is_error").asBoolean()).isTrue();
        assertThat(answers.at("/content/1/tool_use_id").asString()).isEqualTo("c2");
        assertThat(answers.at("/content/2/text").asString()).isEqualTo("and also");
        assertThat(types(messages.get(4))).containsExactly("text");
    }

    /** H5, H6: ids and names Anthropic refuses are rewritten the same way in calls, results and the tool list. */
    @Test
    void idsAndNamesAreMadeValid() {
        String id = "run_shell_command_1732400000000_0.functions:call";
        String name = "mcp.server/search:issues";
        Tool tool = new Tool.Function(name, "", "{\"type\":\"object\"}", Optional.empty());
        JsonNode body = write(request(Message.user("go"),
                assistant(new Block.ToolCall(id, name, "{}", Optional.empty())),
                user(new Block.ToolResult(id, Optional.of(name), List.of(new Block.Text("ok")), false)))
                .tools(List.of(tool)).toolChoice(new ToolChoice.Named(name)).build());

        String safeName = ToolNames.forProtocol(name, Protocol.ANTHROPIC_MESSAGES);
        assertThat(safeName).matches("[a-zA-Z0-9_-]{1,128}");
        assertThat(body.at("/messages/1/content/0/id").asString()).isEqualTo(ToolIds.safe(id)).matches("[a-zA-Z0-9_-]+");
        assertThat(body.at("/messages/1/content/0/name").asString()).isEqualTo(safeName);
        assertThat(body.at("/messages/2/content/0/tool_use_id").asString()).isEqualTo(ToolIds.safe(id));
        assertThat(body.at("/tools/0/name").asString()).isEqualTo(safeName);
        assertThat(body.at("/tool_choice/name").asString()).isEqualTo(safeName);
    }

    /** H7: input_schema must have an object at its root. */
    @Test
    void schemasGetAnObjectRoot() {
        assertThat(ToolWriter.inputSchema("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"))
                .isEqualTo(Json.parse("{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"array\","
                        + "\"items\":{\"type\":\"string\"}}},\"required\":[\"value\"]}", "x"));
        assertThat(ToolWriter.inputSchema("{\"properties\":{\"a\":{\"type\":\"string\"}}}"))
                .isEqualTo(Json.parse("{\"properties\":{\"a\":{\"type\":\"string\"}},\"type\":\"object\"}", "x"));
        assertThat(ToolWriter.inputSchema("{}")).isEqualTo(Json.parse("{\"type\":\"object\"}", "x"));
        assertThat(ToolWriter.inputSchema("{\"type\":\"object\",\"$schema\":\"s\"}"))
                .isEqualTo(Json.parse("{\"type\":\"object\",\"$schema\":\"s\"}", "x"));
        assertThat(ToolWriter.inputSchema("{\"anyOf\":[{\"type\":\"string\"}]}").path("properties").has("value")).isTrue();
    }

    /** H11: no empty text, no empty turn, a user turn first, no trailing whitespace in a prefill. */
    @Test
    void emptyContentIsNeverSent() {
        JsonNode body = write(request(
                assistant(new Block.Text("Hello.")),
                user(new Block.Text(""), new Block.Text("  \n")),
                assistant(new Block.Text("")),
                Message.user("question"),
                assistant(new Block.Text("The answer is  \n"))).build());

        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.at("/0/content/0/text").asString()).isEqualTo(ConversationWriter.PLACEHOLDER);
        assertThat(messages.at("/1/content/0/text").asString()).isEqualTo("Hello.");
        assertThat(messages.at("/2/content/0/text").asString()).isEqualTo("question");
        assertThat(messages.at("/3/content/0/text").asString()).isEqualTo("The answer is");

        JsonNode nothing = write(request().build());
        assertThat(nothing.path("messages")).hasSize(1);
        assertThat(nothing.at("/messages/0/role").asString()).isEqualTo("user");
    }

    /** H16: a system message between turns keeps its place as a reminder in the user turn. */
    @Test
    void midConversationSystemBecomesAReminder() {
        JsonNode body = write(request(Message.user("a"), Message.assistant("b"),
                new Message(Role.SYSTEM, List.of(new Block.Text("Mind the tests."), new Block.Text("Be terse."))),
                Message.user("c")).system(List.of(new Block.Text("Top."))).build());

        assertThat(body.at("/system/0/text").asString()).isEqualTo("Top.");
        JsonNode last = body.path("messages").get(2);
        assertThat(last.at("/content/0/text").asString())
                .isEqualTo("<system-reminder>\nMind the tests.\n\nBe terse.\n</system-reminder>");
        assertThat(last.at("/content/1/text").asString()).isEqualTo("c");
    }

    /** H19: a client's own breakpoints, at most four (the last ones); otherwise tools, system and newest turn. */
    @Test
    void cacheBreakpoints() {
        List<Message> hinted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hinted.add(user(new Block.Text("q" + i, true)));
            hinted.add(Message.assistant("a" + i));
        }
        hinted.add(user(new Block.Text("last", true)));
        JsonNode body = write(request().messages(hinted)
                .system(List.of(new Block.Text("sys", true))).tools(List.of(BASH)).build());
        List<String> marked = new ArrayList<>();
        body.path("system").forEach(b -> {
            if (b.has("cache_control")) {
                marked.add(b.path("text").asString());
            }
        });
        body.path("messages").forEach(m -> m.path("content").forEach(b -> {
            if (b.has("cache_control")) {
                marked.add(b.path("text").asString());
            }
        }));
        assertThat(marked).containsExactly("q0", "q1", "q2", "last").hasSizeLessThanOrEqualTo(CacheBreakpoints.LIMIT);
        assertThat(body.at("/tools/0").has("cache_control")).isFalse();

        JsonNode auto = write(request(Message.user("q"), Message.assistant("a"), Message.user("q2"))
                .system(List.of(new Block.Text("s1"), new Block.Text("s2"))).tools(List.of(BASH)).build());
        assertThat(auto.at("/tools/0/cache_control/type").asString()).isEqualTo("ephemeral");
        assertThat(auto.at("/system/0").has("cache_control")).isFalse();
        assertThat(auto.at("/system/1/cache_control/type").asString()).isEqualTo("ephemeral");
        assertThat(auto.at("/messages/0/content/0").has("cache_control")).isFalse();
        assertThat(auto.at("/messages/2/content/0/cache_control/type").asString()).isEqualTo("ephemeral");
    }

    @Test
    void toolChoiceMapping() {
        Tool read = new Tool.Function("Read", "", "{\"type\":\"object\"}", Optional.empty());
        JsonNode allowed = write(request(Message.user("go")).tools(List.of(BASH, read))
                .toolChoice(new ToolChoice.Allowed(List.of("Read"), true)).build());
        assertThat(allowed.path("tools")).hasSize(1);
        assertThat(allowed.at("/tools/0/name").asString()).isEqualTo("Read");
        assertThat(allowed.at("/tool_choice/type").asString()).isEqualTo("any");

        JsonNode none = write(request(Message.user("go")).tools(List.of(BASH)).toolChoice(new ToolChoice.None())
                .parallelToolCalls(false).build());
        assertThat(none.path("tool_choice")).isEqualTo(Json.parse("{\"type\":\"none\"}", "x"));

        JsonNode noParallel = write(request(Message.user("go")).tools(List.of(BASH)).parallelToolCalls(false).build());
        assertThat(noParallel.path("tool_choice"))
                .isEqualTo(Json.parse("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}", "x"));

        JsonNode plain = write(request(Message.user("go")).tools(List.of(BASH)).build());
        assertThat(plain.has("tool_choice")).isFalse();

        JsonNode onlyForeign = write(request(Message.user("go"))
                .tools(List.of(new Tool.Hosted(Protocol.GEMINI, "googleSearch", "{\"googleSearch\":{}}")))
                .toolChoice(new ToolChoice.Auto()).build());
        assertThat(onlyForeign.has("tools")).isFalse();
        assertThat(onlyForeign.has("tool_choice")).isFalse();
    }

    @Test
    void documentsAndOutputFormat() {
        String text = Base64.getEncoder().encodeToString("notes".getBytes(StandardCharsets.UTF_8));
        JsonNode body = write(request(user(
                new Block.Document(new Media.Base64("application/pdf", "JVBE"), Optional.of("a.pdf")),
                new Block.Document(new Media.Base64("text/markdown", text), Optional.empty()),
                new Block.Document(new Media.Base64("application/zip", "UEsD"), Optional.empty()),
                new Block.Document(new Media.Url("https://x/d.pdf", Optional.empty()), Optional.empty())))
                .responseFormat(new ResponseFormat.JsonObject()).stream(true).build());

        JsonNode content = body.at("/messages/0/content");
        assertThat(content.at("/0/source/media_type").asString()).isEqualTo("application/pdf");
        assertThat(content.at("/0/title").asString()).isEqualTo("a.pdf");
        assertThat(content.at("/1/source")).isEqualTo(
                Json.parse("{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"notes\"}", "x"));
        assertThat(content.at("/2/type").asString()).isEqualTo("text");
        assertThat(content.at("/3/source/type").asString()).isEqualTo("url");
        assertThat(body.has("output_config")).isFalse();
        assertThat(body.path("stream").asBoolean()).isTrue();
    }

    /** Anthropic refuses tool_use blocks in a request that declares no tools (a summary of a tool loop). */
    @Test
    void aToolHistoryWithoutToolsGetsPlaceholderDeclarations() {
        JsonNode body = write(request(Message.user("go"), assistant(call("c1"), call("c2")), user(result("c1"), result("c2")),
                Message.user("Summarize the conversation.")).build());

        assertThat(body.path("tools")).hasSize(1);
        assertThat(body.at("/tools/0/name").asString()).isEqualTo("Bash");
        assertThat(body.at("/tools/0/input_schema/type").asString()).isEqualTo("object");
        assertThat(body.path("tool_choice")).isEqualTo(Json.parse("{\"type\":\"none\"}", "x"));
        assertThat(write(request(Message.user("hi")).build()).has("tools")).isFalse();
    }
}
