package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.pricing.Cost;
import dev.parley.core.pricing.PriceTable;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import dev.parley.store.Database;
import dev.parley.store.UsageRepository;
import dev.parley.testkit.Answer;
import dev.parley.testkit.Fault;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Reply;
import dev.parley.testkit.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The cost on a request's usage row, through a real Parley priced by its configuration, read back from the ledger. */
class UsageCostTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TestParley parley;
    static Database ledgerDb;
    static UsageRepository ledger;

    /** 300 uncached input, 600 cache read, 120 output tokens. */
    private static final Usage CACHED = Usage.of(900, 120).withCacheRead(600);

    @BeforeAll
    static void start() {
        parley = TestParley.start(yaml(dataDir, "10"), dataDir);
        ledgerDb = Database.open("sqlite:" + dataDir.resolve("parley.db"));
        ledger = new UsageRepository(ledgerDb);
    }

    @AfterAll
    static void stop() {
        parley.close();
        ledgerDb.close();
    }

    /** One provider with a price for the fake's model, a model nothing prices, and a markup. */
    private static String yaml(Path dir, String markupPercent) {
        return """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s"}
                retries: {max_attempts: 1}
                providers:
                  - {name: fake-openai, type: openai-compatible, base_url: "%s/v1", keys: ["${UPSTREAM_KEY}"]}
                models:
                  - name: gpt-test
                    routes: [{provider: fake-openai, model: upstream-model}]
                  - name: local-test
                    routes: [{provider: fake-openai, model: parley-unpriced-test-model}]
                keys:
                  - {name: ci, key: "%s"}
                prices:
                  - {provider: fake-openai, model: upstream-model, input: 2.50, output: 10.00, cache_read: 1.25}
                markup_percent: %s
                """.formatted(dir, UPSTREAM.baseUrl(), TestParley.KEY, markupPercent);
    }

    @Test
    void aRequestIsBilledAtTheConfiguredPricesWithTheMarkupApart() throws Exception {
        UsageRecord row = rowOf(parley, ledger, chat(parley, "gpt-test", Reply.text("Forty-two.").withUsage(CACHED)));

        // 300 × 2.50 + 600 × 1.25 + 120 × 10.00 = 2,700 dollars per million tokens; 10 % on top.
        assertThat(row.cost()).contains(new Cost(new BigDecimal("0.0027000000"), new BigDecimal("10"),
                new BigDecimal("0.0002700000"), new BigDecimal("0.0029700000")));
        assertThat(row.priceVersion()).contains(PriceTable.of(parley.parley.config()).version());
        assertThat(row.usage().isReported()).isTrue();
    }

    @Test
    void withoutAMarkupTheTotalIsTheBase(@TempDir Path dir) throws Exception {
        try (TestParley plain = TestParley.start(yaml(dir, "0"), dir);
                Database db = Database.open("sqlite:" + dir.resolve("parley.db"))) {
            UsageRecord row = rowOf(plain, new UsageRepository(db),
                    chat(plain, "gpt-test", Reply.text("Forty-two.").withUsage(CACHED)));

            assertThat(row.cost()).contains(new Cost(new BigDecimal("0.0027000000"), BigDecimal.ZERO,
                    new BigDecimal("0E-10"), new BigDecimal("0.0027000000")));
        }
    }

    @Test
    void aModelNoPriceMatchesIsStoredWithoutACost() throws Exception {
        UsageRecord row = rowOf(parley, ledger, chat(parley, "local-test", Reply.text("Hi.").withUsage(CACHED)));

        assertThat(row.usage().isReported()).isTrue();
        assertThat(row.upstreamModel()).contains("parley-unpriced-test-model");
        assertThat(row.cost()).isEmpty();
        assertThat(row.priceVersion()).contains(PriceTable.of(parley.parley.config()).version());
    }

    @Test
    void aCutStreamIsPricedFromItsEstimateAndSaysSo() throws Exception {
        String requestId = chat(parley, "gpt-test", Fault.cutAfterChunks(6)
                .during(Reply.text("one two three four five six").withTextChunks(6).withUsage(Usage.of(50, 80))));

        UsageRecord row = rowOf(parley, ledger, requestId);

        assertThat(row.usage().source()).isInstanceOf(TokenUsage.Source.Estimated.class);
        assertThat(row.usage().inputTokens()).isPositive();
        assertThat(row.usage().outputTokens()).isPositive();
        BigDecimal base = new BigDecimal("2.50").multiply(BigDecimal.valueOf(row.usage().inputTokens()))
                .add(new BigDecimal("10.00").multiply(BigDecimal.valueOf(row.usage().outputTokens())))
                .movePointLeft(6).setScale(Cost.SCALE, RoundingMode.HALF_EVEN);
        assertThat(row.cost()).hasValueSatisfying(cost -> {
            assertThat(cost.base()).isEqualTo(base);
            assertThat(cost.total()).isEqualTo(base.add(cost.markup()));
            assertThat(cost.markup()).isEqualTo(base.movePointLeft(1).setScale(Cost.SCALE));
        });
    }

    private static String chat(TestParley target, String model, Answer answer) throws Exception {
        UPSTREAM.enqueue(answer);
        HttpResponse<String> response = target.post("/v1/chat/completions", TestParley.KEY, """
                {"model":"%s","stream":true,"messages":[{"role":"user","content":"What is the answer?"}]}"""
                .formatted(model));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("x-parley-request-id").orElseThrow();
    }

    private static UsageRecord rowOf(TestParley target, UsageRepository repository, String requestId) {
        target.parley.flushUsage();
        return await().atMost(Duration.ofSeconds(5))
                .until(() -> repository.findByRequestId(requestId), Optional::isPresent).orElseThrow();
    }
}
