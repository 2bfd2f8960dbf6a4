package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.FakeProviderExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The audit log as the admin API shows it: every admin change with who, what, when, from where, before and after
 * (a key by its hint only), every missing or invalid key on the admin API and on model endpoints (never the key
 * presented), a chain that verifies, an export of every entry, and a tampered entry found. A fresh Parley per test,
 * so that each starts from an empty log.
 */
class AdminAuditTest {

    private static final String MASTER = AdminApiTest.MASTER;
    private static final Pattern ANY_KEY = Pattern.compile("sk-parley-[0-9A-Za-z]{48}");

    @RegisterExtension
    static final FakeProviderExtension FAKE = new FakeProviderExtension();

    @TempDir
    Path dataDir;
    private TestParley parley;
    private AdminClient admin;

    @BeforeEach
    void start() {
        parley = TestParley.start(AdminApiTest.yaml(FAKE.baseUrl(), dataDir), dataDir);
        admin = new AdminClient(parley);
    }

    @AfterEach
    void stop() {
        parley.close();
    }

    @Test
    void everyChangeIsAuditedWithItsSecretsMasked() throws Exception {
        String team = admin.post("/admin/teams", MASTER, "{\"name\":\"audited\"}").path("id").asString();
        admin.expect(200, "PATCH", "/admin/teams/" + team, MASTER, "{\"name\":\"audited-2\"}");
        String project = admin.post("/admin/projects", MASTER, "{\"team_id\":\"" + team + "\",\"name\":\"p\"}")
                .path("id").asString();
        String member = admin.post("/admin/members", MASTER, "{\"email\":\"eve@example.com\"}").path("id").asString();
        admin.expect(201, "PUT", "/admin/teams/" + team + "/members/" + member, MASTER, "{\"role\":\"member\"}");
        admin.expect(200, "PATCH", "/admin/members/" + member, MASTER, "{\"role\":\"viewer\"}");
        JsonNode key = admin.key(MASTER, project, member);
        String keyId = key.path("id").asString();
        JsonNode rotated = admin.post("/admin/keys/" + keyId + "/rotate", MASTER, "{\"overlap\":\"1h\"}");
        admin.expect(200, "POST", "/admin/keys/" + rotated.path("id").asString() + "/revoke", MASTER, "");
        admin.expect(200, "PUT", "/admin/limits/team/" + team, MASTER, "{\"rpm\":10}");
        String budget = admin.post("/admin/budgets", MASTER, "{\"scope_kind\":\"team\",\"scope_id\":\"" + team
                + "\",\"period\":\"day\",\"amount\":\"5\"}").path("id").asString();
        admin.expect(204, "DELETE", "/admin/budgets/" + budget, MASTER, "");
        admin.expect(204, "DELETE", "/admin/teams/" + team + "/members/" + member, MASTER, "");

        List<JsonNode> entries = admin.all("/admin/audit", MASTER, 3);
        assertThat(entries).extracting(e -> e.path("action").asString()).containsExactly("team.create",
                "team.update", "project.create", "member.create", "membership.put", "member.role", "key.create",
                "key.rotate", "key.revoke", "limits.put", "budget.create", "budget.delete", "membership.delete");
        assertThat(entries).extracting(e -> e.path("seq").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
                9L, 10L, 11L, 12L, 13L);
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.path("actor").asString()).isEqualTo("master");
            assertThat(e.path("source").asString()).isEqualTo("127.0.0.1");
            assertThat(e.path("at").asString()).isNotBlank();
        });
        JsonNode update = entries.get(1);
        assertThat(update.path("target").asString()).isEqualTo(team);
        assertThat(update.at("/before/name").asString()).isEqualTo("audited");
        assertThat(update.at("/after/name").asString()).isEqualTo("audited-2");
        JsonNode roleChange = entries.get(5);
        assertThat(roleChange.at("/before/role").asString()).isEqualTo("member");
        assertThat(roleChange.at("/after/role").asString()).isEqualTo("viewer");

        JsonNode created = entries.get(6);
        assertThat(created.at("/after/hint").asString()).isEqualTo(key.path("hint").asString());
        JsonNode rotation = entries.get(7);
        assertThat(rotation.path("target").asString()).isEqualTo(keyId);
        assertThat(rotation.at("/after/new/id").asString()).isEqualTo(rotated.path("id").asString());
        assertThat(rotation.at("/after/old/expires_at").isString()).isTrue();
        String log = entries.stream().map(JsonNode::toString).collect(Collectors.joining("\n"));
        assertThat(ANY_KEY.matcher(log).find()).as("no key's text in the audit log").isFalse();
        assertThat(log).doesNotContain(key.path("key").asString().substring(10))
                .doesNotContain(rotated.path("key").asString().substring(10)).doesNotContain(MASTER);

        JsonNode verified = admin.get("/admin/audit/verify", MASTER);
        assertThat(verified.path("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.path("entries_checked").asLong()).isEqualTo(13);
        assertThat(verified.path("last_hash").asString()).isEqualTo(entries.getLast().path("hash").asString());

        HttpResponse<String> export = parley.send("GET", "/admin/audit/export",
                Map.of("authorization", "Bearer " + MASTER), "");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("content-type")).contains("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        export.body().lines().forEach(line -> lines.add(AdminClient.JSON.readTree(line)));
        assertThat(lines).isEqualTo(entries);
    }

    @Test
    void missingAndInvalidKeysAreAuditedWithoutTheKey() throws Exception {
        String wrong = "sk-parley-" + "W".repeat(48);
        String alsoWrong = "not-a-key-at-all-0123456789";
        assertThat(admin.call("GET", "/admin/teams", "", "").status()).isEqualTo(401);
        assertThat(admin.call("GET", "/admin/teams", wrong, "").status()).isEqualTo(401);
        assertThat(parley.post("/v1/chat/completions", alsoWrong, "{}").statusCode()).isEqualTo(401);
        assertThat(parley.send("POST", "/v1/messages?key=" + alsoWrong + "x", Map.of(), "{}").statusCode())
                .isEqualTo(401);
        assertThat(parley.send("POST", "/v1/chat/completions", Map.of(), "{}").statusCode()).isEqualTo(401);

        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/admin/audit", MASTER).path("items").size() == 5);
        List<JsonNode> failures = admin.all("/admin/audit", MASTER, 100);
        assertThat(failures).allSatisfy(e -> {
            assertThat(e.path("action").asString()).isEqualTo("auth.failure");
            assertThat(e.path("actor").asString()).isEqualTo("anonymous");
            assertThat(e.path("source").asString()).isEqualTo("127.0.0.1");
        });
        assertThat(failures).extracting(e -> e.at("/after/path").asString()).containsExactlyInAnyOrder(
                "/admin/teams", "/admin/teams", "/v1/chat/completions", "/v1/messages", "/v1/chat/completions");
        assertThat(failures).extracting(e -> e.at("/after/reason").asString())
                .containsOnly("missing_api_key", "invalid_api_key").contains("missing_api_key", "invalid_api_key");
        String export = parley.send("GET", "/admin/audit/export", Map.of("authorization", "Bearer " + MASTER), "")
                .body();
        assertThat(export).doesNotContain("WWWW").doesNotContain("not-a-key").doesNotContain(MASTER);

        assertThat(admin.get("/admin/teams", MASTER).path("items")).isEmpty();
        assertThat(admin.get("/admin/audit", MASTER).path("items")).as("a successful call is no change").hasSize(5);
    }

    @Test
    void aTamperedEntryBreaksTheChain() throws Exception {
        for (int i = 0; i < 4; i++) {
            admin.post("/admin/teams", MASTER, "{\"name\":\"t" + i + "\"}");
        }
        assertThat(admin.get("/admin/audit/verify", MASTER).path("ok").asBoolean()).isTrue();

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("parley.db"));
             PreparedStatement edit = db.prepareStatement("UPDATE audit_log SET actor = ? WHERE seq = 3")) {
            edit.setString(1, "member:someone-else");
            assertThat(edit.executeUpdate()).isEqualTo(1);
        }

        JsonNode verified = admin.get("/admin/audit/verify", MASTER);
        assertThat(verified.path("ok").asBoolean()).isFalse();
        assertThat(verified.path("entries_checked").asLong()).isEqualTo(2);
        assertThat(verified.at("/first_break/seq").asLong()).isEqualTo(3);
    }

    @Test
    void onlyOrganizationOwnersAndAdminsReadTheAuditLog() throws Exception {
        assertThat(admin.call("GET", "/admin/audit", TestParley.KEY, "").status()).isEqualTo(403);
        assertThat(admin.call("GET", "/admin/audit/export", "", "").status()).isEqualTo(401);
        assertThat(admin.call("POST", "/admin/audit", MASTER, "{}").status()).as("append-only: no route writes it")
                .isEqualTo(405);
    }
}
