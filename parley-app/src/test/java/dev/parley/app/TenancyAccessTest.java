package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.tenancy.AccessRules;
import dev.parley.core.tenancy.Budget;
import dev.parley.core.tenancy.BudgetPeriod;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.testkit.FakeProviderExtension;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The access rules of keys, projects and teams (models, providers, regions, max tokens) through a real Parley, and
 * what a client of each of the four protocols reads when a budget or a rate limit stops it; budget alerts.
 */
class TenancyAccessTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TenantParley parley;

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        parley = TenantParley.inFrontOf(UPSTREAM.baseUrl(), dataDir);
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    private static AccessRules rules(List<String> models, List<String> providers, List<String> regions,
                                     OptionalInt maxTokens) {
        return new AccessRules(models, providers, regions, maxTokens, Optional.empty());
    }

    private static String chat(String model, int maxTokens) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** One request in each protocol, naming at most 10 output tokens. */
    private enum Call {
        CHAT("/v1/chat/completions", chat("gpt-test", 10)),
        RESPONSES("/v1/responses", "{\"model\":\"gpt-test\",\"input\":\"hi\",\"max_output_tokens\":10}"),
        ANTHROPIC("/v1/messages", chat("gpt-test", 10)),
        GEMINI("/v1beta/models/gpt-test:generateContent",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":{\"maxOutputTokens\":10}}");

        final String path;
        final String body;

        Call(String path, String body) {
            this.path = path;
            this.body = body;
        }

        HttpResponse<String> send(TenantParley.Tenant tenant) throws Exception {
            return tenant.owner().parley.send("POST", path, Map.of("authorization", "Bearer " + tenant.secret(),
                    "anthropic-version", "2023-06-01"), body);
        }
    }

    @Test
    void aModelTheKeyMayNotUseIsOneThatDoesNotExist() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("models")
                .keyRules(rules(List.of("plain-*"), List.of(), List.of(), OptionalInt.empty()));

        HttpResponse<String> refused = tenant.chat(chat("gpt-test", 10));
        HttpResponse<String> models = parley.parley.get("/v1/models", tenant.secret());

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(json(refused).at("/error/code").asString()).isEqualTo("model_not_found");
        assertThat(json(refused).at("/error/message").asString())
                .isEqualTo("The model 'gpt-test' does not exist in this Parley.");
        assertThat(tenant.chat(chat("plain-test", 10)).statusCode()).isEqualTo(200);
        assertThat(json(models).findValuesAsString("id")).containsExactly("plain-test");
        assertThat(parley.parley.send("POST", "/v1/messages/count_tokens", Map.of("authorization",
                "Bearer " + tenant.secret(), "anthropic-version", "2023-06-01"), chat("gpt-test", 10)).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aTeamKeptInEuropeIsServedByItsEuropeanChannelOnly() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("regions")
                .teamRules(rules(List.of(), List.of(), List.of("eu-*"), OptionalInt.empty()));

        HttpResponse<String> served = tenant.chat(chat("gpt-test", 10));
        HttpResponse<String> untagged = tenant.chat(chat("plain-test", 10));

        assertThat(served.statusCode()).isEqualTo(200);
        // fake-us is the model's first tier; only fake-eu is in a region the team allows.
        assertThat(served.headers().firstValue("x-parley-provider")).contains("fake-eu");
        assertThat(untagged.statusCode()).isEqualTo(403);
        assertThat(json(untagged).at("/error/code").asString()).isEqualTo("no_allowed_channel");
    }

    @Test
    void aProjectsProvidersNarrowTheChannels() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("providers")
                .projectRules(rules(List.of(), List.of("fake-e*", "fake-plain"), List.of(), OptionalInt.empty()));

        assertThat(tenant.chat(chat("gpt-test", 10)).headers().firstValue("x-parley-provider")).contains("fake-eu");
        assertThat(tenant.chat(chat("plain-test", 10)).statusCode()).isEqualTo(200);

        tenant.projectRules(rules(List.of(), List.of("fake-plain"), List.of(), OptionalInt.empty()));

        assertThat(tenant.chat(chat("gpt-test", 10)).statusCode()).isEqualTo(403);
    }

    @Test
    void theSmallestMaxTokensOfKeyProjectAndTeamBoundsEveryRequest() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("max-tokens")
                .keyRules(rules(List.of(), List.of(), List.of(), OptionalInt.of(100)))
                .teamRules(rules(List.of(), List.of(), List.of(), OptionalInt.of(50)));

        HttpResponse<String> over = tenant.chat(chat("gpt-test", 51));
        HttpResponse<String> unbounded = parley.parley.post("/v1/responses", tenant.secret(),
                "{\"model\":\"gpt-test\",\"input\":\"hi\"}");

        assertThat(over.statusCode()).isEqualTo(400);
        assertThat(json(over).at("/error/code").asString()).isEqualTo("max_tokens_exceeded");
        assertThat(json(over).at("/error/param").asString()).isEqualTo("max_tokens");
        assertThat(json(over).at("/error/message").asString())
                .isEqualTo("max_tokens is 51, but this key may ask for at most 50 output tokens per request.");
        assertThat(unbounded.statusCode()).isEqualTo(400);
        assertThat(json(unbounded).at("/error/param").asString()).isEqualTo("max_output_tokens");
        assertThat(tenant.chat(chat("gpt-test", 50)).statusCode()).isEqualTo(200);
        assertThat(Call.GEMINI.send(tenant).statusCode()).isEqualTo(200);
    }

    @Test
    void aSpentBudgetIsNamedInEachProtocolsShapeAndIsNeverA429() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("budget-shapes");
        tenant.budget(ScopeKind.KEY, BudgetPeriod.TOTAL, BigDecimal.ZERO, OptionalInt.empty());
        String message = tenant.scope(ScopeKind.KEY) + "'s total budget of $0.00 is spent ($0.00 spent, $0.00 held"
                + " by requests in flight).";

        HttpResponse<String> chat = Call.CHAT.send(tenant);
        HttpResponse<String> responses = Call.RESPONSES.send(tenant);
        HttpResponse<String> anthropic = Call.ANTHROPIC.send(tenant);
        HttpResponse<String> gemini = Call.GEMINI.send(tenant);

        assertThat(chat.statusCode()).isEqualTo(402);
        assertThat(json(chat).at("/error/type").asString()).isEqualTo("budget_exceeded");
        assertThat(json(chat).at("/error/message").asString()).isEqualTo(message);
        assertThat(responses.statusCode()).isEqualTo(402);
        assertThat(json(responses).at("/error/code").asString()).isEqualTo("budget_exceeded");
        assertThat(anthropic.statusCode()).isEqualTo(402);
        assertThat(json(anthropic).at("/error/type").asString()).isEqualTo("billing_error");
        assertThat(json(anthropic).at("/error/message").asString()).isEqualTo(message);
        assertThat(gemini.statusCode()).isEqualTo(400);
        assertThat(json(gemini).at("/error/status").asString()).isEqualTo("FAILED_PRECONDITION");
        assertThat(json(gemini).at("/error/message").asString()).isEqualTo(message);
        for (HttpResponse<String> response : List.of(chat, responses, anthropic, gemini)) {
            assertThat(response.headers().firstValue("retry-after")).isEmpty();
        }
    }

    @Test
    void aDailyBudgetSaysWhenItStartsAgain() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("daily");
        tenant.budget(ScopeKind.TEAM, BudgetPeriod.DAY, BigDecimal.ZERO, OptionalInt.empty());
        Instant tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

        HttpResponse<String> refused = Call.CHAT.send(tenant);

        assertThat(refused.statusCode()).isEqualTo(402);
        assertThat(json(refused).at("/error/message").asString()).endsWith(" It starts again at " + tomorrow + ".");
        long retryAfter = refused.headers().firstValueAsLong("retry-after").orElseThrow();
        assertThat(Instant.now().plusSeconds(retryAfter)).isBetween(tomorrow.minusSeconds(5), tomorrow.plusSeconds(5));
    }

    @Test
    void aRateLimitIsA429WithRetryAfterInEachProtocolsShape() throws Exception {
        for (Call call : Call.values()) {
            TenantParley.Tenant tenant = parley.tenant("rpm-" + call.name().toLowerCase())
                    .limits(ScopeKind.MEMBER, OptionalInt.of(1), OptionalLong.empty(), OptionalInt.empty());
            assertThat(call.send(tenant).statusCode()).as(call.name()).isEqualTo(200);

            HttpResponse<String> refused = call.send(tenant);

            assertThat(refused.statusCode()).as(call.name()).isEqualTo(429);
            assertThat(refused.headers().firstValueAsLong("retry-after").orElseThrow()).as(call.name()).isBetween(55L, 60L);
            String expected = tenant.scope(ScopeKind.MEMBER) + " is at its limit of 1 request per minute.";
            JsonNode body = json(refused);
            switch (call) {
                case CHAT, RESPONSES -> {
                    assertThat(body.at("/error/type").asString()).isEqualTo("rate_limit_error");
                    assertThat(body.at("/error/message").asString()).isEqualTo(expected);
                }
                case ANTHROPIC -> {
                    assertThat(body.at("/type").asString()).isEqualTo("error");
                    assertThat(body.at("/error/type").asString()).isEqualTo("rate_limit_error");
                    assertThat(body.at("/error/message").asString()).isEqualTo(expected);
                }
                case GEMINI -> {
                    assertThat(body.at("/error/status").asString()).isEqualTo("RESOURCE_EXHAUSTED");
                    assertThat(body.at("/error/message").asString()).isEqualTo(expected);
                    assertThat(body.at("/error/details/0/retryDelay").asString()).endsWith("s");
                }
            }
        }
    }

    @Test
    void aBudgetsSoftThresholdAlertsOnceAndTheMasterKeySeesIt() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("alert");
        Budget budget = tenant.budget(ScopeKind.PROJECT, BudgetPeriod.MONTH, new BigDecimal("1.00"), OptionalInt.of(10));

        assertThat(tenant.chat(chat("gpt-test", 10)).statusCode()).isEqualTo(200); // $0.082: 8.2 %
        assertThat(alertsOf(budget)).isEmpty();
        assertThat(tenant.chat(chat("gpt-test", 10)).statusCode()).isEqualTo(200); // $0.164: past 10 %
        assertThat(tenant.chat(chat("gpt-test", 10)).statusCode()).isEqualTo(200);

        List<JsonNode> alerts = alertsOf(budget);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.getFirst().get("scope_id").asString()).isEqualTo(tenant.project().id());
        assertThat(alerts.getFirst().get("percent").asInt()).isEqualTo(10);
        assertThat(new BigDecimal(alerts.getFirst().get("spent").asString())).isEqualByComparingTo("0.164");
        assertThat(parley.parley.get("/admin/alerts", tenant.secret()).statusCode()).isEqualTo(403);
    }

    private static List<JsonNode> alertsOf(Budget budget) throws Exception {
        HttpResponse<String> response = parley.parley.get("/admin/alerts", TenantParley.MASTER);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).get("recent").valueStream()
                .filter(alert -> alert.get("budget").asString().equals(budget.id())).toList();
    }
}
