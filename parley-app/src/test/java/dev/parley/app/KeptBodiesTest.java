package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Request and response bodies through a real Parley: kept only for a key whose rules ask for them and none of its
 * levels forbids, exactly as the client sent and received them (a stream's events included), cut at
 * {@code usage.bodies.max_bytes}, and shown only to who may see the request's row.
 */
class KeptBodiesTest {

    private static final String MASTER = AdminApiTest.MASTER;
    private static final String HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>";

    @RegisterExtension
    static final AdminParley SETUP = new AdminParley("""
            usage: {bodies: {retention: 7d, max_bytes: 2KiB}}
            """);

    static String keptKey;
    static String plainKey;
    static String forbiddenKey;
    static String ownerKey;
    static String strangerKey;

    @BeforeAll
    static void keys() throws Exception {
        AdminClient admin = SETUP.admin();
        String team = admin.post("/admin/teams", MASTER, "{\"name\":\"bodies-team\"}").path("id").asString();
        String project = admin.post("/admin/projects", MASTER, "{\"team_id\":\"" + team + "\",\"name\":\"p\"}")
                .path("id").asString();
        String closed = admin.post("/admin/projects", MASTER, "{\"team_id\":\"" + team + "\",\"name\":\"closed\","
                + "\"rules\":{\"log_bodies\":false}}").path("id").asString();
        String member = admin.post("/admin/members", MASTER, "{\"email\":\"kb@example.com\",\"name\":\"Kb\"}")
                .path("id").asString();
        admin.expect(201, "PUT", "/admin/teams/" + team + "/members/" + member, MASTER, "{\"role\":\"member\"}");
        String other = admin.post("/admin/teams", MASTER, "{\"name\":\"bodies-other\"}").path("id").asString();
        String stranger = admin.post("/admin/members", MASTER, "{\"email\":\"st@example.com\",\"name\":\"St\"}")
                .path("id").asString();
        admin.expect(201, "PUT", "/admin/teams/" + other + "/members/" + stranger, MASTER, "{\"role\":\"admin\"}");
        String otherProject = admin.post("/admin/projects", MASTER, "{\"team_id\":\"" + other + "\",\"name\":\"o\"}")
                .path("id").asString();

        keptKey = admin.post("/admin/keys", MASTER, "{\"project_id\":\"" + project + "\",\"member_id\":\"" + member
                + "\",\"rules\":{\"log_bodies\":true}}").path("key").asString();
        plainKey = admin.key(MASTER, project, member).path("key").asString();
        forbiddenKey = admin.post("/admin/keys", MASTER, "{\"project_id\":\"" + closed + "\",\"rules\":"
                + "{\"log_bodies\":true}}").path("key").asString();
        ownerKey = keptKey;
        strangerKey = admin.key(MASTER, otherProject, stranger).path("key").asString();
    }

    private static String chat(String content, boolean stream) {
        return "{\"model\":\"gpt-test\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + content.replace("\"", "\\\"") + "\"}]}";
    }

    private static JsonNode detail(HttpResponse<String> answer, String key) throws Exception {
        String id = answer.headers().firstValue("x-parley-request-id").orElseThrow();
        SETUP.parley().parley.flushUsage();
        return SETUP.admin().get("/admin/usage/records/" + id, key);
    }

    @Test
    void aKeyThatAsksKeepsWhatTheClientSentAndReceivedAsText() throws Exception {
        String body = chat("Hello " + HOSTILE, false);
        HttpResponse<String> answer = SETUP.parley().post("/v1/chat/completions", keptKey, body);
        assertThat(answer.statusCode()).isEqualTo(200);

        JsonNode detail = detail(answer, MASTER);
        assertThat(detail.path("record").path("model").asString()).isEqualTo("gpt-test");
        assertThat(detail.path("bodies").path("request").asString()).isEqualTo(body);
        assertThat(detail.path("bodies").path("response").asString()).isEqualTo(answer.body());
        assertThat(detail.path("bodies").path("request_truncated").asBoolean()).isFalse();
    }

    @Test
    void aStreamIsKeptAsTheEventsTheClientReceived() throws Exception {
        HttpResponse<String> answer = SETUP.parley().post("/v1/chat/completions", keptKey, chat("Stream me", true));
        assertThat(answer.statusCode()).isEqualTo(200);

        String kept = detail(answer, MASTER).path("bodies").path("response").asString();
        assertThat(kept).isEqualTo(answer.body()).contains("data: [DONE]");
    }

    @Test
    void nothingIsKeptByDefaultOrWhenALevelForbidsIt() throws Exception {
        HttpResponse<String> plain = SETUP.parley().post("/v1/chat/completions", plainKey, chat("Plain", false));
        HttpResponse<String> forbidden = SETUP.parley().post("/v1/chat/completions", forbiddenKey,
                chat("Forbidden", false));

        assertThat(detail(plain, MASTER).path("bodies").isNull()).isTrue();
        assertThat(detail(forbidden, MASTER).path("bodies").isNull()).isTrue();
    }

    @Test
    void aLongBodyIsCutAtTheLimitAndSaysSo() throws Exception {
        String body = chat("x".repeat(5_000), false);
        HttpResponse<String> answer = SETUP.parley().post("/v1/chat/completions", keptKey, body);

        JsonNode bodies = detail(answer, MASTER).path("bodies");
        assertThat(bodies.path("request_truncated").asBoolean()).isTrue();
        assertThat(bodies.path("request").asString()).isEqualTo(body.substring(0, 2048));
    }

    @Test
    void onlyWhoMaySeeTheRowSeesItsBodies() throws Exception {
        HttpResponse<String> answer = SETUP.parley().post("/v1/chat/completions", keptKey, chat("Mine", false));
        String id = answer.headers().firstValue("x-parley-request-id").orElseThrow();
        SETUP.parley().parley.flushUsage();

        assertThat(SETUP.admin().get("/admin/usage/records/" + id, ownerKey).path("bodies").path("request").asString())
                .contains("Mine");
        AdminClient.Answer refused = SETUP.admin().call("GET", "/admin/usage/records/" + id, strangerKey, "");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain("Mine");
        assertThat(SETUP.admin().call("GET", "/admin/usage/records/req_nope", MASTER, "").status()).isEqualTo(404);
    }

    @Test
    void keptBodiesAreCounted() throws Exception {
        SETUP.parley().post("/v1/chat/completions", keptKey, chat("Count me", false));
        SETUP.parley().parley.flushUsage();
        HttpResponse<String> metrics = SETUP.parley().get("/metrics", MASTER);
        assertThat(metrics.body()).containsPattern("parley_bodies_written_total [1-9]");
    }
}
