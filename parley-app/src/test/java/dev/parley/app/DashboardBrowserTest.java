package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real browser: Debian's Chromium, headless, driven by playwright-core (pinned in parley-ui's
 * package.json and installed by its build) through {@code parley-ui/browser-tests/dashboard.mjs}, against a real
 * Parley with a fake provider and some traffic. Each test saves a screenshot as
 * {@code target/dashboard-screenshots/<test>.png}. Without {@code /usr/bin/chromium} the tests are skipped, saying
 * why; they never pass without a browser.
 */
class DashboardBrowserTest {

    private static final String MASTER = AdminApiTest.MASTER;
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path UI = Path.of(System.getProperty("user.dir")).getParent().resolve("parley-ui");
    private static final Path SHOTS = Path.of("target", "dashboard-screenshots");
    private static final String IMG = "<img src=x onerror=\"window.__xss=1;alert(1)\">";
    private static final String SCRIPT = "<script>window.__xss=2</script>";
    private static final String CHAT = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";

    @RegisterExtension
    static final AdminParley SETUP = new AdminParley();

    private static String memberKey;
    private static String memberKeyId;
    private static String otherKeyId;
    private static String teamId;
    private static String otherMemberId;

    /**
     * Two teams (one named like markup), a member with a key named like markup, and traffic of both keys; then
     * prepaid accounts for the first team, the member and another member, each with an order.
     */
    @BeforeAll
    static void tenancyAndTraffic() throws Exception {
        SETUP.admin().expect(200, "PUT", "/admin/prices", MASTER, "{\"provider\":\"fake-openai\","
                + "\"model\":\"upstream-model\",\"input\":\"2000\",\"output\":\"8000\"}");
        String team = SETUP.admin().post("/admin/teams", MASTER, json(Map.of("name", IMG))).path("id").asString();
        SETUP.admin().post("/admin/teams", MASTER, json(Map.of("name", SCRIPT)));
        String project = SETUP.admin().post("/admin/projects", MASTER,
                json(Map.of("team_id", team, "name", "chatbot"))).path("id").asString();
        String member = SETUP.admin().post("/admin/members", MASTER,
                json(Map.of("email", "ada@example.com", "name", "Ada Lovelace"))).path("id").asString();
        SETUP.admin().expect(201, "PUT", "/admin/teams/" + team + "/members/" + member, MASTER, "{\"role\":\"member\"}");
        JsonNode key = SETUP.admin().post("/admin/keys", MASTER,
                json(Map.of("project_id", project, "member_id", member, "name", IMG)));
        memberKey = key.path("key").asString();
        memberKeyId = key.path("id").asString();
        // Its bodies are kept, so that the request log's detail shows the prompt, markup and all.
        SETUP.admin().expect(200, "PATCH", "/admin/keys/" + memberKeyId, MASTER, "{\"rules\":{\"log_bodies\":true}}");
        JsonNode service = SETUP.admin().post("/admin/keys", MASTER, "{\"project_id\":\"" + project
                + "\",\"member_id\":null,\"name\":\"batch-service\"}");
        otherKeyId = service.path("id").asString();
        for (int i = 0; i < 4; i++) {
            assertThat(chat(memberKey, "Hi " + SCRIPT + " " + IMG).statusCode()).isEqualTo(200);
            assertThat(chat(service.path("key").asString(), "Hello").statusCode()).isEqualTo(200);
        }
        teamId = team;
        otherMemberId = SETUP.admin().post("/admin/members", MASTER,
                json(Map.of("email", "bob@example.com", "name", "Bob Other"))).path("id").asString();
        account("team", team, "100", "team float");
        // Enough for the member's requests in the tests after this, at the worst case their prices reserve.
        account("member", member, "1000", "prepaid for Ada");
        account("member", otherMemberId, "7", "Bob's own float");
    }

    private static void account(String kind, String id, String amount, String reason) throws Exception {
        SETUP.admin().post("/admin/accounts", MASTER, json(Map.of("scope_kind", kind, "scope_id", id)));
        SETUP.admin().post("/admin/accounts/" + kind + "/" + id + "/orders", MASTER, json(Map.of("kind", "top_up",
                "amount", amount, "reason", reason, "reference", kind + "-" + id)));
    }

    @Test
    void anOperatorLogsInWithTheMasterKeyAndSeesEveryPage() throws Exception {
        JsonNode found = run("operatorLogin");
        assertThat(found.path("refused").asString()).contains("not valid");
        assertThat(found.path("nav").toString()).contains("teams", "projects", "members", "providers", "channels",
                "balances", "audit", "requests", "usage", "keys");
        assertThat(found.path("cookieValue").asString()).doesNotContain(MASTER).startsWith("v1.master.");
    }

    @Test
    void aMemberLogsInWithTheirKeyAndSeesOnlyTheirOwn() throws Exception {
        JsonNode found = run("memberLogin");
        assertThat(found.path("who").asString()).isEqualTo("Ada Lovelace");
        assertThat(found.path("nav").toString()).contains("overview", "usage", "keys", "requests", "balances")
                .doesNotContain("teams", "audit", "channels", "members");
        assertThat(found.path("keys").asString()).contains(IMG).doesNotContain("batch-service");
        assertThat(found.path("fellBack").asString()).as("an operator's page falls back to the overview")
                .isEqualTo("Overview");
        assertThat(memberKeyId).isNotEqualTo(otherKeyId);
    }

    @Test
    void aKeyCreatedInTheBrowserIsShownOnceAndWorks() throws Exception {
        JsonNode found = run("keyCreation");
        String key = found.path("key").asString();
        assertThat(key).startsWith("sk-parley-");
        assertThat(chat(key, "from the new key").statusCode()).isEqualTo(200);
        assertThat(SETUP.admin().get("/admin/keys?limit=200", MASTER).toString()).contains("made-in-browser")
                .doesNotContain(key.substring(10));
    }

    @Test
    void theOverviewChartsTheTrafficAndTheUsageDownloadsAsCsv() throws Exception {
        JsonNode found = run("usageChart");
        assertThat(found.path("points")).hasSize(4);
        found.path("points").forEach(p -> assertThat(p.asInt()).as("hourly buckets with data").isPositive());
        // The latency chart was given the hour's mean, p95 and overhead, and drew the mean's and the p95's.
        assertThat(found.path("latencySeries").asString()).containsPattern("mean:[1-9]").containsPattern("p95:[1-9]")
                .contains("gateway overhead:");
        assertThat(found.path("meanPixels").asInt()).as("pixels of the mean's colour").isPositive();
        assertThat(found.path("p95Pixels").asInt()).as("pixels of the p95's colour").isPositive();
        assertThat(found.path("totals").asString()).contains("Mean latency").contains("p95 latency")
                .containsPattern("\\d+ ms");
        assertThat(found.path("totals").asString()).contains("Requests").doesNotContain("$0.0000");
        assertThat(found.path("usage").asString()).contains(IMG);
        assertThat(found.path("csv").asString()).startsWith("team,").contains("requests");
    }

    @Test
    void theChannelPageShowsEachChannelsLiveStatusAndSwitchesIt() throws Exception {
        JsonNode found = run("channels");
        assertThat(found.path("table").asString()).contains("fake-openai / upstream-model").contains("closed")
                .contains("gpt-test").contains("enabled");
        assertThat(found.path("tested").asString()).contains("Test of fake-openai/upstream-model: ok, ");
        assertThat(found.path("disabled").asString()).contains("disabled").contains("Enable");
        assertThat(found.path("enabled").asString()).contains("enabled").contains("Disable");
        assertThat(chat(memberKey, "after the switch").statusCode()).as("enabled again").isEqualTo(200);
    }

    @Test
    void theLimitsAndBudgetsPanelOfAKeySetsBoth() throws Exception {
        JsonNode found = run("keyLimits");
        assertThat(found.path("limits").asString()).contains("rpm 60").contains("concurrency 4");
        assertThat(found.path("budgets").asString()).contains("day").contains("$25.00").contains("80");
        JsonNode limits = SETUP.admin().get("/admin/limits/key/" + otherKeyId, MASTER);
        assertThat(limits.path("rpm").asInt()).isEqualTo(60);
        assertThat(limits.path("concurrency").asInt()).isEqualTo(4);
        JsonNode budgets = SETUP.admin().get("/admin/budgets?scope_kind=key&scope_id=" + otherKeyId, MASTER);
        assertThat(budgets.path("items")).singleElement().satisfies(b -> {
            assertThat(new java.math.BigDecimal(b.path("amount").asString())).isEqualByComparingTo("25");
            assertThat(b.path("period").asString()).isEqualTo("day");
        });
    }

    @Test
    void anOperatorSeesTheAccountsOfTeamsAndMembersWithTheirOrders() throws Exception {
        JsonNode found = run("operatorBalances");
        assertThat(found.path("teams").asString()).contains(IMG);
        assertThat(found.path("members").asString()).contains("Ada Lovelace").contains("Bob Other");
        assertThat(found.path("member").asString()).contains("Ada Lovelace: member's account").contains("$1000.00")
                .contains("prepaid for Ada").contains("Place order");
        assertThat(found.path("team").asString()).contains("team's account").contains("$100.00")
                .contains("team float");
    }

    @Test
    void aMemberSeesTheirOwnAccountAndNoOneElses() throws Exception {
        JsonNode found = run("memberBalance");
        assertThat(found.path("nav").toString()).contains("balances");
        assertThat(found.path("shown").asString()).contains("member's account").contains("$1000.00")
                .contains("prepaid for Ada").doesNotContain("Bob").doesNotContain("team float");
        assertThat(found.path("forms").asInt()).as("a member places no orders").isZero();
        // Their own team's account is refused (the team is theirs to know of, its money is not); another member's
        // is not found, as if it did not exist.
        assertThat(found.at("/statuses/~1admin~1accounts~1team~1" + teamId).asInt()).isEqualTo(403);
        assertThat(found.at("/statuses/~1admin~1accounts~1member~1" + otherMemberId).asInt()).isEqualTo(404);
    }

    @Test
    void theChannelPageShowsTheWindowsTheLedgerKeptAcrossARestart() throws Exception {
        SETUP.parley().parley.flushUsage();
        JsonNode before = SETUP.admin().get("/admin/channels/status", MASTER).at("/channels/0/windows");
        long day = before.at("/24h/attempts").asLong();
        assertThat(day).as("the traffic so far").isPositive();

        SETUP.restart();

        JsonNode found = run("channelsAfterRestart");
        assertThat(found.at("/attempts/24h/0").asString()).isEqualTo(String.valueOf(day));
        assertThat(found.at("/attempts/1h/0").asString()).isEqualTo(before.at("/1h/attempts").asString());
        assertThat(found.path("table").asString()).contains("fake-openai / upstream-model").contains("closed");
    }

    @Test
    void storedMarkupIsShownAsTextAndNeverRuns() throws Exception {
        JsonNode found = run("xss");
        assertThat(found.path("teams").asString()).contains(IMG).contains(SCRIPT);
        assertThat(found.path("images").asInt()).as("no <img> was made from a name").isZero();
        assertThat(found.path("usage").asString()).contains(IMG);
        assertThat(found.path("requests").asString()).contains(IMG);
        assertThat(found.path("detail").asString()).contains(IMG);
        // The kept request body (the record detail, `GET /admin/usage/records/{id}`): the prompt with its
        // <script> and <img onerror> is shown as text; no script ran, as the script checked.
        assertThat(found.path("requestBody").asString()).contains(SCRIPT).contains("window.__xss=1");
    }

    /**
     * Whether Debian's Chromium is there; on a machine of ours that lacks it, where the build runs as root, it is
     * installed once from Debian's packages (as the end-to-end tests install the coding CLIs from npm).
     */
    private static synchronized boolean chromium() throws IOException, InterruptedException {
        if (Files.isExecutable(CHROMIUM) || !Files.isExecutable(Path.of("/usr/bin/apt-get"))
                || !"root".equals(System.getProperty("user.name"))) {
            return Files.isExecutable(CHROMIUM);
        }
        Process install = new ProcessBuilder("apt-get", "install", "-y", "-q", "chromium").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!install.waitFor(10, TimeUnit.MINUTES)) {
            install.destroyForcibly();
        }
        return Files.isExecutable(CHROMIUM);
    }

    /** Runs one scenario of dashboard.mjs; its findings, or the test fails with what the script said. */
    private static JsonNode run(String scenario) throws IOException, InterruptedException {
        assumeTrue(chromium(), "The browser tests need Debian's Chromium at " + CHROMIUM
                + " (apt-get install -y chromium); it is not installed and could not be, so they are skipped.");
        Path playwright = UI.resolve("node_modules/playwright-core");
        assertThat(playwright).as("parley-ui's build installs playwright-core with npm ci").isDirectory();
        Files.createDirectories(SHOTS);
        Path shot = SHOTS.resolve(scenario + ".png").toAbsolutePath();
        Files.deleteIfExists(shot);
        Path out = Files.createTempFile("dashboard-" + scenario, ".json");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of("node", "browser-tests/dashboard.mjs", scenario))
                    .directory(UI.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().putAll(Map.of("PARLEY_URL", SETUP.parley().uri("").toString(),
                    "PARLEY_MASTER_KEY", MASTER, "PARLEY_MEMBER_KEY", memberKey, "SCREENSHOT", shot.toString(),
                    "CHROMIUM", CHROMIUM.toString(), "PARLEY_OTHER_ACCOUNTS",
                    "/admin/accounts/team/" + teamId + ",/admin/accounts/member/" + otherMemberId));
            Process process = builder.start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(scenario + " did not finish in 3 minutes: " + Files.readString(out));
            }
            String printed = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(scenario + " said: " + printed).isZero();
            String last = printed.strip().lines().reduce((a, b) -> b).orElse("{}");
            JsonNode result = AdminClient.JSON.readTree(last);
            assertThat(result.path("ok").asBoolean()).as(printed).isTrue();
            assertThat(shot).as("each test saves a screenshot").isRegularFile();
            return result.path("found");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static java.net.http.HttpResponse<String> chat(String key, String text) throws Exception {
        return SETUP.parley().post("/v1/chat/completions", key, CHAT.formatted(text.replace("\"", "\\\"")));
    }

    private static String json(Map<String, String> fields) {
        return AdminClient.JSON.writeValueAsString(fields);
    }
}
