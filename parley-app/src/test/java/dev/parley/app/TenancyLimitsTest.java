package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.codec.MaxOutputTokens;
import dev.parley.core.tenancy.BudgetPeriod;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Fault;
import dev.parley.testkit.Reply;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.ObjectMapper;

/**
 * 64 clients at once against the limits and budgets of a key, its project, its team and its member, through a real
 * Parley on SQLite: exactly as many requests are admitted as the narrowest limit or budget holds, the others get
 * the error naming it, the fake provider never sees more, and the ledger's spend never passes a budget.
 */
class TenancyLimitsTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TenantParley parley;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough that every one of the 64 requests is admitted or refused before the first one ends. */
    private static final Duration HELD = Duration.ofSeconds(3);

    @BeforeAll
    static void start() {
        parley = TenantParley.inFrontOf(UPSTREAM.baseUrl(), dataDir);
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @AfterEach
    void answerAtOnceAgain() {
        UPSTREAM.fake().defaultAnswer(Reply.defaultReply());
    }

    static String chat(int maxTokens) {
        return "{\"model\":\"gpt-test\",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"How many?\"}]}";
    }

    private static Map<Integer, Long> statuses(List<HttpResponse<String>> responses) {
        return responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
    }

    private static String message(HttpResponse<String> response) {
        return JSON.readTree(response.body()).at("/error/message").asString();
    }

    @ParameterizedTest
    @EnumSource(ScopeKind.class)
    void theRequestsPerMinuteOfEachScopeAdmitExactlyThatMany(ScopeKind kind) throws Exception {
        TenantParley.Tenant tenant = parley.tenant("rpm-" + kind.wire())
                .limits(kind, OptionalInt.of(10), OptionalLong.empty(), OptionalInt.empty());
        long servedBefore = UPSTREAM.fake().servedCount();

        List<HttpResponse<String>> responses = parley.together(TenantParley.CLIENTS, () -> tenant.chat(chat(10)));

        assertThat(statuses(responses)).isEqualTo(Map.of(200, 10L, 429, 54L));
        // The fake counts a request once its answer is written, which may be just after the client has it.
        await().untilAsserted(() -> assertThat(UPSTREAM.fake().servedCount() - servedBefore).isEqualTo(10));
        HttpResponse<String> refused = responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(message(refused)).isEqualTo(tenant.scope(kind) + " is at its limit of 10 requests per minute.");
        assertThat(refused.headers().firstValueAsLong("retry-after").orElseThrow()).isBetween(1L, 60L);
    }

    @Test
    void requestsInFlightNeverPassTheProjectsConcurrency() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("concurrency")
                .limits(ScopeKind.PROJECT, OptionalInt.empty(), OptionalLong.empty(), OptionalInt.of(5));
        UPSTREAM.fake().defaultAnswer(Reply.defaultReply().withHeaderDelay(HELD));

        List<HttpResponse<String>> responses = parley.together(TenantParley.CLIENTS, () -> tenant.chat(chat(10)));

        assertThat(statuses(responses)).isEqualTo(Map.of(200, 5L, 429, 59L));
        assertThat(responses.stream().filter(r -> r.statusCode() == 429).map(TenancyLimitsTest::message).distinct())
                .containsExactly(tenant.scope(ScopeKind.PROJECT) + " is at its limit of 5 concurrent requests.");
        // The places are given back when the requests end.
        assertThat(tenant.chat(chat(10)).statusCode()).isEqualTo(200);
    }

    @Test
    void theTeamsTokensPerMinuteHoldTheEstimatesThenTheRealUsage() throws Exception {
        String body = chat(1000);
        long estimate = body.length() / 4 + 1000;
        TenantParley.Tenant tenant = parley.tenant("tpm")
                .limits(ScopeKind.TEAM, OptionalInt.empty(), OptionalLong.of(5 * estimate + 100), OptionalInt.empty());
        UPSTREAM.fake().defaultAnswer(Reply.defaultReply().withHeaderDelay(HELD));

        List<HttpResponse<String>> responses = parley.together(TenantParley.CLIENTS, () -> tenant.chat(body));

        assertThat(statuses(responses)).isEqualTo(Map.of(200, 5L, 429, 59L));
        assertThat(responses.stream().filter(r -> r.statusCode() == 429).map(TenancyLimitsTest::message).distinct())
                .containsExactly(tenant.scope(ScopeKind.TEAM) + " is at its limit of " + (5 * estimate + 100)
                        + " tokens per minute.");
        // Settled at 19 tokens each, the five leave room for another estimate at once.
        UPSTREAM.fake().defaultAnswer(Reply.defaultReply());
        assertThat(tenant.chat(body).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(ScopeKind.class)
    void theBudgetOfEachScopeAdmitsExactlyTheWorstCasesItHolds(ScopeKind kind) throws Exception {
        String body = chat(20);
        BigDecimal worstCase = TenantParley.worstCase(body, 20);
        BigDecimal amount = worstCase.multiply(BigDecimal.valueOf(7)).add(worstCase.movePointLeft(1).multiply(
                BigDecimal.valueOf(5)));
        TenantParley.Tenant tenant = parley.tenant("budget-" + kind.wire());
        tenant.budget(kind, BudgetPeriod.TOTAL, amount, OptionalInt.empty());
        UPSTREAM.fake().defaultAnswer(Reply.defaultReply().withHeaderDelay(HELD));
        long servedBefore = UPSTREAM.fake().servedCount();

        List<HttpResponse<String>> responses = parley.together(TenantParley.CLIENTS, () -> tenant.chat(body));

        assertThat(statuses(responses)).isEqualTo(Map.of(200, 7L, 402, 57L));
        await().untilAsserted(() -> assertThat(UPSTREAM.fake().servedCount() - servedBefore).isEqualTo(7));
        HttpResponse<String> refused = responses.stream().filter(r -> r.statusCode() == 402).findFirst().orElseThrow();
        assertThat(JSON.readTree(refused.body()).at("/error/code").asString()).isEqualTo("budget_exceeded");
        assertThat(message(refused)).startsWith(tenant.scope(kind) + "'s total budget of $");
        assertThat(refused.headers().firstValue("retry-after")).isEmpty();
        BigDecimal spent = tenant.spent(kind);
        assertThat(spent).isEqualByComparingTo(TenantParley.defaultReplyCost().multiply(BigDecimal.valueOf(7)));
        assertThat(spent).isLessThanOrEqualTo(amount);
    }

    @Test
    void aMaximumBelowTheSmallestSentIsReservedAtThatSmallest() throws Exception {
        // Responses providers are sent at least 16 output tokens, so a request naming 5 may write 16.
        String body = chat(5);
        BigDecimal sixteen = TenantParley.worstCase(body, MaxOutputTokens.SMALLEST_SENT);
        TenantParley.Tenant tenant = parley.tenant("budget-floor");
        tenant.budget(ScopeKind.KEY, BudgetPeriod.TOTAL, sixteen.subtract(new BigDecimal("0.0000000001")),
                OptionalInt.empty());

        assertThat(TenantParley.worstCase(body, 5)).isLessThan(sixteen.subtract(new BigDecimal("0.0000000001")));
        assertThat(tenant.chat(body).statusCode()).isEqualTo(402);
    }

    @Test
    void underSustainedLoadTheLedgerNeverSpendsMoreThanTheBudget() throws Exception {
        String body = chat(20);
        BigDecimal amount = new BigDecimal("1.00");
        TenantParley.Tenant tenant = parley.tenant("load");
        tenant.budget(ScopeKind.TEAM, BudgetPeriod.MONTH, amount, OptionalInt.empty());
        // Each client sends until the budget refuses it; reservations are settled below the worst case as they end.
        List<Integer> admitted = parley.together(TenantParley.CLIENTS, () -> {
            int count = 0;
            while (tenant.chat(body).statusCode() == 200) {
                count++;
            }
            return count;
        });
        int concurrently = admitted.stream().mapToInt(Integer::intValue).sum();
        assertThat(concurrently).isGreaterThanOrEqualTo(amount.divideToIntegralValue(TenantParley.worstCase(body, 20))
                .intValue());
        assertThat(tenant.spent(ScopeKind.TEAM)).isLessThanOrEqualTo(amount);

        // Alone, with nothing in flight, a client is refused only once less than one worst case is left.
        int alone = 0;
        while (tenant.chat(body).statusCode() == 200) {
            alone++;
        }
        BigDecimal spent = tenant.spent(ScopeKind.TEAM);
        assertThat(spent).isLessThanOrEqualTo(amount);
        assertThat(spent).isEqualByComparingTo(TenantParley.defaultReplyCost().multiply(
                BigDecimal.valueOf(concurrently + alone)));
        assertThat(amount.subtract(spent)).isLessThan(TenantParley.worstCase(body, 20));
    }

    @Test
    void failedRequestsGiveTheirPlaceAndTheirReservationBack() throws Exception {
        String body = chat(20);
        BigDecimal worstCase = TenantParley.worstCase(body, 20);
        TenantParley.Tenant tenant = parley.tenant("failed")
                .limits(ScopeKind.KEY, OptionalInt.empty(), OptionalLong.empty(), OptionalInt.of(1));
        // Room for one reservation at a time: a failure that kept its reservation would refuse the next request.
        tenant.budget(ScopeKind.KEY, BudgetPeriod.TOTAL, worstCase.multiply(new BigDecimal("1.5")), OptionalInt.empty());

        for (int i = 0; i < 5; i++) {
            UPSTREAM.enqueue(Fault.status(500));
            assertThat(tenant.chat(body).statusCode()).isEqualTo(502);
        }
        assertThat(tenant.chat(body).statusCode()).isEqualTo(200);

        assertThat(tenant.spent(ScopeKind.KEY)).isEqualByComparingTo(TenantParley.defaultReplyCost());
    }

    @Test
    void cutAndAbandonedStreamsGiveTheirPlaceBack() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("abandoned")
                .limits(ScopeKind.KEY, OptionalInt.empty(), OptionalLong.empty(), OptionalInt.of(1));
        String stream = "{\"model\":\"gpt-test\",\"stream\":true,\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        UPSTREAM.enqueue(Fault.cutAfterChunks(2));

        HttpResponse<String> cut = tenant.chat(stream);

        assertThat(cut.body()).contains("stream_cut");
        assertThat(tenant.chat(chat(10)).statusCode()).isEqualTo(200);

        UPSTREAM.enqueue(Reply.text("w ".repeat(50)).withTextChunks(50).withChunkDelay(Duration.ofMillis(100)));
        HttpResponse<InputStream> open = parley.parley.http().send(HttpRequest.newBuilder(
                        parley.parley.uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + tenant.secret())
                .POST(HttpRequest.BodyPublishers.ofString(stream)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isNotNull();
            assertThat(tenant.chat(chat(10)).statusCode()).isEqualTo(429);
        }

        UPSTREAM.fake().awaitClientHangUps(1, Duration.ofSeconds(5));
        await().untilAsserted(() -> assertThat(tenant.chat(chat(10)).statusCode()).isEqualTo(200));
    }

    @Test
    void aLimitChangedAtRunTimeTakesEffectAtTheNextRequest() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("change")
                .limits(ScopeKind.KEY, OptionalInt.of(2), OptionalLong.empty(), OptionalInt.empty());
        assertThat(tenant.chat(chat(10)).statusCode()).isEqualTo(200);
        assertThat(tenant.chat(chat(10)).statusCode()).isEqualTo(200);
        assertThat(tenant.chat(chat(10)).statusCode()).isEqualTo(429);

        tenant.limits(ScopeKind.KEY, OptionalInt.of(3), OptionalLong.empty(), OptionalInt.empty());

        assertThat(tenant.chat(chat(10)).statusCode()).isEqualTo(200);
        assertThat(tenant.chat(chat(10)).statusCode()).isEqualTo(429);
    }

    @Test
    void keysFromTheConfigurationFileHaveNoLimits() throws Exception {
        List<HttpResponse<String>> responses = parley.together(TenantParley.CLIENTS,
                () -> parley.parley.post("/v1/chat/completions", TestParley.KEY, chat(10)));

        assertThat(statuses(responses)).isEqualTo(Map.of(200, 64L));
    }
}
