package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Usage reports and exports over real traffic: two teams' store keys send requests through Parley to the fake
 * provider, and {@code /admin/usage} and {@code parley usage} must show what the fake served, priced exactly, each
 * caller seeing only what they may.
 */
class UsageReportsTest {

    private static final String MASTER = AdminApiTest.MASTER;
    private static final int REQUESTS_A = 5;
    private static final int REQUESTS_B = 3;

    @RegisterExtension
    /** A Parley whose model has a price and a markup, so that rows have costs. */
    static final AdminParley SETUP = new AdminParley("""
            prices:
              - {provider: fake-openai, model: upstream-model, input: 2.50, output: 10.00}
            markup_percent: 10
            """);

    static String teamA;
    static String teamB;
    static String projectA;
    static String memberA;
    static String keyA;
    static String keyB;
    static Usage servedA;
    static Usage servedB;

    @BeforeAll
    static void traffic() throws Exception {
        teamA = SETUP.admin().post("/admin/teams", MASTER, "{\"name\":\"usage-alpha\"}").path("id").asString();
        teamB = SETUP.admin().post("/admin/teams", MASTER, "{\"name\":\"usage-beta\"}").path("id").asString();
        projectA = SETUP.admin().post("/admin/projects", MASTER, "{\"team_id\":\"" + teamA + "\",\"name\":\"web\"}")
                .path("id").asString();
        String projectB = SETUP.admin().post("/admin/projects", MASTER, "{\"team_id\":\"" + teamB
                + "\",\"name\":\"batch\"}").path("id").asString();
        memberA = SETUP.admin().post("/admin/members", MASTER, "{\"email\":\"ada@example.com\",\"name\":\"Ada\"}")
                .path("id").asString();
        SETUP.admin().expect(201, "PUT", "/admin/teams/" + teamA + "/members/" + memberA, MASTER,
                "{\"role\":\"member\"}");
        keyA = SETUP.admin().key(MASTER, projectA, memberA).path("key").asString();
        keyB = SETUP.admin().key(MASTER, projectB, "").path("key").asString();

        // The fake counts a reply once it has written all of it, which may be just after the client has read it.
        int served = (int) SETUP.fake().servedCount();
        Usage before = SETUP.fake().tokensServed();
        send(keyA, REQUESTS_A);
        SETUP.fake().awaitServed(served + REQUESTS_A, Duration.ofSeconds(10));
        Usage afterA = SETUP.fake().tokensServed();
        send(keyB, REQUESTS_B);
        SETUP.fake().awaitServed(served + REQUESTS_A + REQUESTS_B, Duration.ofSeconds(10));
        Usage afterB = SETUP.fake().tokensServed();
        servedA = minus(afterA, before);
        servedB = minus(afterB, afterA);
        SETUP.parley().parley.flushUsage();
    }

    private static void send(String key, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            int status = SETUP.parley().post("/v1/chat/completions", key, "{\"model\":\"gpt-test\",\"messages\":"
                    + "[{\"role\":\"user\",\"content\":\"Hello number " + i + "\"}]}").statusCode();
            assertThat(status).isEqualTo(200);
        }
    }

    private static Usage minus(Usage a, Usage b) {
        return new Usage(a.inputTokens() - b.inputTokens(), a.outputTokens() - b.outputTokens(),
                a.cacheReadTokens() - b.cacheReadTokens(), a.cacheWriteTokens() - b.cacheWriteTokens(),
                a.reasoningTokens() - b.reasoningTokens());
    }

    /** What the rows cost: every row's base is exact at these prices, and so is its 10 % markup. */
    private static BigDecimal cost(Usage served) {
        BigDecimal base = new BigDecimal("2.50").multiply(BigDecimal.valueOf(served.inputTokens()))
                .add(new BigDecimal("10.00").multiply(BigDecimal.valueOf(served.outputTokens())))
                .movePointLeft(6);
        return base.multiply(new BigDecimal("1.10"));
    }

    private static JsonNode row(JsonNode report, String field, String value) {
        for (JsonNode row : report.path("rows")) {
            if (row.path(field).asString().equals(value)) {
                return row;
            }
        }
        throw new AssertionError("no row with " + field + " " + value + " in " + report);
    }

    @Test
    void theReportByTeamShowsWhatTheProviderServedAndWhatItCost() throws Exception {
        JsonNode report = SETUP.admin().get("/admin/usage/report?by=team,project&since=1h", MASTER);
        assertThat(report.path("by").toString()).isEqualTo("[\"team\",\"project\"]");
        JsonNode a = row(report, "team", teamA);
        assertThat(a.path("team_name").asString()).isEqualTo("usage-alpha");
        assertThat(a.path("project_name").asString()).isEqualTo("web");
        assertThat(a.path("requests").asLong()).isEqualTo(REQUESTS_A);
        assertThat(a.path("input_tokens").asLong()).isEqualTo(servedA.inputTokens());
        assertThat(a.path("output_tokens").asLong()).isEqualTo(servedA.outputTokens());
        assertThat(a.path("priced_requests").asLong()).isEqualTo(REQUESTS_A);
        assertThat(a.path("cost_total").isString()).isTrue();
        assertThat(new BigDecimal(a.path("cost_total").asString())).isEqualByComparingTo(cost(servedA));
        JsonNode b = row(report, "team", teamB);
        assertThat(b.path("requests").asLong()).isEqualTo(REQUESTS_B);
        assertThat(b.path("output_tokens").asLong()).isEqualTo(servedB.outputTokens());
        assertThat(new BigDecimal(b.path("cost_total").asString())).isEqualByComparingTo(cost(servedB));
        assertThat(report.at("/total/requests").asLong()).isGreaterThanOrEqualTo(REQUESTS_A + REQUESTS_B);

        // Latency over the same rows: the mean is the raw rows' (to the microsecond the rollups keep), the
        // percentiles bound it from above.
        double mean = SETUP.admin().call("GET", "/admin/usage/records?since=1h&team=" + teamA, MASTER, "").body()
                .lines().mapToDouble(line -> AdminClient.JSON.readTree(line).path("latency_ms").asDouble())
                .average().orElseThrow();
        assertThat(a.path("avg_latency_ms").asDouble()).isCloseTo(mean, org.assertj.core.data.Offset.offset(0.002));
        assertThat(a.path("p95_latency_ms").asDouble()).isGreaterThanOrEqualTo(a.path("p50_latency_ms").asDouble())
                .isPositive();
        assertThat(a.path("avg_overhead_ms").isNumber()).as(a.toString()).isTrue();
        assertThat(a.path("avg_overhead_ms").asDouble()).isLessThan(a.path("avg_latency_ms").asDouble());

        JsonNode byDay = SETUP.admin().get("/admin/usage/report?grain=day&team=" + teamA + "&since=2d", MASTER);
        assertThat(byDay.path("rows")).hasSize(1);
        assertThat(byDay.at("/rows/0/bucket").asString()).endsWith("T00:00:00Z");
        assertThat(byDay.at("/total/requests").asLong()).isEqualTo(REQUESTS_A);
    }

    @Test
    void aMemberSeesTheirOwnUsageOnlyAndAnotherTeamIsNotFound() throws Exception {
        JsonNode own = SETUP.admin().get("/admin/usage/report?by=team,key&since=1h", keyA);
        assertThat(own.path("rows")).hasSize(1);
        assertThat(own.at("/rows/0/team").asString()).isEqualTo(teamA);
        assertThat(own.at("/total/requests").asLong()).isEqualTo(REQUESTS_A);
        assertThat(own.toString()).doesNotContain(teamB, "usage-beta");
        assertThat(SETUP.admin().call("GET", "/admin/usage/report?team=" + teamB, keyA, "").status()).isEqualTo(404);
        AdminClient.Answer records = SETUP.admin().call("GET", "/admin/usage/records?since=1h", keyA, "");
        assertThat(records.status()).isEqualTo(200);
        assertThat(records.body().lines().toList()).hasSize(REQUESTS_A)
                .allSatisfy(line -> assertThat(line).contains("\"team_id\":\"" + teamA + "\""));
    }

    @Test
    void exportsAndReportsComeAsCsvAndBadQueriesAreRefusedNamingTheParameter() throws Exception {
        AdminClient.Answer csv = SETUP.admin().call("GET", "/admin/usage/records?since=1h&format=csv&team=" + teamB,
                MASTER, "");
        assertThat(csv.response().headers().firstValue("content-type")).hasValueSatisfying(t -> t.startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).startsWith("request_id,started_at,key_name");
        assertThat(lines).hasSize(1 + REQUESTS_B);
        AdminClient.Answer report = SETUP.admin().call("GET", "/admin/usage/report?by=model&format=csv", MASTER, "");
        assertThat(report.body().lines().findFirst().orElseThrow()).isEqualTo("model,requests,error_requests,"
                + "estimated_requests,priced_requests,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,"
                + "reasoning_tokens,cost_base,cost_markup,cost_total,avg_latency_ms,p50_latency_ms,p95_latency_ms,"
                + "avg_overhead_ms");
        for (String[] bad : List.of(new String[] {"by=colour", "by"}, new String[] {"grain=week", "grain"},
                new String[] {"since=yesterday", "since"}, new String[] {"since=1h&until=2h", "since"},
                new String[] {"format=xml", "format"})) {
            AdminClient.Answer refused = SETUP.admin().call("GET", "/admin/usage/report?" + bad[0], MASTER, "");
            assertThat(refused.status()).as(bad[0]).isEqualTo(400);
            assertThat(refused.json().at("/error/param").asString()).as(bad[0]).isEqualTo(bad[1]);
        }
    }

    @Test
    void theCliPrintsAnAlignedReportWithATotalAndExports() {
        CliResult table = cli("usage", "report", "--by", "team", "--since", "1h");
        assertThat(table.code).as(table.err).isZero();
        List<String> lines = table.out.lines().toList();
        assertThat(lines.getFirst()).startsWith("TEAM").contains("REQUESTS", "INPUT", "OUTPUT", "COST");
        String alpha = lines.stream().filter(l -> l.startsWith("usage-alpha")).findFirst().orElseThrow();
        assertThat(alpha).contains(" " + REQUESTS_A + " ");
        assertThat(lines.getLast()).startsWith("TOTAL");
        assertThat(lines.getFirst().indexOf("REQUESTS")).isEqualTo(alpha.indexOf(" " + REQUESTS_A + " ") + 1);

        CliResult json = cli("usage", "report", "--by", "project", "--team", teamA, "--format", "json");
        assertThat(json.code).as(json.err).isZero();
        assertThat(AdminClient.JSON.readTree(json.out).at("/rows/0/project").asString()).isEqualTo(projectA);

        CliResult csv = cli("usage", "export", "--since", "1h", "--team", teamA, "--format", "csv");
        assertThat(csv.code).as(csv.err).isZero();
        assertThat(csv.out.lines().count()).isEqualTo(1 + REQUESTS_A);

        CliResult refused = cli("usage", "report", "--by", "colour");
        assertThat(refused.code).isEqualTo(1);
        assertThat(refused.err).contains("by", "colour");
        assertThat(table.out + json.out + csv.out + refused.err).doesNotContain(MASTER);
    }

    private static CliResult cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", SETUP.parley().parley.baseUrl(), "--admin-key", MASTER));
        return CliResult.run(Map.of(), all.toArray(String[]::new));
    }

}
