package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.MaxOutputTokens;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.ProviderType;
import dev.parley.core.config.TimeoutOverrides;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.Route;
import dev.parley.core.tenancy.AccessRules;
import dev.parley.core.tenancy.Budget;
import dev.parley.core.tenancy.BudgetBook;
import dev.parley.core.tenancy.BudgetPeriod;
import dev.parley.core.tenancy.EffectiveAccess;
import dev.parley.core.tenancy.LimitKind;
import dev.parley.core.tenancy.LimitBook;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.ScopeKind;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What a client reads when admission stops its request, and which channels a key's rules leave it. */
class AdmissionErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-24T21:00:00Z");
    private static final Scope PROJECT = new Scope(ScopeKind.PROJECT, "p1");

    @Test
    void aRateLimitNamesTheScopeAndTheLimitAndSaysWhenToRetry() {
        ApiError error = AdmissionErrors.limit(new LimitBook.Refused(PROJECT, LimitKind.RPM, 10,
                Optional.of(NOW.plusSeconds(42))), 100, Optional.empty(), NOW);

        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.message()).isEqualTo("project p1 is at its limit of 10 requests per minute.");
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(42));
        assertThat(AdmissionErrors.limit(new LimitBook.Refused(PROJECT, LimitKind.CONCURRENCY, 2,
                Optional.of(NOW)), 100, Optional.empty(), NOW).retryAfter()).contains(Duration.ofSeconds(1));
    }

    @Test
    void aPrepaidBalanceThatCannotCoverARequestSaysWhatIsLeftAndNeverToWait() {
        Budget account = new Budget("acct_1", new Scope(ScopeKind.TEAM, "t1"), BudgetPeriod.TOTAL, new BigDecimal("50"),
                OptionalInt.empty());
        ApiError error = AdmissionErrors.balance(new BudgetBook.Exhausted(account, new BigDecimal("49.7"),
                new BigDecimal("50"), new BigDecimal("0.18"), new BigDecimal("0.29"), Optional.empty()));

        assertThat(error.kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
        assertThat(error.message()).isEqualTo("team t1's prepaid balance cannot cover this request's worst case of"
                + " $0.29: $0.12 is available ($50.00 credit, $49.70 charged, $0.18 held by requests in flight)."
                + " A top-up lets requests through again.");
        assertThat(error.retryAfter()).isEmpty();
        ApiError overdrawn = AdmissionErrors.balance(new BudgetBook.Exhausted(account, new BigDecimal("50.3"),
                new BigDecimal("50"), BigDecimal.ZERO, new BigDecimal("0.29"), Optional.empty()));
        assertThat(overdrawn.message()).contains("$0.00 is available");
    }

    @Test
    void aRequestLargerThanATokensPerMinuteLimitIsTheClientsToShrink() {
        ApiError error = AdmissionErrors.limit(new LimitBook.Refused(PROJECT, LimitKind.TPM, 1000, Optional.empty()),
                5000, Optional.of("max_tokens"), NOW);

        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(error.param()).contains("max_tokens");
        assertThat(error.message()).contains("5000 tokens", "project p1's limit of 1000 tokens per minute");
    }

    @Test
    void aSpentBudgetIsNamedWithItsAmountAndWhenItStartsAgain() {
        Budget daily = new Budget("b1", new Scope(ScopeKind.TEAM, "t1"), BudgetPeriod.DAY, new BigDecimal("5"),
                OptionalInt.empty());
        ApiError spent = AdmissionErrors.budget(new BudgetBook.Exhausted(daily, new BigDecimal("4.9"), daily.amount(),
                new BigDecimal("0.1"), new BigDecimal("0.0025"), BudgetPeriod.DAY.windowEnd(NOW)), NOW);

        assertThat(spent.kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
        assertThat(spent.message()).isEqualTo("team t1's daily budget of $5.00 is spent ($4.90 spent, $0.10 held by"
                + " requests in flight). It starts again at 2026-11-25T00:00:00Z.");
        assertThat(spent.retryAfter()).contains(Duration.ofHours(3));

        Budget total = new Budget("b2", new Scope(ScopeKind.KEY, "k1"), BudgetPeriod.TOTAL, new BigDecimal("1.00"),
                OptionalInt.empty());
        ApiError tooDear = AdmissionErrors.budget(new BudgetBook.Exhausted(total, new BigDecimal("0.99"), total.amount(),
                BigDecimal.ZERO, new BigDecimal("0.0123450000"), Optional.empty()), NOW);
        assertThat(tooDear.message()).isEqualTo("key k1's total budget of $1.00 cannot cover this request (up to"
                + " $0.012345; $0.99 is spent or held by requests in flight).");
        assertThat(tooDear.retryAfter()).isEmpty();
    }

    @Test
    void maxTokensAreRequiredAndBoundedWhenAKeyHasALimit() {
        assertThat(AdmissionErrors.maxTokens(Protocol.ANTHROPIC_MESSAGES,
                Optional.of(new MaxOutputTokens("max_tokens", 1024)), 1024)).isEmpty();
        ApiError over = AdmissionErrors.maxTokens(Protocol.ANTHROPIC_MESSAGES,
                Optional.of(new MaxOutputTokens("max_tokens", 1025)), 1024).orElseThrow();
        ApiError missing = AdmissionErrors.maxTokens(Protocol.OPENAI_RESPONSES, Optional.empty(), 1024).orElseThrow();

        assertThat(over.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(over.message()).isEqualTo("max_tokens is 1025, but this key may ask for at most 1024 output tokens"
                + " per request.");
        assertThat(missing.param()).contains("max_output_tokens");
    }

    @Test
    void aKeysRulesLeaveOnlyItsChannelsAndItsModelsFallbacks() {
        ProviderConfig eu = provider("eu", Optional.of("eu-west"));
        ProviderConfig us = provider("us", Optional.of("us-east"));
        Route model = new Route("big", List.of(new Channel(us, "m", 1, 0), new Channel(eu, "m", 1, 1)));
        Route fallback = new Route("small", List.of(new Channel(eu, "s", 1, 0)));
        Route forbidden = new Route("huge", List.of(new Channel(eu, "h", 1, 0)));
        EffectiveAccess inEurope = EffectiveAccess.of(List.of(new AccessRules(List.of("big", "small"), List.of(),
                List.of("eu-*"), OptionalInt.empty(), Optional.empty())));

        List<Route> allowed = Admission.allowedRoutes(List.of(model, forbidden, fallback), inEurope);

        assertThat(allowed).extracting(Route::model).containsExactly("big", "small");
        assertThat(allowed.getFirst().channels()).extracting(c -> c.provider().name()).containsExactly("eu");
        assertThat(Admission.allowedRoutes(List.of(model), EffectiveAccess.ALL)).containsExactly(model);
    }

    private static ProviderConfig provider(String name, Optional<String> region) {
        return new ProviderConfig(name, ProviderType.OPENAI_COMPATIBLE, URI.create("http://localhost/v1"), List.of(),
                Map.of(), TimeoutOverrides.NONE, OptionalInt.empty(), OptionalLong.empty(), Optional.empty(), region);
    }
}
