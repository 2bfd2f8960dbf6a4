package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * {@code SETUP.parley() keys|teams|projects|members}, as an operator runs them against a real Parley (SQLite, random port):
 * what they print, their exit codes, and that the admin key is never printed.
 */
class AdminCliTest {

    private static final String MASTER = AdminApiTest.MASTER;
    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    static final AdminParley SETUP = new AdminParley();

    @Test
    void anOperatorSetsUpATeamAndHandsOutAKeyThatWorksUntilRevoked() throws Exception {
        String team = json("teams", "create", unique("research")).path("id").asString();
        String project = json("projects", "create", "--team", team, "chatbot").path("id").asString();
        String member = json("members", "create", unique("ada") + "@example.com", "--name", "Ada").path("id")
                .asString();
        JsonNode membership = json("teams", "add-member", team, member, "--role", "member");
        assertThat(membership.path("role").asString()).isEqualTo("member");

        CliResult created = cli("keys", "create", "--project", project, "--member", member, "--name", "laptop",
                "--expires-in", "30d", "--models", "gpt-*, claude-*");
        assertThat(created.code).as(created.err).isZero();
        String keyId = line(created.out, "id:");
        String text = line(created.out, "key:");
        assertThat(text).startsWith("sk-parley-");
        assertThat(chat(text)).isEqualTo(200);

        JsonNode record = SETUP.admin().get("/admin/keys/" + keyId, MASTER);
        assertThat(record.path("member_id").asString()).isEqualTo(member);
        assertThat(record.path("name").asString()).isEqualTo("laptop");
        assertThat(record.at("/rules/models").toString()).isEqualTo("[\"gpt-*\",\"claude-*\"]");
        assertThat(record.path("expires_at").isNull()).isFalse();

        CliResult listed = cli("keys", "list", "--project", project);
        assertThat(listed.code).isZero();
        assertThat(listed.out.lines().findFirst().orElseThrow()).startsWith("ID").contains("NAME", "HINT", "ACTIVE");
        assertThat(listed.out).contains(keyId, "laptop", "true").doesNotContain(text);

        CliResult revoked = cli("keys", "revoke", keyId);
        assertThat(revoked.code).isZero();
        assertThat(revoked.out).contains(keyId, "false");
        assertThat(chat(text)).isEqualTo(401);
        assertThat(cli("keys", "list", "--project", project).out).doesNotContain(keyId);
        assertThat(cli("keys", "list", "--project", project, "--all").out).contains(keyId);
    }

    @Test
    void rotationPrintsTheNewKeyOnceAndTheOldKeepsWorkingForTheOverlap() throws Exception {
        String project = project();
        CliResult created = cli("keys", "create", "--project", project);
        String oldText = line(created.out, "key:");
        CliResult rotated = cli("keys", "rotate", line(created.out, "id:"), "--overlap", "1h");
        assertThat(rotated.code).as(rotated.err).isZero();
        String newText = line(rotated.out, "key:");
        assertThat(newText).startsWith("sk-parley-").isNotEqualTo(oldText);
        assertThat(line(rotated.out, "id:")).isNotEqualTo(line(created.out, "id:"));
        assertThat(chat(oldText)).isEqualTo(200);
        assertThat(chat(newText)).isEqualTo(200);
    }

    @Test
    void listingsFollowEveryPage() {
        String team = json("teams", "create", unique("many")).path("id").asString();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 105; i++) {
            made.add(admin("POST", "/admin/projects", "{\"team_id\":\"" + team + "\",\"name\":\"p" + i + "\"}")
                    .path("id").asString());
        }
        JsonNode listed = json("projects", "list", "--team", team);
        assertThat(listed.isArray()).isTrue();
        assertThat(listed.size()).isEqualTo(105);
        List<String> ids = new ArrayList<>();
        listed.forEach(p -> ids.add(p.path("id").asString()));
        assertThat(ids).containsExactlyInAnyOrderElementsOf(made);
        assertThat(cli("projects", "list", "--team", team).out.lines().count()).isEqualTo(106);
    }

    @Test
    void teamsAndMembersAreListedAndATeamDeleted() {
        String name = unique("doomed");
        String team = json("teams", "create", name).path("id").asString();
        assertThat(cli("teams", "list").out).contains(team, name);
        String email = unique("grace") + "@example.com";
        json("members", "create", email, "--role", "viewer");
        assertThat(cli("members", "list").out.lines().filter(l -> l.contains(email)).findFirst().orElseThrow())
                .contains("viewer");
        CliResult deleted = cli("teams", "delete", team);
        assertThat(deleted.code).isZero();
        assertThat(deleted.out).contains("Deleted team " + team);
        assertThat(cli("teams", "list").out).doesNotContain(team);
    }

    @Test
    void anOperatorTopsUpATeamAndReadsItsBalanceOrdersAndStatement() {
        String team = json("teams", "create", unique("prepaid")).path("id").asString();
        JsonNode opened = json("balance", "open", "--team", team, "--alert-below", "1");
        assertThat(opened.path("credit").asString()).isEqualTo("0");
        assertThat(opened.path("alert_below").asString()).isEqualTo("1");

        JsonNode order = json("balance", "top-up", "--team", team, "--amount", "50", "--reason", "invoice 7",
                "--reference", "inv-7");
        assertThat(order.path("kind").asString()).isEqualTo("top_up");
        assertThat(order.path("actor").asString()).isEqualTo("master");
        JsonNode again = json("balance", "top-up", "--team", team, "--amount", "50.00", "--reason", "retried",
                "--reference", "inv-7");
        assertThat(again.path("id").asString()).isEqualTo(order.path("id").asString());
        json("balance", "adjust", "--team", team, "--amount=-2.5", "--reason", "goodwill");

        CliResult shown = cli("balance", "show", "--team", team);
        assertThat(shown.code).as(shown.err).isZero();
        assertThat(shown.out.lines().findFirst().orElseThrow()).startsWith("ACCOUNT").contains("CREDIT", "AVAILABLE");
        assertThat(shown.out).contains(team, "47.5");
        assertThat(json("balance", "orders", "--team", team).size()).isEqualTo(2);
        CliResult statement = cli("balance", "statement", "--team", team, "--period",
                java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString());
        assertThat(statement.code).as(statement.err).isZero();
        assertThat(statement.out).contains("Opening  0", "Ordered  47.5", "Charged  0 (0 requests)", "Closing  47.5",
                "invoice 7", "goodwill");

        assertThat(cli("balance", "show", "--team", team, "--member", "m").code).isEqualTo(2);
        assertThat(cli("balance", "show").code).isEqualTo(2);
        CliResult missing = cli("balance", "show", "--team", "team_nope");
        assertThat(missing.code).isEqualTo(1);
        assertThat(missing.err).contains("404");
        CliResult refused = cli("balance", "top-up", "--team", team, "--amount=-1", "--reason", "x");
        assertThat(refused.code).isEqualTo(1);
        assertThat(refused.err).contains("amount", "422");
    }

    @Test
    void aRefusalOfTheApiExitsOneWithItsMessage() {
        CliResult missing = cli("keys", "revoke", "key_nope");
        assertThat(missing.code).isEqualTo(1);
        assertThat(missing.err).contains("There is no key key_nope", "404");

        CliResult invalid = cli("keys", "create", "--project", project(), "--expires-in", "forever");
        assertThat(invalid.code).isEqualTo(1);
        assertThat(invalid.err).contains("expires_in", "422");

        CliResult wrongKey = run(Map.of(), "teams", "list", "--url", SETUP.parley().parley.baseUrl(), "--admin-key",
                "pk-wrong-0123456789");
        assertThat(wrongKey.code).isEqualTo(1);
        assertThat(wrongKey.err).contains("not valid", "401").doesNotContain("pk-wrong-0123456789");
        assertThat(wrongKey.out).isEmpty();
    }

    @Test
    void usageAndConnectionProblemsExitTwoWithoutTheKey() throws Exception {
        CliResult noKey = run(Map.of(), "teams", "list", "--url", SETUP.parley().parley.baseUrl());
        assertThat(noKey.code).isEqualTo(2);
        assertThat(noKey.err).contains("no admin key", "PARLEY_ADMIN_KEY");

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        CliResult down = run(Map.of("PARLEY_ADMIN_KEY", MASTER), "keys", "list", "--url", "http://127.0.0.1:" + closed);
        assertThat(down.code).isEqualTo(2);
        assertThat(down.err).contains("cannot connect to Parley at http://127.0.0.1:" + closed).doesNotContain(MASTER);

        CliResult badUrl = run(Map.of("PARLEY_ADMIN_KEY", MASTER), "keys", "list", "--url", "ftp://x");
        assertThat(badUrl.code).isEqualTo(2);
        assertThat(badUrl.err).contains("--url");

        CliResult usage = cli("keys", "create");
        assertThat(usage.code).isEqualTo(2);
        assertThat(usage.err).contains("--project");
        assertThat(cli("teams", "add-member", "t", "m").code).isEqualTo(2);
    }

    @Test
    void theEnvironmentGivesTheAddressAndTheKeyWhichIsNeverPrinted() {
        Map<String, String> env = new HashMap<>();
        env.put("PARLEY_URL", SETUP.parley().parley.baseUrl());
        env.put("PARLEY_MASTER_KEY", MASTER);
        String name = unique("env");
        CliResult created = run(env, "teams", "create", name);
        assertThat(created.code).as(created.err).isZero();
        assertThat(created.out).contains(name);
        env.put("PARLEY_ADMIN_KEY", "pk-wrong-0123456789");
        CliResult preferred = run(env, "teams", "list");
        assertThat(preferred.code).as("PARLEY_ADMIN_KEY comes before PARLEY_MASTER_KEY").isEqualTo(1);
        for (CliResult result : List.of(created, preferred, cli("teams", "list"), cli("keys", "list", "--json"))) {
            assertThat(result.out + result.err).doesNotContain(MASTER).doesNotContain("pk-wrong-0123456789");
        }
    }

    private static int chat(String key) throws Exception {
        return SETUP.parley().post("/v1/chat/completions", key,
                "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").statusCode();
    }

    private static String project() {
        String team = json("teams", "create", unique("t")).path("id").asString();
        return json("projects", "create", "--team", team, "p").path("id").asString();
    }

    private static JsonNode admin(String method, String path, String body) {
        try {
            return SETUP.admin().expect(method.equals("POST") ? 201 : 200, method, path, MASTER, body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String line(String out, String label) {
        return out.lines().filter(l -> l.startsWith(label)).findFirst().orElseThrow(() -> new AssertionError(
                "no " + label + " in " + out)).substring(label.length()).strip();
    }

    private static String unique(String name) {
        return name + "-" + NAMES.incrementAndGet();
    }

    /** The command with {@code --json}, its exit code checked, its output read. */
    private static JsonNode json(String... args) {
        String[] withJson = new String[args.length + 1];
        System.arraycopy(args, 0, withJson, 0, args.length);
        withJson[args.length] = "--json";
        CliResult result = cli(withJson);
        assertThat(result.code).as("%s: %s", String.join(" ", args), result.err).isZero();
        return AdminClient.JSON.readTree(result.out);
    }

    /** The command against the test's Parley with the master key. */
    private static CliResult cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", SETUP.parley().parley.baseUrl(), "--admin-key", MASTER));
        return run(Map.of(), all.toArray(String[]::new));
    }

    private static CliResult run(Map<String, String> env, String... args) {
        return CliResult.run(env, args);
    }
}
