package dev.parley.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import dev.parley.testkit.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real Codex CLI ({@code codex exec}) against Parley, whose Responses endpoint serves the model from an
 * Anthropic provider; and straight against the fake, to prove the harness.
 */
@ExtendWith(NpmTools.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CodexE2eTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final FakeBehindParley UPSTREAM = new FakeBehindParley();

    /** "direct": the bare fake; otherwise through Parley to a provider of that protocol. */
    private static Target target(String route) {
        return switch (route) {
            case "direct" -> Target.direct(UPSTREAM.baseUrl(), "codex-e2e-direct", WireFormat.OPENAI_RESPONSES);
            case "openai" -> Target.viaParley(UPSTREAM.parley(), E2eParley.CODEX_SAME);
            case "anthropic" -> Target.viaParley(UPSTREAM.parley(), E2eParley.CODEX_VIA_ANTHROPIC);
            default -> throw new IllegalArgumentException(route);
        };
    }

    @ParameterizedTest(name = "upstream: {0}")
    @ValueSource(strings = {"direct", "openai", "anthropic"})
    void printsTheModelsAnswer(String route, @TempDir Path dir) {
        Target target = target(route);
        UPSTREAM.assertPrintsTheAnswer(target, prompt -> codex(target, Sandbox.in(dir), prompt), () -> "");
    }

    @ParameterizedTest(name = "upstream: {0}")
    @ValueSource(strings = {"direct", "openai", "anthropic"})
    void runsExecCommandAndSendsItsOutputBack(String route, @TempDir Path dir) {
        Target target = target(route);
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        String marker = "TOOL_OK_" + nonce;
        String done = "DONE-" + nonce;
        // printf assembles the marker, so it appears in the tool's output but not in the echoed command.
        String command = "printf 'TOOL_%s_%s' OK " + nonce;
        UPSTREAM.fake().forModel(target.upstreamModel(),
                Reply.toolCall("exec_command", "{\"cmd\":\"" + command + "\"}"), Reply.text(done));

        ProcessRun.Result result = codex(target, Sandbox.in(dir), "Run the marker command, then say DONE.");

        String context = result.describe() + "\n" + UpstreamRequests.summary(UPSTREAM.fake());
        assertThat(result.exitCode()).as(context).isZero();
        assertThat(result.stdout()).as(context).contains(done);
        List<RecordedRequest> turns = UpstreamRequests.generations(UPSTREAM.fake(), target.upstreamModel());
        assertThat(turns).as(context).hasSize(2);
        assertThat(turns).as(context).allSatisfy(turn -> assertThat(turn.format()).contains(target.upstream()));
        assertThat(UpstreamRequests.toolResults(turns.get(1))).as(context).anySatisfy(
                output -> assertThat(output).contains(marker));
    }

    static ProcessRun.Result codex(Target target, Sandbox sandbox, String prompt, String... flags) {
        // A custom provider: Responses over HTTP (never WebSockets), the key from PARLEY_KEY, fail fast.
        sandbox.write(Path.of("codex/config.toml"), """
                model = "%s"
                model_provider = "parley"
                check_for_update_on_startup = false

                [analytics]
                enabled = false

                [features]
                plugins = false
                remote_plugin = false
                apps = false

                [model_providers.parley]
                name = "Parley"
                base_url = "%s/v1"
                env_key = "PARLEY_KEY"
                wire_api = "responses"
                request_max_retries = 0
                stream_max_retries = 0
                """.formatted(target.model(), target.baseUrl()));
        Map<String, String> env = sandbox.baseEnvironment();
        env.put("CODEX_HOME", sandbox.home().resolve("codex").toString());
        env.put("PARLEY_KEY", target.key());
        List<String> command = new ArrayList<>(List.of(NpmTools.bin("codex").toString(), "exec",
                "--skip-git-repo-check"));
        command.addAll(List.of(flags));
        command.add(prompt);
        return ProcessRun.of(command).directory(sandbox.work()).environment(env).timeout(TIMEOUT).run();
    }
}
