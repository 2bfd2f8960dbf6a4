package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * What each principal sees and may do through the admin API, over real sockets: two teams, A and B, and members of
 * A with each team role, authenticated by their own keys. No one of team A learns anything of team B: a listing leaves
 * B's things out, a single B thing answers 404 as if it did not exist.
 */
class AdminRolesTest {

    private static final String MASTER = AdminApiTest.MASTER;
    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    static final AdminParley SETUP = new AdminParley();

    static String teamA;
    static String teamB;
    static String projectA;
    static String projectB;
    static String keyB;
    static String memberB;
    static Person teamAdmin;
    static Person teamViewer;
    static Person teamMember;
    static Person orgViewer;
    static Person orgAdmin;

    record Person(String id, String key, String keyId) {
    }

    @BeforeAll
    static void start() throws Exception {
        teamA = create("/admin/teams", "{\"name\":\"A\"}");
        teamB = create("/admin/teams", "{\"name\":\"B\"}");
        projectA = create("/admin/projects", "{\"team_id\":\"" + teamA + "\",\"name\":\"a1\"}");
        projectB = create("/admin/projects", "{\"team_id\":\"" + teamB + "\",\"name\":\"b1\"}");
        teamAdmin = person("member", teamA, "admin", projectA);
        teamViewer = person("member", teamA, "viewer", projectA);
        teamMember = person("member", teamA, "member", projectA);
        orgViewer = person("viewer", teamA, "member", projectA);
        orgAdmin = person("admin", teamA, "member", projectA);
        Person inB = person("member", teamB, "member", projectB);
        memberB = inB.id();
        keyB = inB.keyId();
        SETUP.admin().expect(200, "PUT", "/admin/limits/team/" + teamB, MASTER, "{\"rpm\":10}");
    }

    @Test
    void aTeamAdminSeesTheirTeamOnly() throws Exception {
        String key = teamAdmin.key();
        assertThat(ids(SETUP.admin().all("/admin/teams", key, 10))).containsExactly(teamA);
        assertThat(SETUP.admin().all("/admin/projects", key, 10)).allSatisfy(p -> assertThat(p.path("team_id").asString())
                .isEqualTo(teamA)).extracting(p -> p.path("id").asString()).contains(projectA);
        assertThat(SETUP.admin().all("/admin/keys", key, 10)).allSatisfy(k -> assertThat(k.path("team_id").asString())
                .isEqualTo(teamA)).isNotEmpty();
        assertThat(SETUP.admin().all("/admin/members", key, 10)).extracting(m -> m.path("id").asString())
                .contains(teamAdmin.id(), teamMember.id()).doesNotContain(memberB);

        for (String path : List.of("/admin/teams/" + teamB, "/admin/projects/" + projectB, "/admin/keys/" + keyB,
                "/admin/members/" + memberB, "/admin/teams/" + teamB + "/members", "/admin/limits/team/" + teamB,
                "/admin/projects?team=" + teamB, "/admin/keys?team=" + teamB)) {
            AdminClient.Answer answer = SETUP.admin().call("GET", path, key, "");
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.body()).as(path).doesNotContain("\"B\"").doesNotContain("b1");
        }
        assertThat(SETUP.admin().call("POST", "/admin/keys/" + keyB + "/revoke", key, "").status()).isEqualTo(404);
        assertThat(SETUP.admin().call("POST", "/admin/projects", key, "{\"team_id\":\"" + teamB + "\",\"name\":\"x\"}")
                .param()).isEqualTo("team_id");
        assertThat(SETUP.admin().get("/admin/keys/" + keyB, MASTER).path("active").asBoolean())
                .as("the refused revocation changed nothing").isTrue();
    }

    @Test
    void aTeamAdminAdministersInsideTheirTeamButNotItsEnvelope() throws Exception {
        String key = teamAdmin.key();
        String project = SETUP.admin().post("/admin/projects", key, "{\"team_id\":\"" + teamA + "\",\"name\":\""
                + unique("mine") + "\"}").path("id").asString();
        JsonNode service = SETUP.admin().post("/admin/keys", key, "{\"project_id\":\"" + project + "\",\"member_id\":null}");
        assertThat(service.path("service").asBoolean()).isTrue();
        SETUP.admin().expect(200, "PUT", "/admin/limits/project/" + project, key, "{\"rpm\":5}");
        SETUP.admin().expect(200, "PATCH", "/admin/teams/" + teamA, key, "{\"name\":\"A\"}");

        assertThat(SETUP.admin().call("PUT", "/admin/limits/team/" + teamA, key, "{\"rpm\":1000000}").status())
                .as("the team's own limits are the organization's").isEqualTo(403);
        assertThat(SETUP.admin().call("PATCH", "/admin/teams/" + teamA, key, "{\"rules\":{\"models\":[\"*\"]}}").status())
                .isEqualTo(403);
        assertThat(SETUP.admin().call("POST", "/admin/budgets", key, "{\"scope_kind\":\"team\",\"scope_id\":\"" + teamA
                + "\",\"period\":\"day\",\"amount\":\"1000\"}").status()).isEqualTo(403);
        assertThat(SETUP.admin().call("POST", "/admin/teams", key, "{\"name\":\"" + unique("new") + "\"}").status())
                .isEqualTo(403);
        assertThat(SETUP.admin().call("POST", "/admin/members", key, "{\"email\":\"" + unique("x") + "@example.com\"}")
                .status()).isEqualTo(403);
        assertThat(SETUP.admin().call("GET", "/admin/audit", key, "").status()).isEqualTo(403);
    }

    @Test
    void noOneButTheMemberGetsTheTextOfTheirKey() throws Exception {
        // The organization admin is a member of team A; a key of theirs would act as an organization SETUP.admin().
        assertThat(SETUP.admin().call("POST", "/admin/keys", teamAdmin.key(), "{\"project_id\":\"" + projectA
                + "\",\"member_id\":\"" + orgAdmin.id() + "\"}").status()).isEqualTo(403);
        assertThat(SETUP.admin().call("POST", "/admin/keys/" + orgAdmin.keyId() + "/rotate", teamAdmin.key(), "").status())
                .isEqualTo(403);
        Person leaving = person("member", teamA, "member", projectA);
        assertThat(SETUP.admin().call("POST", "/admin/keys/" + leaving.keyId() + "/rotate", teamAdmin.key(), "").status())
                .isEqualTo(403);
        assertThat(SETUP.admin().expect(200, "POST", "/admin/keys/" + leaving.keyId() + "/revoke", teamAdmin.key(), "")
                .path("active").asBoolean()).as("a team admin still revokes a member's key").isFalse();

        JsonNode forMember = SETUP.admin().post("/admin/keys", orgAdmin.key(), "{\"project_id\":\"" + projectA
                + "\",\"member_id\":\"" + teamMember.id() + "\"}");
        assertThat(forMember.path("member_id").asString()).as("an organization admin outranks a member")
                .isEqualTo(teamMember.id());
        SETUP.admin().expect(200, "POST", "/admin/keys/" + forMember.path("id").asString() + "/revoke", MASTER, "");
    }

    @Test
    void aMemberHasTheirOwnKeysAndNothingElseOfTheTeam() throws Exception {
        String key = teamMember.key();
        JsonNode own = SETUP.admin().post("/admin/keys", key, "{\"project_id\":\"" + projectA + "\",\"name\":\"laptop\"}");
        assertThat(own.path("member_id").asString()).as("a member's key is their own").isEqualTo(teamMember.id());
        assertThat(SETUP.admin().all("/admin/keys", key, 10)).allSatisfy(k -> assertThat(k.path("member_id").asString())
                .isEqualTo(teamMember.id())).hasSize(2);
        assertThat(SETUP.admin().call("GET", "/admin/keys/" + teamViewer.keyId(), key, "").status()).isEqualTo(404);
        assertThat(SETUP.admin().call("POST", "/admin/keys", key, "{\"project_id\":\"" + projectA + "\",\"member_id\":\""
                + teamViewer.id() + "\"}").status()).as("another member is not even visible").isEqualTo(404);
        assertThat(ids(SETUP.admin().all("/admin/teams", key, 10))).containsExactly(teamA);
        assertThat(SETUP.admin().call("GET", "/admin/teams/" + teamA + "/members", key, "").json().path("items"))
                .extracting(m -> m.path("member_id").asString()).containsExactly(teamMember.id());
        assertThat(SETUP.admin().call("PUT", "/admin/limits/key/" + own.path("id").asString(), key, "{\"rpm\":1}").status())
                .isEqualTo(403);

        JsonNode rotated = SETUP.admin().post("/admin/keys/" + own.path("id").asString() + "/rotate", key, "");
        assertThat(rotated.path("member_id").asString()).isEqualTo(teamMember.id());
        SETUP.admin().expect(200, "POST", "/admin/keys/" + rotated.path("id").asString() + "/revoke", key, "");
    }

    @Test
    void aTeamViewerReadsTheTeamAndMakesNoKeys() throws Exception {
        String key = teamViewer.key();
        assertThat(SETUP.admin().all("/admin/keys?team=" + teamA, key, 10)).hasSizeGreaterThan(1);
        assertThat(SETUP.admin().call("POST", "/admin/keys", key, "{\"project_id\":\"" + projectA + "\"}").status())
                .isEqualTo(403);
        assertThat(SETUP.admin().call("POST", "/admin/keys/" + teamMember.keyId() + "/revoke", key, "").status())
                .isEqualTo(403);
        assertThat(SETUP.admin().get("/admin/keys/" + teamMember.keyId(), MASTER).path("active").asBoolean()).isTrue();
    }

    @Test
    void organizationRoles() throws Exception {
        assertThat(ids(SETUP.admin().all("/admin/teams", orgViewer.key(), 10))).contains(teamA, teamB);
        assertThat(SETUP.admin().get("/admin/limits/team/" + teamB, orgViewer.key()).path("rpm").asInt()).isEqualTo(10);
        assertThat(SETUP.admin().call("GET", "/admin/audit", orgViewer.key(), "").status()).isEqualTo(403);
        assertThat(SETUP.admin().call("GET", "/admin/channels", orgViewer.key(), "").status()).isEqualTo(200);
        assertThat(SETUP.admin().call("GET", "/admin/alerts", orgViewer.key(), "").status()).isEqualTo(200);
        assertThat(SETUP.admin().call("GET", "/admin/alerts", teamAdmin.key(), "").status()).isEqualTo(403);
        assertThat(SETUP.admin().call("POST", "/admin/teams", orgViewer.key(), "{\"name\":\"" + unique("v") + "\"}").status())
                .isEqualTo(403);

        assertThat(SETUP.admin().get("/admin/audit?limit=1", orgAdmin.key()).path("items")).hasSize(1);
        String plain = SETUP.admin().post("/admin/members", orgAdmin.key(), "{\"email\":\"" + unique("p") + "@example.com\"}")
                .path("id").asString();
        assertThat(SETUP.admin().call("PATCH", "/admin/members/" + plain, orgAdmin.key(), "{\"role\":\"admin\"}").status())
                .as("only an owner makes admins").isEqualTo(403);
        assertThat(SETUP.admin().call("POST", "/admin/members", orgAdmin.key(), "{\"email\":\"" + unique("o")
                + "@example.com\",\"role\":\"owner\"}").status()).isEqualTo(403);
        assertThat(SETUP.admin().expect(200, "PATCH", "/admin/members/" + plain, MASTER, "{\"role\":\"admin\"}")
                .path("role").asString()).isEqualTo("admin");
    }

    @Test
    void keysThatAreNoPrincipalAreRefused() throws Exception {
        AdminClient.Answer configured = SETUP.admin().call("GET", "/admin/teams", TestParley.KEY, "");
        assertThat(configured.status()).isEqualTo(403);
        assertThat(configured.body()).contains("master key");
        String service = SETUP.admin().key(MASTER, projectA, "").path("key").asString();
        assertThat(SETUP.admin().call("GET", "/admin/me", service, "").status()).isEqualTo(403);
        assertThat(SETUP.admin().call("GET", "/admin/teams", "", "").status()).isEqualTo(401);
        assertThat(SETUP.admin().call("GET", "/admin/teams", "sk-parley-wrong", "").status()).isEqualTo(401);
    }

    @Test
    void aRevokedMembersKeyLosesTheAdminApiAtOnce() throws Exception {
        Person someone = person("admin", teamA, "member", projectA);
        assertThat(SETUP.admin().call("GET", "/admin/teams", someone.key(), "").status()).isEqualTo(200);
        SETUP.admin().expect(200, "POST", "/admin/keys/" + someone.keyId() + "/revoke", MASTER, "");
        assertThat(SETUP.admin().call("GET", "/admin/teams", someone.key(), "").status()).isEqualTo(401);
    }

    private static List<String> ids(List<JsonNode> items) {
        return items.stream().map(i -> i.path("id").asString()).toList();
    }

    private static String create(String path, String body) throws Exception {
        return SETUP.admin().post(path, MASTER, body).path("id").asString();
    }

    /** A member with an organization role, a role in a team and a key of theirs in one of its projects. */
    private static Person person(String orgRole, String team, String teamRole, String project) throws Exception {
        String id = create("/admin/members", "{\"email\":\"" + unique(orgRole) + "@example.com\",\"role\":\"" + orgRole
                + "\"}");
        SETUP.admin().expect(201, "PUT", "/admin/teams/" + team + "/members/" + id, MASTER, "{\"role\":\"" + teamRole + "\"}");
        JsonNode key = SETUP.admin().key(MASTER, project, id);
        return new Person(id, key.path("key").asString(), key.path("id").asString());
    }

    private static String unique(String name) {
        return name + "-" + NAMES.incrementAndGet() + "-" + System.nanoTime();
    }
}
