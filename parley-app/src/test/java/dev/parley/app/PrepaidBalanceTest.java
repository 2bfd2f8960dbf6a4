package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.tenancy.ScopeKind;
import dev.parley.testkit.FakeProviderExtension;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Prepaid balances through a real Parley on SQLite, driven through the admin API as an operator would: 64 clients at
 * once spend a team's small credit until they are refused with a 402, the ledger never charges more than the credit,
 * a top-up lets requests through again at once, and the statement's charges are the ledger rows' costs.
 */
class PrepaidBalanceTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TenantParley parley;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER = TenantParley.MASTER;

    @BeforeAll
    static void start() {
        parley = TenantParley.inFrontOf(UPSTREAM.baseUrl(), dataDir);
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    private static JsonNode admin(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response = method.equals("GET") ? parley.parley.get(path, MASTER)
                : parley.parley.post(path, MASTER, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static BigDecimal money(JsonNode node, String field) {
        return new BigDecimal(node.path(field).asString());
    }

    private static String order(String kind, String amount, String reference) {
        return "{\"kind\":\"" + kind + "\",\"amount\":\"" + amount + "\",\"reason\":\"prepaid test\",\"reference\":\""
                + reference + "\"}";
    }

    @Test
    void manyClientsSpendTheCreditUntilRefusedAndATopUpLetsThemThroughAgain() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("prepaid");
        String account = "/admin/accounts/team/" + tenant.team().id();
        admin("POST", "/admin/accounts", "{\"scope_kind\":\"team\",\"scope_id\":\"" + tenant.team().id()
                + "\",\"alert_below\":\"0.5\"}", 201);
        BigDecimal credit = new BigDecimal("2.00");
        admin("POST", account + "/orders", order("top_up", "2.00", "inv-1"), 201);
        String body = TenancyLimitsTest.chat(20);
        BigDecimal worstCase = TenantParley.worstCase(body, 20);

        List<List<Integer>> refusals = parley.together(TenantParley.CLIENTS, () -> {
            int admitted = 0;
            HttpResponse<String> last;
            while ((last = tenant.chat(body)).statusCode() == 200) {
                admitted++;
            }
            return List.of(admitted, last.statusCode());
        });

        assertThat(refusals).extracting(r -> r.get(1)).containsOnly(402);
        int concurrently = refusals.stream().mapToInt(List::getFirst).sum();
        assertThat(concurrently).isGreaterThanOrEqualTo(credit.divideToIntegralValue(worstCase).intValue());
        HttpResponse<String> refused = tenant.chat(body);
        assertThat(refused.statusCode()).isEqualTo(402);
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("insufficient_balance");
        assertThat(error.path("message").asString())
                .startsWith("team " + tenant.team().id() + "'s prepaid balance cannot cover this request's worst case")
                .doesNotContain(tenant.secret());
        assertThat(refused.headers().firstValue("retry-after")).isEmpty();

        // Alone, with nothing in flight, a client is refused only once less than one worst case is left.
        int alone = 0;
        while (tenant.chat(body).statusCode() == 200) {
            alone++;
        }
        BigDecimal ledger = tenant.spent(ScopeKind.TEAM);
        assertThat(ledger).isEqualByComparingTo(TenantParley.defaultReplyCost().multiply(
                BigDecimal.valueOf(concurrently + alone)));
        JsonNode spent = admin("GET", account, "", 200);
        assertThat(money(spent, "credit")).isEqualByComparingTo(credit);
        assertThat(money(spent, "charged")).isEqualByComparingTo(ledger).isLessThanOrEqualTo(credit);
        assertThat(money(spent, "reserved")).isZero();
        assertThat(money(spent, "available")).isEqualByComparingTo(credit.subtract(ledger)).isLessThan(worstCase);
        JsonNode alerts = admin("GET", "/admin/alerts", "", 200).path("recent");
        assertThat(alerts.valueStream().filter(a -> a.path("alert").asString().equals("low_balance")
                && a.path("scope_id").asString().equals(tenant.team().id()))).hasSize(1);

        // A top-up holds from the next request on; sent again under its reference, it is not booked twice.
        admin("POST", account + "/orders", order("top_up", "0.50", "inv-2"), 201);
        assertThat(tenant.chat(body).statusCode()).isEqualTo(200);
        admin("POST", account + "/orders", order("top_up", "0.50", "inv-2"), 200);
        admin("POST", account + "/orders", order("top_up", "0.75", "inv-2"), 409);
        admin("POST", account + "/orders", "{\"kind\":\"adjustment\",\"amount\":\"-0.01\",\"reason\":\"rounding\"}",
                201);
        assertThat(money(admin("GET", account, "", 200), "credit")).isEqualByComparingTo("2.49");
        assertThat(admin("GET", account + "/orders?limit=2", "", 200).path("next").isString()).isTrue();

        BigDecimal charged = tenant.spent(ScopeKind.TEAM);
        String month = YearMonth.from(Instant.now().atOffset(ZoneOffset.UTC)).toString();
        JsonNode statement = admin("GET", account + "/statement?period=" + month, "", 200);
        assertThat(money(statement, "opening")).isZero();
        assertThat(money(statement, "ordered")).isEqualByComparingTo("2.49");
        assertThat(money(statement, "charged")).isEqualByComparingTo(charged);
        assertThat(statement.path("requests").asLong()).isEqualTo(concurrently + alone + 1);
        assertThat(money(statement, "closing")).isEqualByComparingTo(new BigDecimal("2.49").subtract(charged));
        assertThat(statement.path("by_day").valueStream().map(d -> money(d, "charged"))
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(charged);
        assertThat(statement.path("by_model").valueStream().map(m -> m.path("model").asString()).toList())
                .containsExactly("gpt-test");
    }

    @Test
    void aPrepaidRequestThatNamesNoMaximumIsSentWithTheOneItReserved() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("prepaid-cap");
        admin("POST", "/admin/accounts", "{\"scope_kind\":\"team\",\"scope_id\":\"" + tenant.team().id() + "\"}", 201);
        admin("POST", "/admin/accounts/team/" + tenant.team().id() + "/orders", order("top_up", "100", "cap"), 201);

        String body = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(tenant.chat(body).statusCode()).isEqualTo(200);

        JsonNode sent = JSON.readTree(UPSTREAM.fake().lastRequest().bodyText());
        assertThat(sent.path("max_completion_tokens").asLong()).isEqualTo(4096);
    }

    @Test
    void aMembersOwnAccountPaysBeforeTheTeamsAndRowsBeforeItWereNotCharged() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("prepaid-member");
        parley.reload();
        String body = TenancyLimitsTest.chat(20);
        assertThat(tenant.chat(body).statusCode()).isEqualTo(200);
        admin("POST", "/admin/accounts", "{\"scope_kind\":\"team\",\"scope_id\":\"" + tenant.team().id() + "\"}", 201);
        admin("POST", "/admin/accounts/team/" + tenant.team().id() + "/orders", order("top_up", "100", "t"), 201);
        admin("POST", "/admin/accounts", "{\"scope_kind\":\"member\",\"scope_id\":\"" + tenant.member().id() + "\"}",
                201);

        HttpResponse<String> refused = tenant.chat(body);
        assertThat(refused.statusCode()).isEqualTo(402);
        assertThat(JSON.readTree(refused.body()).at("/error/message").asString())
                .startsWith("member " + tenant.member().id() + "'s prepaid balance");
        admin("POST", "/admin/accounts/member/" + tenant.member().id() + "/orders", order("top_up", "1", "m"), 201);
        assertThat(tenant.chat(body).statusCode()).isEqualTo(200);

        parley.parley.parley.flushUsage();
        assertThat(money(admin("GET", "/admin/accounts/member/" + tenant.member().id(), "", 200), "charged"))
                .isEqualByComparingTo(TenantParley.defaultReplyCost());
        // The first request came before either account: neither was charged for it.
        assertThat(money(admin("GET", "/admin/accounts/team/" + tenant.team().id(), "", 200), "charged")).isZero();
        assertThat(tenant.spent(ScopeKind.TEAM)).isEqualByComparingTo(TenantParley.defaultReplyCost()
                .multiply(BigDecimal.TWO));
    }
}
