package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.pricing.Cost;
import dev.parley.core.usage.UsageRecord;
import dev.parley.testkit.FakeProviderExtension;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Markups per team, project and key, and prices set through the admin API, as an operator who resells usage drives
 * them: each request's row is priced at the markup of its key, else its project, else its team, else the
 * configuration's; a price set, changed or removed makes a new price version, which the rows priced after it name,
 * while the rows priced before keep their cost and version; each version stays listed with the prices it had. Through
 * a real Parley on SQLite in front of a fake provider that answers 12 input and 7 output tokens.
 */
class PricingApiTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TenantParley parley;
    static AdminClient admin;

    /** 12 input tokens at $0.001 and 7 output tokens at $0.01: the configuration's price of fake-plain's model. */
    static final BigDecimal FILE_PRICED = new BigDecimal("0.082");

    @BeforeAll
    static void start() throws Exception {
        parley = TenantParley.inFrontOf(UPSTREAM.baseUrl(), dataDir);
        admin = parley.admin();
        // A model on a provider of the file whose upstream model has no price, in the file or the bundled data.
        admin.expect(201, "POST", "/admin/models", TenantParley.MASTER,
                "{\"name\":\"api-model\",\"routes\":[{\"provider\":\"fake-plain\",\"model\":\"house-model\"}]}");
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    private static UsageRecord send(TenantParley.Tenant tenant, String model) throws Exception {
        HttpResponse<String> response = tenant.chat("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"How far is the moon?\"}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parley.row(response.headers().firstValue("x-parley-request-id").orElseThrow());
    }

    private static Cost cost(UsageRecord row) {
        return row.cost().orElseThrow(() -> new AssertionError("row " + row.requestId() + " has no cost"));
    }

    private static void putMarkup(String kind, String id, String percent) throws Exception {
        admin.expect(200, "PUT", "/admin/markups/" + kind + "/" + id, TenantParley.MASTER,
                "{\"percent\":\"" + percent + "\"}");
    }

    @Test
    void theMostSpecificMarkupPricesEachRequest() throws Exception {
        TenantParley.Tenant marked = parley.tenant("marked");
        TenantParley.Tenant plain = parley.tenant("plain");

        putMarkup("team", marked.team().id(), "10");
        Cost teams = cost(send(marked, "plain-test"));
        putMarkup("project", marked.project().id(), "25");
        Cost projects = cost(send(marked, "plain-test"));
        putMarkup("key", marked.key().id(), "-20");
        Cost keys = cost(send(marked, "plain-test"));
        admin.expect(204, "DELETE", "/admin/markups/key/" + marked.key().id(), TenantParley.MASTER, "");
        admin.expect(204, "DELETE", "/admin/markups/project/" + marked.project().id(), TenantParley.MASTER, "");
        Cost teamsAgain = cost(send(marked, "plain-test"));
        Cost none = cost(send(plain, "plain-test"));

        assertThat(List.of(teams, projects, keys, teamsAgain, none)).allSatisfy(c ->
                assertThat(c.base()).isEqualByComparingTo(FILE_PRICED));
        assertThat(teams.markupPercent()).isEqualByComparingTo("10");
        assertThat(teams.markup()).isEqualByComparingTo("0.0082");
        assertThat(teams.total()).isEqualByComparingTo("0.0902");
        assertThat(projects.markup()).isEqualByComparingTo("0.0205");
        assertThat(keys.markupPercent()).isEqualByComparingTo("-20");
        assertThat(keys.total()).isEqualByComparingTo("0.0656");
        assertThat(teamsAgain.markup()).isEqualByComparingTo("0.0082");
        assertThat(none.markupPercent()).isEqualByComparingTo("0");
        assertThat(none.total()).isEqualByComparingTo(FILE_PRICED);
    }

    @Test
    void aDiscountedTeamsBudgetReservesTheDiscountedWorstCase() throws Exception {
        TenantParley.Tenant discounted = parley.tenant("discounted");
        putMarkup("team", discounted.team().id(), "-100");

        UsageRecord row = send(discounted, "plain-test");

        assertThat(cost(row).total()).isEqualByComparingTo("0");
        assertThat(cost(row).base()).isEqualByComparingTo(FILE_PRICED);
    }

    @Test
    void aPriceChangeMakesANewVersionAndOldRowsKeepTheirs() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("prices");
        parley.reload();
        String fileVersion = admin.get("/admin/prices", TenantParley.MASTER).get("version").asString();
        UsageRecord unpriced = send(tenant, "api-model");

        JsonNode first = admin.expect(200, "PUT", "/admin/prices", TenantParley.MASTER, "{\"provider\":\"fake-plain\","
                + "\"model\":\"house-model\",\"input\":\"2\",\"output\":4}");
        UsageRecord atFirst = send(tenant, "api-model");
        admin.expect(200, "PUT", "/admin/prices", TenantParley.MASTER, "{\"provider\":\"fake-plain\","
                + "\"model\":\"house-model\",\"input\":\"3.5\",\"output\":\"4\",\"cache_read\":\"0.35\"}");
        UsageRecord atSecond = send(tenant, "api-model");
        String secondVersion = admin.get("/admin/prices", TenantParley.MASTER).get("version").asString();
        admin.expect(204, "DELETE", "/admin/prices?provider=fake-plain&model=house-model", TenantParley.MASTER, "");
        UsageRecord afterDelete = send(tenant, "api-model");

        assertThat(unpriced.cost()).isEmpty();
        assertThat(unpriced.priceVersion()).contains(fileVersion);
        String firstVersion = first.get("version").asString();
        assertThat(List.of(fileVersion, firstVersion, secondVersion)).doesNotHaveDuplicates();
        assertThat(atFirst.priceVersion()).contains(firstVersion);
        assertThat(cost(atFirst).total()).isEqualByComparingTo("0.000052");
        assertThat(atSecond.priceVersion()).contains(secondVersion);
        assertThat(cost(atSecond).total()).isEqualByComparingTo("0.00007");
        // Removing the price gives back exactly the prices of before, and so their version.
        assertThat(afterDelete.priceVersion()).contains(fileVersion);
        assertThat(afterDelete.cost()).isEmpty();
        // The rows priced before keep what they were billed.
        assertThat(parley.row(atFirst.requestId()).cost()).isEqualTo(atFirst.cost());

        JsonNode versions = admin.get("/admin/prices/versions", TenantParley.MASTER).get("items");
        List<String> listed = new ArrayList<>();
        versions.forEach(v -> listed.add(v.get("version").asString()));
        assertThat(listed).contains(fileVersion, firstVersion, secondVersion);
        JsonNode second = admin.get("/admin/prices/versions/" + secondVersion, TenantParley.MASTER);
        assertThat(second.get("prices").toString()).contains("\"model\":\"house-model\"", "\"input\":\"3.5\"",
                "\"cache_read\":\"0.35\"", "\"model\":\"upstream-model\"");
        assertThat(admin.get("/admin/prices/versions/" + fileVersion, TenantParley.MASTER).get("prices").toString())
                .doesNotContain("house-model");
    }

    @Test
    void pricesAndMarkupsRefuseWhatCannotBeBilled() throws Exception {
        TenantParley.Tenant tenant = parley.tenant("refusals");
        String price = "{\"provider\":\"%s\",\"model\":\"%s\",\"input\":%s,\"output\":1}";

        // The file's own price is changed in the file.
        assertThat(admin.call("PUT", "/admin/prices", TenantParley.MASTER,
                price.formatted("fake-plain", "upstream-model", "1")).status()).isEqualTo(409);
        // A provider Parley does not know: the configuration's own message.
        AdminClient.Answer unknown = admin.call("PUT", "/admin/prices", TenantParley.MASTER,
                price.formatted("nowhere", "m", "1"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("unknown provider");
        assertThat(admin.call("PUT", "/admin/prices", TenantParley.MASTER,
                price.formatted("fake-plain", "m", "-1")).body()).contains("input", "negative");
        assertThat(admin.call("PUT", "/admin/prices", TenantParley.MASTER,
                price.formatted("fake-plain", "m", "0.1e-12")).status()).isBetween(400, 422);
        assertThat(admin.call("PUT", "/admin/markups/team/" + tenant.team().id(), TenantParley.MASTER,
                "{\"percent\":1000.5}").body()).contains("percent", "-100", "1000");
        assertThat(admin.call("PUT", "/admin/markups/member/" + tenant.member().id(), TenantParley.MASTER,
                "{\"percent\":5}").status()).isEqualTo(400);
        assertThat(admin.call("PUT", "/admin/markups/team/no-such-team", TenantParley.MASTER,
                "{\"percent\":5}").status()).isEqualTo(404);
        // Nothing refused changed the prices.
        assertThat(admin.get("/admin/prices", TenantParley.MASTER).get("prices").toString()).doesNotContain("\"m\"");
    }
}
