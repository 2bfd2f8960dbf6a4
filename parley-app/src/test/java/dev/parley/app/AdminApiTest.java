package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.tenancy.VirtualKeys;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The admin API driven as an operator drives it, against a real Parley on SQLite and a fake provider over real
 * sockets: teams, projects, members and keys made with the master key, keys used, revoked and rotated, listings paged
 * and filtered, bad input refused with the field named, every change in the audit log.
 */
class AdminApiTest {

    static final String MASTER = "pk-master-0123456789abcdef";
    private static final String CHAT = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    static final AdminParley SETUP = new AdminParley();

    static String yaml(String upstream, Path dataDir) {
        return """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s", shutdown_grace: 2s}
                retries: {max_attempts: 1}
                master_key: "%s"
                providers:
                  - {name: fake-openai, type: openai-compatible, base_url: "%s/v1", keys: ["${UPSTREAM_KEY}"]}
                models:
                  - {name: gpt-test, routes: [{provider: fake-openai, model: upstream-model}]}
                keys:
                  - {name: ci, key: "%s"}
                """.formatted(dataDir, MASTER, upstream, TestParley.KEY);
    }

    @Test
    void anOperatorHandsOutAKeyThatWorksUntilItIsRevoked() throws Exception {
        JsonNode team = SETUP.admin().post("/admin/teams", MASTER, "{\"name\":\"" + unique("research") + "\"}");
        String teamId = team.path("id").asString();
        assertThat(teamId).startsWith("team_");
        JsonNode project = SETUP.admin().post("/admin/projects", MASTER,
                "{\"team_id\":\"" + teamId + "\",\"name\":\"chatbot\"}");
        String projectId = project.path("id").asString();
        JsonNode member = SETUP.admin().post("/admin/members", MASTER,
                "{\"email\":\"" + unique("ada") + "@example.com\",\"name\":\"Ada\"}");
        String memberId = member.path("id").asString();
        assertThat(member.path("role").asString()).isEqualTo("member");
        JsonNode membership = SETUP.admin().expect(201, "PUT", "/admin/teams/" + teamId + "/members/" + memberId, MASTER,
                "{\"role\":\"member\"}");
        assertThat(membership.path("role").asString()).isEqualTo("member");

        JsonNode created = SETUP.admin().key(MASTER, projectId, memberId);
        String key = created.path("key").asString();
        String keyId = created.path("id").asString();
        assertThat(VirtualKeys.looksLike(key)).as(key).isTrue();
        assertThat(created.path("hint").asString()).isEqualTo(VirtualKeys.hint(key));
        assertThat(created.path("member_id").asString()).isEqualTo(memberId);
        assertThat(created.path("team_id").asString()).isEqualTo(teamId);
        assertThat(created.path("active").asBoolean()).isTrue();

        assertThat(chat(key).statusCode()).as("the new key calls models at once").isEqualTo(200);

        JsonNode shown = SETUP.admin().get("/admin/keys/" + keyId, MASTER);
        assertThat(shown.has("key")).as("the key is shown once, at creation").isFalse();
        assertThat(shown.toString()).doesNotContain(key.substring(10)).doesNotContain("hash");
        assertThat(SETUP.admin().get("/admin/keys?project=" + projectId, MASTER).toString()).doesNotContain(key.substring(10));

        JsonNode revoked = SETUP.admin().expect(200, "POST", "/admin/keys/" + keyId + "/revoke", MASTER, "");
        assertThat(revoked.path("active").asBoolean()).isFalse();
        assertThat(revoked.path("revoked_at").isString()).isTrue();
        assertThat(chat(key).statusCode()).as("refused from the very next request").isEqualTo(401);
        assertThat(SETUP.admin().expect(200, "POST", "/admin/keys/" + keyId + "/revoke", MASTER, "")
                .path("revoked_at").asString()).as("revoking again changes nothing")
                .isEqualTo(revoked.path("revoked_at").asString());
    }

    @Test
    void aRotatedKeyWorksAlongsideItsSuccessorForTheOverlapThenStops() throws Exception {
        String projectId = project(team());
        JsonNode old = SETUP.admin().key(MASTER, projectId, "");
        assertThat(old.path("service").asBoolean()).as("the master key makes service keys").isTrue();
        String oldKey = old.path("key").asString();

        JsonNode rotated = SETUP.admin().post("/admin/keys/" + old.path("id").asString() + "/rotate", MASTER,
                "{\"overlap\":\"3s\"}");
        String newKey = rotated.path("key").asString();
        assertThat(VirtualKeys.looksLike(newKey)).isTrue();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(rotated.path("rotated_from").asString()).isEqualTo(old.path("id").asString());
        assertThat(rotated.path("project_id").asString()).isEqualTo(projectId);
        assertThat(rotated.path("service").asBoolean()).isTrue();
        Instant oldEnd = Instant.parse(rotated.path("previous").path("expires_at").asString());
        assertThat(oldEnd).isBetween(Instant.now().minusSeconds(1), Instant.now().plusSeconds(4));

        assertThat(chat(oldKey).statusCode()).as("the old key during the overlap").isEqualTo(200);
        assertThat(chat(newKey).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> chat(oldKey).statusCode() == 401);
        assertThat(Instant.now()).as("not before the overlap ends").isAfterOrEqualTo(oldEnd);
        assertThat(chat(newKey).statusCode()).isEqualTo(200);
        assertThat(SETUP.admin().call("POST", "/admin/keys/" + old.path("id").asString() + "/rotate", MASTER, "").status())
                .as("an expired key is not rotated again").isEqualTo(409);
    }

    @Test
    void rotationWithoutAnOverlapStopsTheOldKeyAtOnce() throws Exception {
        JsonNode old = SETUP.admin().key(MASTER, project(team()), "");
        JsonNode rotated = SETUP.admin().post("/admin/keys/" + old.path("id").asString() + "/rotate", MASTER, "");

        assertThat(chat(old.path("key").asString()).statusCode()).isEqualTo(401);
        assertThat(chat(rotated.path("key").asString()).statusCode()).isEqualTo(200);
    }

    @Test
    void listingsArePagedByIdAndFiltered() throws Exception {
        String prefix = unique("paged");
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            made.add(SETUP.admin().post("/admin/teams", MASTER, "{\"name\":\"" + prefix + "-" + i + "\"}").path("id")
                    .asString());
        }
        List<String> listed = SETUP.admin().all("/admin/teams", MASTER, 2).stream().map(t -> t.path("id").asString())
                .toList();
        assertThat(listed).doesNotHaveDuplicates().isSorted().containsAll(made);

        String teamA = made.get(0);
        String teamB = made.get(1);
        String projectA = project(teamA);
        project(teamA);
        String projectB = project(teamB);
        assertThat(SETUP.admin().all("/admin/projects?team=" + teamA, MASTER, 1)).hasSize(2)
                .allSatisfy(p -> assertThat(p.path("team_id").asString()).isEqualTo(teamA));

        JsonNode keyA = SETUP.admin().key(MASTER, projectA, "");
        SETUP.admin().key(MASTER, projectB, "");
        SETUP.admin().expect(200, "POST", "/admin/keys/" + keyA.path("id").asString() + "/revoke", MASTER, "");
        SETUP.admin().key(MASTER, projectA, "");
        assertThat(SETUP.admin().all("/admin/keys?project=" + projectA, MASTER, 10)).hasSize(1);
        assertThat(SETUP.admin().all("/admin/keys?project=" + projectA + "&include_inactive=true", MASTER, 10)).hasSize(2);
        assertThat(SETUP.admin().all("/admin/keys?team=" + teamB, MASTER, 10)).hasSize(1)
                .allSatisfy(k -> assertThat(k.path("project_id").asString()).isEqualTo(projectB));

        String member = member("");
        SETUP.admin().expect(201, "PUT", "/admin/teams/" + teamB + "/members/" + member, MASTER, "{\"role\":\"viewer\"}");
        assertThat(SETUP.admin().all("/admin/members?team=" + teamB, MASTER, 5)).extracting(m -> m.path("id").asString())
                .containsExactly(member);
        assertThat(SETUP.admin().get("/admin/teams/" + teamB + "/members", MASTER).path("items")).hasSize(1);
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        String teamId = team();
        assertRefused(SETUP.admin().call("POST", "/admin/teams", MASTER, "{}"), 422, "name");
        assertRefused(SETUP.admin().call("POST", "/admin/teams", MASTER, "{\"name\":5}"), 422, "name");
        assertRefused(SETUP.admin().call("POST", "/admin/teams", MASTER, "{\"name\":\"x\",\"nmae\":\"y\"}"), 422, "nmae");
        assertRefused(SETUP.admin().call("POST", "/admin/teams", MASTER, "{\"name\":\"x\",\"rules\":{\"models\":\"gpt\"}}"),
                422, "rules.models");
        assertThat(SETUP.admin().call("POST", "/admin/teams", MASTER, "{\"name\":").status()).isEqualTo(400);
        assertRefused(SETUP.admin().call("GET", "/admin/teams?limit=0", MASTER, ""), 400, "limit");
        assertRefused(SETUP.admin().call("GET", "/admin/teams?limit=501", MASTER, ""), 400, "limit");
        assertRefused(SETUP.admin().call("POST", "/admin/members", MASTER, "{\"email\":\"nobody\"}"), 422, "email");
        assertRefused(SETUP.admin().call("POST", "/admin/members", MASTER, "{\"email\":\"a@b.c\",\"role\":\"boss\"}"), 422,
                "role");
        String member = member("");
        assertRefused(SETUP.admin().call("PUT", "/admin/teams/" + teamId + "/members/" + member, MASTER,
                "{\"role\":\"owner\"}"), 422, "role");
        String projectId = project(teamId);
        assertRefused(SETUP.admin().call("POST", "/admin/keys", MASTER, "{\"project_id\":\"" + projectId
                + "\",\"expires_in\":\"soon\"}"), 422, "expires_in");
        assertRefused(SETUP.admin().call("POST", "/admin/keys", MASTER, "{\"project_id\":\"" + projectId
                + "\",\"expires_at\":\"2001-01-01T00:00:00Z\"}"), 422, "expires_at");
        assertRefused(SETUP.admin().call("POST", "/admin/keys", MASTER, "{\"project_id\":\"proj_nope\"}"), 404, "project_id");
        assertRefused(SETUP.admin().call("POST", "/admin/keys", MASTER, "{\"project_id\":\"" + projectId
                + "\",\"member_id\":\"" + member + "\"}"), 422, "member_id");
        assertRefused(SETUP.admin().call("POST", "/admin/budgets", MASTER, budget("team", teamId, "week", "\"10\"")), 422,
                "period");
        assertRefused(SETUP.admin().call("POST", "/admin/budgets", MASTER, budget("team", teamId, "day", "\"-1\"")), 422,
                "amount");
        assertRefused(SETUP.admin().call("POST", "/admin/budgets", MASTER, budget("galaxy", teamId, "day", "1")), 422,
                "scope_kind");
        assertRefused(SETUP.admin().call("PUT", "/admin/limits/team/" + teamId, MASTER, "{\"rpm\":0}"), 422, "rpm");
        assertRefused(SETUP.admin().call("GET", "/admin/limits/galaxy/" + teamId, MASTER, ""), 400, "scope_kind");
        assertRefused(SETUP.admin().call("POST", "/admin/keys/key_nope/rotate", MASTER, "{\"overlap\":\"31d\"}"), 404, "");
        JsonNode key = SETUP.admin().key(MASTER, projectId, "");
        assertRefused(SETUP.admin().call("POST", "/admin/keys/" + key.path("id").asString() + "/rotate", MASTER,
                "{\"overlap\":\"31d\"}"), 422, "overlap");
    }

    @Test
    void unknownPathsMethodsAndConflicts() throws Exception {
        assertThat(SETUP.admin().call("GET", "/admin/nothing", MASTER, "").status()).isEqualTo(404);
        AdminClient.Answer wrongMethod = SETUP.admin().call("DELETE", "/admin/teams", MASTER, "");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.response().headers().firstValue("allow")).contains("GET, POST");
        assertThat(SETUP.admin().call("GET", "/admin/teams/team_nope", MASTER, "").errorType()).isEqualTo("not_found");

        String name = unique("twice");
        SETUP.admin().post("/admin/teams", MASTER, "{\"name\":\"" + name + "\"}");
        AdminClient.Answer duplicate = SETUP.admin().call("POST", "/admin/teams", MASTER, "{\"name\":\"" + name + "\"}");
        assertThat(duplicate.status()).as(duplicate.body()).isEqualTo(409);
        assertThat(duplicate.errorType()).isEqualTo("conflict");

        String teamId = team();
        project(teamId);
        assertThat(SETUP.admin().call("DELETE", "/admin/teams/" + teamId, MASTER, "").status())
                .as("a team with projects stays").isEqualTo(409);
        String empty = team();
        assertThat(SETUP.admin().call("DELETE", "/admin/teams/" + empty, MASTER, "").status()).isEqualTo(204);
        assertThat(SETUP.admin().call("GET", "/admin/teams/" + empty, MASTER, "").status()).isEqualTo(404);
    }

    @Test
    void teamsProjectsMembersAndBudgetsChange() throws Exception {
        String teamId = team();
        JsonNode renamed = SETUP.admin().expect(200, "PATCH", "/admin/teams/" + teamId, MASTER,
                "{\"name\":\"" + unique("renamed") + "\",\"rules\":{\"models\":[\"gpt-*\"]}}");
        assertThat(renamed.at("/rules/models/0").asString()).isEqualTo("gpt-*");
        String projectId = project(teamId);
        assertThat(SETUP.admin().expect(200, "PATCH", "/admin/projects/" + projectId, MASTER,
                "{\"rules\":{\"max_tokens_per_request\":512}}").at("/rules/max_tokens_per_request").asInt())
                .isEqualTo(512);
        String member = member("");
        assertThat(SETUP.admin().expect(200, "PATCH", "/admin/members/" + member, MASTER, "{\"role\":\"viewer\"}")
                .path("role").asString()).isEqualTo("viewer");

        JsonNode limits = SETUP.admin().expect(200, "PUT", "/admin/limits/project/" + projectId, MASTER,
                "{\"rpm\":60,\"tpm\":100000}");
        assertThat(limits.path("rpm").asInt()).isEqualTo(60);
        assertThat(limits.path("concurrency").isNull()).isTrue();
        assertThat(SETUP.admin().get("/admin/limits/project/" + projectId, MASTER)).isEqualTo(limits);
        assertThat(SETUP.admin().call("DELETE", "/admin/limits/project/" + projectId, MASTER, "").status()).isEqualTo(204);
        assertThat(SETUP.admin().call("GET", "/admin/limits/project/" + projectId, MASTER, "").status()).isEqualTo(404);

        JsonNode budget = SETUP.admin().post("/admin/budgets", MASTER, budget("team", teamId, "month", "\"25.50\""));
        assertThat(new BigDecimal(budget.path("amount").asString())).isEqualByComparingTo("25.50");
        String budgetId = budget.path("id").asString();
        JsonNode changed = SETUP.admin().expect(200, "PATCH", "/admin/budgets/" + budgetId, MASTER,
                "{\"amount\":30.125,\"alert_percent\":80}");
        assertThat(new BigDecimal(changed.path("amount").asString())).as("exact, never a double")
                .isEqualByComparingTo("30.125");
        assertThat(changed.path("alert_percent").asInt()).isEqualTo(80);
        assertThat(SETUP.admin().call("POST", "/admin/budgets", MASTER, budget("team", teamId, "month", "1")).status())
                .as("one budget per scope and period").isEqualTo(409);
        assertThat(SETUP.admin().all("/admin/budgets?scope_kind=team&scope_id=" + teamId, MASTER, 10))
                .extracting(b -> b.path("id").asString()).containsExactly(budgetId);
        assertThat(SETUP.admin().get("/admin/budgets/" + budgetId, MASTER)).isEqualTo(changed);
        assertThat(SETUP.admin().call("DELETE", "/admin/budgets/" + budgetId, MASTER, "").status()).isEqualTo(204);
        assertThat(SETUP.admin().call("GET", "/admin/budgets/" + budgetId, MASTER, "").status()).isEqualTo(404);
    }

    @Test
    void keysChangeAndWhatTheyBelongToStays() throws Exception {
        String teamId = team();
        String projectId = project(teamId);
        assertThat(SETUP.admin().get("/admin/projects/" + projectId, MASTER).path("team_id").asString()).isEqualTo(teamId);
        String member = member("");
        SETUP.admin().expect(201, "PUT", "/admin/teams/" + teamId + "/members/" + member, MASTER, "{\"role\":\"member\"}");
        JsonNode key = SETUP.admin().key(MASTER, projectId, member);
        String keyId = key.path("id").asString();

        JsonNode changed = SETUP.admin().expect(200, "PATCH", "/admin/keys/" + keyId, MASTER,
                "{\"name\":\"laptop\",\"expires_in\":\"30d\",\"rules\":{\"models\":[\"gpt-*\"]}}");
        assertThat(changed.path("name").asString()).isEqualTo("laptop");
        assertThat(Instant.parse(changed.path("expires_at").asString()))
                .isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
        assertThat(changed.at("/rules/models/0").asString()).isEqualTo("gpt-*");
        assertThat(changed.path("hint").asString()).isEqualTo(key.path("hint").asString());
        assertThat(chat(key.path("key").asString()).statusCode()).isEqualTo(200);
        JsonNode forever = SETUP.admin().expect(200, "PATCH", "/admin/keys/" + keyId, MASTER, "{\"expires_at\":null}");
        assertThat(forever.path("expires_at").isNull()).isTrue();

        assertThat(SETUP.admin().get("/admin/members/" + member, MASTER).at("/teams/0/team_id").asString()).isEqualTo(teamId);
        assertThat(SETUP.admin().call("DELETE", "/admin/projects/" + projectId, MASTER, "").status())
                .as("a project with keys stays").isEqualTo(409);
        assertThat(SETUP.admin().call("DELETE", "/admin/members/" + member, MASTER, "").status())
                .as("a member with keys stays").isEqualTo(409);
        String emptyProject = project(teamId);
        assertThat(SETUP.admin().call("DELETE", "/admin/projects/" + emptyProject, MASTER, "").status()).isEqualTo(204);
        String loner = member("");
        assertThat(SETUP.admin().call("DELETE", "/admin/members/" + loner, MASTER, "").status()).isEqualTo(204);
        assertThat(SETUP.admin().call("GET", "/admin/members/" + loner, MASTER, "").status()).isEqualTo(404);
    }

    @Test
    void meSaysWhoTheKeyIs() throws Exception {
        assertThat(SETUP.admin().get("/admin/me", MASTER).path("principal").asString()).isEqualTo("master");
        String teamId = team();
        String member = member("");
        SETUP.admin().expect(201, "PUT", "/admin/teams/" + teamId + "/members/" + member, MASTER, "{\"role\":\"admin\"}");
        String key = SETUP.admin().key(MASTER, project(teamId), member).path("key").asString();

        JsonNode me = SETUP.admin().get("/admin/me", key);
        assertThat(me.path("principal").asString()).isEqualTo("member");
        assertThat(me.at("/member/id").asString()).isEqualTo(member);
        assertThat(me.at("/teams/0/role").asString()).isEqualTo("admin");
    }

    @Test
    void theOpenApiDocumentNeedsNoKey() throws Exception {
        JsonNode document = SETUP.admin().get("/admin/openapi.json", "");
        assertThat(document.path("openapi").asString()).isEqualTo("3.1.0");
        assertThat(document.path("paths").has("/admin/keys/{id}/rotate")).isTrue();
    }

    private static void assertRefused(AdminClient.Answer answer, int status, String param) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().path("error").path("message").asString()).isNotBlank();
        if (!param.isEmpty()) {
            assertThat(answer.param()).as(answer.body()).isEqualTo(param);
            assertThat(answer.json().at("/error/message").asString()).contains(param);
        }
    }

    private static String budget(String kind, String id, String period, String amount) {
        return "{\"scope_kind\":\"" + kind + "\",\"scope_id\":\"" + id + "\",\"period\":\"" + period
                + "\",\"amount\":" + amount + "}";
    }

    static java.net.http.HttpResponse<String> chat(String key) throws Exception {
        return SETUP.parley().post("/v1/chat/completions", key, CHAT);
    }

    static String unique(String name) {
        return name + "-" + NAMES.incrementAndGet() + "-" + System.nanoTime();
    }

    static String team() throws Exception {
        return SETUP.admin().post("/admin/teams", MASTER, "{\"name\":\"" + unique("team") + "\"}").path("id").asString();
    }

    static String project(String teamId) throws Exception {
        return SETUP.admin().post("/admin/projects", MASTER, "{\"team_id\":\"" + teamId + "\",\"name\":\"" + unique("p")
                + "\"}").path("id").asString();
    }

    /** A new member with an organization role ({@code ""}: the default, member). */
    static String member(String role) throws Exception {
        String roleField = role.isEmpty() ? "" : ",\"role\":\"" + role + "\"";
        return SETUP.admin().post("/admin/members", MASTER, "{\"email\":\"" + unique("m") + "@example.com\"" + roleField + "}")
                .path("id").asString();
    }
}
