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
 * The real Gemini CLI ({@code gemini -p}) against Parley, whose Gemini endpoint serves the model from an OpenAI
 * provider (spoken to over Responses) and from an OpenAI-compatible one (Chat); and straight against the fake, to
 * prove the harness.
 */
@ExtendWith(NpmTools.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GeminiCliE2eTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final FakeBehindParley UPSTREAM = new FakeBehindParley();

    /** "direct": the bare fake; otherwise through Parley to a provider of that protocol. */
    private static Target target(String route) {
        return switch (route) {
            case "direct" -> Target.direct(UPSTREAM.baseUrl(), "gemini-e2e-direct", WireFormat.GEMINI);
            case "gemini" -> Target.viaParley(UPSTREAM.parley(), E2eParley.GEMINI_CLI_SAME);
            case "responses" -> Target.viaParley(UPSTREAM.parley(), E2eParley.GEMINI_CLI_VIA_RESPONSES);
            case "chat" -> Target.viaParley(UPSTREAM.parley(), E2eParley.GEMINI_CLI_VIA_CHAT);
            default -> throw new IllegalArgumentException(route);
        };
    }

    @ParameterizedTest(name = "upstream: {0}")
    @ValueSource(strings = {"direct", "gemini", "responses", "chat"})
    void printsTheModelsAnswer(String route, @TempDir Path dir) {
        Target target = target(route);
        Sandbox sandbox = Sandbox.in(dir);
        UPSTREAM.assertPrintsTheAnswer(target, prompt -> gemini(target, sandbox, prompt), sandbox::diagnostics);
    }

    @ParameterizedTest(name = "upstream: {0}")
    @ValueSource(strings = {"direct", "gemini", "responses", "chat"})
    void runsTheShellToolAndSendsItsOutputBack(String route, @TempDir Path dir) {
        Target target = target(route);
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        String marker = "TOOL_OK_" + nonce;
        String done = "DONE-" + nonce;
        // printf assembles the marker, so it appears in the tool's output but not in the echoed command.
        String command = "printf 'TOOL_%s_%s' OK " + nonce;
        UPSTREAM.fake().forModel(target.upstreamModel(),
                Reply.toolCall("run_shell_command",
                        "{\"command\":\"" + command + "\",\"description\":\"Print a marker\"}"),
                Reply.text(done));

        Sandbox sandbox = Sandbox.in(dir);
        ProcessRun.Result result = gemini(target, sandbox, "Run the marker command, then say DONE.", "--yolo");

        String context = result.describe() + "\n" + sandbox.diagnostics() + UpstreamRequests.summary(UPSTREAM.fake());
        assertThat(result.exitCode()).as(context).isZero();
        assertThat(result.stdout()).as(context).contains(done);
        List<RecordedRequest> turns = UpstreamRequests.generations(UPSTREAM.fake(), target.upstreamModel());
        assertThat(turns).as(context).hasSize(2);
        assertThat(turns).as(context).allSatisfy(turn -> assertThat(turn.format()).contains(target.upstream()));
        assertThat(UpstreamRequests.toolResults(turns.get(1))).as(context).anySatisfy(
                output -> assertThat(output).contains(marker));
    }

    static ProcessRun.Result gemini(Target target, Sandbox sandbox, String prompt, String... flags) {
        // gemini-api-key auth: with only GOOGLE_GEMINI_BASE_URL set, 0.61 picks an auth type it then rejects.
        // maxAttempts 1: a failing request fails the run at once instead of after minutes of backoff.
        sandbox.write(Path.of(".gemini/settings.json"), """
                {"security": {"auth": {"selectedType": "gemini-api-key"}},
                 "privacy": {"usageStatisticsEnabled": false},
                 "general": {"enableAutoUpdate": false, "enableAutoUpdateNotification": false, "maxAttempts": 1}}
                """);
        Map<String, String> env = sandbox.baseEnvironment();
        env.put("GOOGLE_GEMINI_BASE_URL", target.baseUrl());
        env.put("GEMINI_API_KEY", target.key());
        env.put("GEMINI_CLI_TRUST_WORKSPACE", "true");
        List<String> command = new ArrayList<>(List.of(NpmTools.bin("gemini").toString(), "-m", target.model(),
                "-p", prompt));
        command.addAll(List.of(flags));
        return ProcessRun.of(command).directory(sandbox.work()).environment(env).timeout(TIMEOUT).run();
    }
}
