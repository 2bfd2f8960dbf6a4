package dev.parley.core.codec.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Effort;
import dev.parley.core.model.Message;
import dev.parley.core.model.Role;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Codex's captured requests: parsed, then written for a Responses upstream, against golden files. */
class FixtureGoldenTest {

    private final ResponsesCodec codec = new ResponsesCodec(() -> 1767225600L);

    @ParameterizedTest
    @ValueSource(strings = {"codex-responses-first-turn", "codex-responses-tool-result",
            "codex-responses-builtin-model-variant"})
    void capturedRequestsRoundTripToAResponsesUpstream(String fixture) {
        ChatRequest request = parse(fixture);

        UpstreamCall call = codec.writeRequest(request, "gpt-5-codex");

        assertThat(call.path()).isEqualTo("/responses");
        Golden.assertJson(fixture + ".upstream.json", call.body());
    }

    @Test
    void firstTurnLiftsTheLeadingDeveloperMessagesIntoTheSystemPrompt() {
        ChatRequest request = parse("codex-responses-first-turn");

        assertThat(request.model()).isEqualTo("fake-model");
        assertThat(request.stream()).isTrue();
        assertThat(request.system()).hasSize(3);
        assertThat(request.system().getFirst().text()).hasSize(16979);
        assertThat(request.messages()).extracting(Message::role).containsExactly(Role.USER, Role.USER);
        assertThat(request.messages().getLast().blocks()).containsExactly(new Block.Text("run echo TOOL_OK"));
        assertThat(request.toolChoice()).contains(new ToolChoice.Auto());
        assertThat(request.parallelToolCalls()).contains(true);
        assertThat(request.cacheKey()).contains("01a20af1-af19-78b0-ad0e-dfbcbd2afaf2");
        assertThat(request.reasoning()).hasValueSatisfying(r -> {
            assertThat(r.showThoughts()).isTrue();
            assertThat(r.effort()).isEmpty();
        });
    }

    /** H8: namespaces flatten to {@code ns__name}; web_search stays OpenAI's own hosted tool. */
    @Test
    void firstTurnToolsAreFlattenedAndHostedOnesKept() {
        ChatRequest request = parse("codex-responses-first-turn");

        assertThat(request.tools().stream().filter(t -> !(t instanceof Tool.Hosted)).map(Tool::name)).containsExactly(
                "exec_command", "write_stdin", "request_user_input", "view_image",
                "multi_agent_v1__close_agent", "multi_agent_v1__resume_agent", "multi_agent_v1__send_input",
                "multi_agent_v1__spawn_agent", "multi_agent_v1__wait_agent", "get_goal", "create_goal", "update_goal");
        assertThat(request.tools()).filteredOn(Tool.Hosted.class::isInstance).map(t -> (Tool.Hosted) t)
                .anySatisfy(h -> {
                    assertThat(h.origin()).isEqualTo(Protocol.OPENAI_RESPONSES);
                    assertThat(h.name()).isEqualTo("web_search");
                    assertThat(h.definition()).contains("external_web_access");
                });
        assertThat(ClientTools.of(request).qualified("multi_agent_v1__spawn_agent"))
                .isEqualTo(new Namespaces.Qualified(Optional.of("multi_agent_v1"), "spawn_agent"));
    }

    @Test
    void toolResultTurnEndsWithTheCallAndItsResult() {
        ChatRequest request = parse("codex-responses-tool-result");

        List<Message> messages = request.messages();
        assertThat(messages.get(messages.size() - 2)).isEqualTo(new Message(Role.ASSISTANT, List.of(
                new Block.ToolCall("call_380c8ff599d44b41bbca5670", "exec_command", "{\"cmd\": \"echo TOOL_OK\"}",
                        Optional.empty()))));
        Message last = messages.getLast();
        assertThat(last.role()).isEqualTo(Role.USER);
        assertThat(last.blocks()).singleElement().isInstanceOfSatisfying(Block.ToolResult.class, r -> {
            assertThat(r.callId()).isEqualTo("call_380c8ff599d44b41bbca5670");
            assertThat(r.name()).contains("exec_command");
            assertThat(r.text()).startsWith("lorem ipsum");
        });
    }

    /** Codex "responses-lite": tools arrive in an additional_tools input item, a custom tool among them. */
    @Test
    void builtinModelVariantTakesItsToolsFromTheAdditionalToolsItem() {
        ChatRequest request = parse("codex-responses-builtin-model-variant");

        assertThat(request.system()).hasSize(6);
        assertThat(request.messages()).extracting(Message::role).containsExactly(Role.USER, Role.USER);
        assertThat(request.tools()).filteredOn(t -> t.name().equals("functions__exec")).singleElement()
                .isInstanceOfSatisfying(Tool.Custom.class, c -> assertThat(c.format()).hasValueSatisfying(
                        f -> assertThat(f).contains("\"syntax\":\"lark\"")));
        assertThat(request.tools()).extracting(Tool::name).contains("clock__sleep", "collaboration__spawn_agent");
        assertThat(request.reasoning()).hasValueSatisfying(r -> assertThat(r.effort()).contains(Effort.LOW));
        assertThat(request.parallelToolCalls()).contains(false);
        assertThat(ClientTools.of(request).kind("functions__exec")).isEqualTo(ClientTools.Kind.CUSTOM);
    }

    private ChatRequest parse(String fixture) {
        return codec.parseRequest(Golden.fixture(fixture + ".json"), RequestTarget.BODY);
    }
}
