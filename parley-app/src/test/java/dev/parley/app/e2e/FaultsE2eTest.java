package dev.parley.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.usage.UsageRecord;
import dev.parley.store.Database;
import dev.parley.store.UsageRepository;
import dev.parley.testkit.Fault;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import dev.parley.testkit.RetryAfter;
import dev.parley.testkit.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real clients through Parley when the first channel of their model fails: before output Parley fails over and
 * the client never knows; after output the client gets the failure, and no second provider is asked. Each model
 * has a first channel and a second (priority 1) of its own, both in front of the one fake.
 */
@ExtendWith(NpmTools.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FaultsE2eTest {

    /** A model with its two channels: provider types, as the fake sees them, and upstream model names. */
    record Failover(String model, String firstType, WireFormat first, String secondType, WireFormat second) {

        String firstUpstream() {
            return "up-" + model + "-first";
        }

        String secondUpstream() {
            return "up-" + model + "-second";
        }

        /** Where the client is pointed; the upstream model named is the second's, which answers. */
        Target target(E2eParley parley) {
            return new Target("through Parley, failing over from " + first + " to " + second, parley.baseUrl(),
                    E2eParley.KEY, model, secondUpstream(), second);
        }

        String yaml(String fakeBaseUrl) {
            return provider(model + "-1", firstType, fakeBaseUrl) + provider(model + "-2", secondType, fakeBaseUrl);
        }

        String routes() {
            return "  - {name: " + model + ", routes: [{provider: " + model + "-1, model: " + firstUpstream()
                    + "}, {provider: " + model + "-2, model: " + secondUpstream() + ", priority: 1}]}\n";
        }

        private static String provider(String name, String type, String fakeBaseUrl) {
            String path = type.startsWith("openai") ? "/v1" : "";
            return "  - {name: " + name + ", type: " + type + ", base_url: \"" + fakeBaseUrl + path
                    + "\", keys: [\"${UPSTREAM_KEY}\"]}\n";
        }
    }

    static final Failover CLAUDE = new Failover("claude-faults", "anthropic", WireFormat.ANTHROPIC, "anthropic",
            WireFormat.ANTHROPIC);
    static final Failover CODEX = new Failover("codex-faults", "openai", WireFormat.OPENAI_RESPONSES, "anthropic",
            WireFormat.ANTHROPIC);
    static final Failover GEMINI_CLI = new Failover("gemini-faults", "gemini", WireFormat.GEMINI,
            "openai-compatible", WireFormat.OPENAI_CHAT);
    static final Failover SDK = new Failover("sdk-faults", "anthropic", WireFormat.ANTHROPIC, "openai-compatible",
            WireFormat.OPENAI_CHAT);

    /** A model with one channel and one key, which answers 429 first: nothing to fail over to, only time. */
    static final Failover LIMITED = new Failover("claude-limited", "anthropic", WireFormat.ANTHROPIC, "anthropic",
            WireFormat.ANTHROPIC);

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static E2eParley parley;
    static Database ledgerDb;
    static UsageRepository ledger;

    @BeforeAll
    static void start() {
        List<Failover> all = List.of(CLAUDE, CODEX, GEMINI_CLI, SDK);
        StringBuilder providers = new StringBuilder();
        StringBuilder models = new StringBuilder();
        for (Failover failover : all) {
            providers.append(failover.yaml(UPSTREAM.baseUrl()));
            models.append(failover.routes());
        }
        providers.append("  - {name: limited, type: anthropic, base_url: \"" + UPSTREAM.baseUrl()
                + "\", keys: [\"${UPSTREAM_KEY}\"]}\n");
        models.append("  - {name: " + LIMITED.model() + ", routes: [{provider: limited, model: "
                + LIMITED.secondUpstream() + "}]}\n");
        parley = E2eParley.fromYaml("""
                server: {host: 127.0.0.1, port: 0, data_dir: "%s", shutdown_grace: 5s}
                retries: {max_attempts: 3, base_delay: 10ms, max_delay: 50ms, deadline: 60s}
                providers:
                %smodels:
                %skeys:
                  - {name: e2e, key: "%s"}
                """.formatted(dataDir, providers, models, E2eParley.KEY));
        ledgerDb = Database.open("sqlite:" + dataDir.resolve("parley.db"));
        ledger = new UsageRepository(ledgerDb);
    }

    @AfterAll
    static void stop() {
        if (parley != null) {
            parley.close();
        }
        if (ledgerDb != null) {
            ledgerDb.close();
        }
    }

    @Test
    void claudeCodeFinishesWhenItsFirstChannelIsOverloaded(@TempDir Path dir) {
        String pong = pong();
        UPSTREAM.fake().forModel(CLAUDE.firstUpstream(), Fault.overloaded());
        UPSTREAM.fake().forModel(CLAUDE.secondUpstream(), Reply.text(pong));

        ProcessRun.Result result = ClaudeCodeE2eTest.claude(CLAUDE.target(parley), Sandbox.in(dir),
                "Reply with the single word PONG.");

        String context = context(result);
        assertThat(result.exitCode()).as(context).isZero();
        assertThat(result.stdout()).as(context).contains(pong);
        assertFailedOverOnce(CLAUDE, context);
    }

    @Test
    void claudeCodeFinishesWhenItsOnlyKeyIsRateLimitedForASecond(@TempDir Path dir) {
        String pong = pong();
        UPSTREAM.fake().forModel(LIMITED.secondUpstream(), Fault.rateLimited(RetryAfter.seconds(1)), Reply.text(pong));

        ProcessRun.Result result = ClaudeCodeE2eTest.claude(LIMITED.target(parley), Sandbox.in(dir),
                "Reply with the single word PONG.");

        String context = context(result);
        assertThat(result.exitCode()).as(context).isZero();
        assertThat(result.stdout()).as(context).contains(pong);
        List<RecordedRequest> asked = UpstreamRequests.generations(UPSTREAM.fake(), LIMITED.secondUpstream());
        assertThat(asked).as(context).hasSize(2);
        // Parley waited out the key's Retry-After itself; the client never saw the 429.
        assertThat(Duration.ofNanos(asked.get(1).receivedNanos() - asked.get(0).receivedNanos())).as(context)
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        UsageRecord row = awaitRow(LIMITED);
        assertThat(row.attempts()).as(context).isEqualTo(2);
        assertThat(row.status()).as(context).isEqualTo(200);
    }

    @Test
    void codexFinishesWhenItsFirstChannelCutsTheStreamBeforeOutput(@TempDir Path dir) {
        String pong = pong();
        UPSTREAM.fake().forModel(CODEX.firstUpstream(), Fault.cutAfterChunks(0));
        UPSTREAM.fake().forModel(CODEX.secondUpstream(), Reply.text(pong));

        ProcessRun.Result result = CodexE2eTest.codex(CODEX.target(parley), Sandbox.in(dir),
                "Reply with the single word PONG.");

        String context = context(result);
        assertThat(result.exitCode()).as(context).isZero();
        assertThat(result.stdout()).as(context).contains(pong);
        assertFailedOverOnce(CODEX, context);
    }

    @Test
    void geminiCliFinishesWhenItsFirstChannelFails(@TempDir Path dir) {
        String pong = pong();
        UPSTREAM.fake().forModel(GEMINI_CLI.firstUpstream(), Fault.status(500));
        UPSTREAM.fake().forModel(GEMINI_CLI.secondUpstream(), Reply.text(pong));

        ProcessRun.Result result = GeminiCliE2eTest.gemini(GEMINI_CLI.target(parley), Sandbox.in(dir),
                "Reply with the single word PONG.");

        String context = context(result);
        assertThat(result.exitCode()).as(context).isZero();
        assertThat(result.stdout()).as(context).contains(pong);
        assertFailedOverOnce(GEMINI_CLI, context);
    }

    @Test
    void theOpenAiSdkReportsAStreamCutAfterOutput(@TempDir Path dir) {
        UPSTREAM.fake().forModel(SDK.firstUpstream(),
                Fault.cutAfterChunks(6).during(Reply.text("one two three four five six").withTextChunks(6)));

        ProcessRun.Result result = SdkE2eTest.node(dir, "openai.cjs", "chat-stream", SDK.target(parley));

        String context = context(result);
        assertThat(result.exitCode()).as(context).isNotZero();
        assertThat(result.stderr()).as(context).isNotBlank();
        assertThat(UpstreamRequests.generations(UPSTREAM.fake(), SDK.firstUpstream())).as(context).hasSize(1);
        assertThat(UpstreamRequests.generations(UPSTREAM.fake(), SDK.secondUpstream())).as(context).isEmpty();
        UsageRecord row = awaitRow(SDK);
        assertThat(row.attempts()).as(context).isEqualTo(1);
        assertThat(row.errorType()).as(context).isPresent();
    }

    /** Each channel got the request once, the failing one first, and the ledger counts two attempts. */
    private static void assertFailedOverOnce(Failover failover, String context) {
        List<RecordedRequest> first = UpstreamRequests.generations(UPSTREAM.fake(), failover.firstUpstream());
        List<RecordedRequest> second = UpstreamRequests.generations(UPSTREAM.fake(), failover.secondUpstream());
        assertThat(first).as(context).hasSize(1);
        assertThat(second).as(context).hasSize(1);
        assertThat(first.getFirst().format()).as(context).contains(failover.first());
        assertThat(second.getFirst().format()).as(context).contains(failover.second());
        assertThat(first.getFirst().receivedNanos()).as(context).isLessThan(second.getFirst().receivedNanos());
        UsageRecord row = awaitRow(failover);
        assertThat(row.attempts()).as(context).isEqualTo(2);
        assertThat(row.status()).as(context).isEqualTo(200);
        assertThat(row.provider()).as(context).contains(failover.model() + "-2");
    }

    /** The ledger row of the model's one generation request. */
    private static UsageRecord awaitRow(Failover failover) {
        parley.flushUsage();
        Optional<UsageRecord> row = await().atMost(Duration.ofSeconds(10)).until(() -> ledger.recent(50).stream()
                .filter(r -> r.model().equals(failover.model())).findFirst(), Optional::isPresent);
        return row.orElseThrow();
    }

    private static String pong() {
        return "PONG-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String context(ProcessRun.Result result) {
        return result.describe() + "\n" + UpstreamRequests.summary(UPSTREAM.fake());
    }
}
