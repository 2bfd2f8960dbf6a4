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

    /** Two teams (one named like markup), a member with a key named like markup, and traffic of both keys. */
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
        assertThat(found.path("nav").toString()).contains("overview", "usage", "keys", "requests")
                .doesNotContain("teams", "audit", "channels", "balances", "members");
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
        assertThat(found.path("points")).hasSize(3);
        found.path("points").forEach(p -> assertThat(p.asInt()).as("hourly buckets with data").isPositive());
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
                    "CHROMIUM", CHROMIUM.toString()));
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
