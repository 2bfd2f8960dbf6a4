package dev.parley.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import dev.parley.testkit.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
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
 * The real Claude Code ({@code claude -p}) against Parley, whose Anthropic Messages endpoint serves the model from
 * an OpenAI-compatible (Chat) provider and from a Gemini provider; and straight against the fake, to prove the
 * harness.
 */
@ExtendWith(NpmTools.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClaudeCodeE2eTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final FakeBehindParley UPSTREAM = new FakeBehindParley();

    /** "direct": the bare fake; otherwise through Parley to a provider of that protocol. */
    private static Target target(String route) {
        return switch (route) {
            case "direct" -> Target.direct(UPSTREAM.baseUrl(), "claude-e2e-direct", WireFormat.ANTHROPIC);
            case "anthropic" -> Target.viaParley(UPSTREAM.parley(), E2eParley.CLAUDE_SAME);
            case "chat" -> Target.viaParley(UPSTREAM.parley(), E2eParley.CLAUDE_VIA_CHAT);
            case "gemini" -> Target.viaParley(UPSTREAM.parley(), E2eParley.CLAUDE_VIA_GEMINI);
            default -> throw new IllegalArgumentException(route);
        };
    }

    @ParameterizedTest(name = "upstream: {0}")
    @ValueSource(strings = {"direct", "anthropic", "chat", "gemini"})
    void printsTheModelsAnswer(String route, @TempDir Path dir) {
        Target target = target(route);
        UPSTREAM.assertPrintsTheAnswer(target, prompt -> claude(target, Sandbox.in(dir), prompt), () -> "");
    }

    @ParameterizedTest(name = "upstream: {0}")
    @ValueSource(strings = {"direct", "anthropic", "chat", "gemini"})
    void runsTheBashToolAndSendsItsOutputBack(String route, @TempDir Path dir) {
        Target target = target(route);
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        String marker = "TOOL_OK_" + nonce;
        String done = "DONE-" + nonce;
        // printf assembles the marker, so it appears in the tool's output but not in the echoed command.
        String command = "printf 'TOOL_%s_%s' OK " + nonce;
        UPSTREAM.fake().forModel(target.upstreamModel(),
                Reply.toolCall("Bash", "{\"command\":\"" + command + "\",\"description\":\"Print a marker\"}"),
                Reply.text(done));

        ProcessRun.Result result = claude(target, Sandbox.in(dir), "Run the marker command, then say DONE.",
                "--allowedTools", "Bash");

        String context = result.describe() + "\n" + UpstreamRequests.summary(UPSTREAM.fake());
        assertThat(result.exitCode()).as(context).isZero();
        assertThat(result.stdout()).as(context).contains(done);
        List<RecordedRequest> turns = UpstreamRequests.generations(UPSTREAM.fake(), target.upstreamModel());
        assertThat(turns).as(context).hasSize(2);
        assertThat(turns).as(context).allSatisfy(turn -> assertThat(turn.format()).contains(target.upstream()));
        assertThat(UpstreamRequests.toolResults(turns.get(1))).as(context).anySatisfy(
                output -> assertThat(output).contains(marker));
    }

    static ProcessRun.Result claude(Target target, Sandbox sandbox, String prompt, String... flags) {
        Map<String, String> env = sandbox.baseEnvironment();
        env.put("ANTHROPIC_BASE_URL", target.baseUrl());
        env.put("ANTHROPIC_API_KEY", target.key());
        env.put("ANTHROPIC_MODEL", target.model());
        env.put("ANTHROPIC_SMALL_FAST_MODEL", target.model());
        env.put("ANTHROPIC_DEFAULT_HAIKU_MODEL", target.model());
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_TELEMETRY", "1");
        env.put("DISABLE_ERROR_REPORTING", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("CLAUDE_CODE_MAX_RETRIES", "1");
        env.put("API_TIMEOUT_MS", "60000");
        List<String> command = new java.util.ArrayList<>(List.of(NpmTools.bin("claude").toString(), "-p", prompt));
        command.addAll(List.of(flags));
        return ProcessRun.of(command).directory(sandbox.work()).environment(env).timeout(TIMEOUT).run();
    }
}
