package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's server side against a real Parley: its files served from the classpath with a strict content
 * security policy and the right caching, the SPA fallback, and its sessions: a cookie that holds no key and is
 * HttpOnly and SameSite=Strict, the admin API reached with it only together with its CSRF token, a failed login
 * audited, a revoked key ending its sessions at once, logout.
 */
class DashboardSessionTest {

    private static final String MASTER = AdminApiTest.MASTER;

    @RegisterExtension
    static final AdminParley SETUP = new AdminParley();

    @Test
    void theDashboardIsServedWithAStrictPolicyAndItsPagesFallBackToIndex() throws Exception {
        HttpResponse<String> index = get("/ui/", Map.of());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("cache-control")).hasValue("no-cache");
        assertSafeHeaders(index);
        assertThat(index.body()).contains("<div id=\"app\">").doesNotContain("<script>").doesNotContainIgnoringCase("http://")
                .doesNotContain("https://");

        String script = index.body().replaceAll("(?s).*src=\"(/ui/assets/[^\"]+\\.js)\".*", "$1");
        HttpResponse<String> asset = get(script, Map.of());
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(asset.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertSafeHeaders(asset);

        HttpResponse<String> page = get("/ui/keys", Map.of());
        assertThat(page.statusCode()).as("a page of the dashboard is its index").isEqualTo(200);
        assertThat(page.body()).isEqualTo(index.body());
        assertThat(get("/ui", Map.of()).body()).isEqualTo(index.body());
        assertThat(get("/ui/assets/missing-0000.js", Map.of()).statusCode()).isEqualTo(404);
        assertThat(get("/ui/favicon.ico", Map.of()).statusCode()).isEqualTo(404);
        assertThat(get("/ui/../admin/me", Map.of()).body()).as("never leaves the dashboard's files")
                .isEqualTo(index.body());
        assertThat(get("/ui/assets/..%2f..%2findex.html", Map.of()).statusCode()).isEqualTo(404);
        assertThat(SETUP.parley().send("POST", "/ui/keys", Map.of(), "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void theMasterKeyLogsInWithACookieThatHoldsNoKeyAndTheAdminApiWantsTheCsrfToken() throws Exception {
        HttpResponse<String> login = login(MASTER);
        assertThat(login.statusCode()).isEqualTo(200);
        String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie).startsWith("parley_session=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").contains("Max-Age=43200").doesNotContain("Secure").doesNotContain(MASTER);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        JsonNode session = AdminClient.JSON.readTree(login.body());
        assertThat(session.path("principal").asString()).isEqualTo("master");
        String csrf = session.path("csrf").asString();
        assertThat(csrf).hasSizeGreaterThan(20);
        assertThat(login.body()).doesNotContain(MASTER);
        assertSafeHeaders(login);

        HttpResponse<String> me = get("/admin/me", Map.of("cookie", cookie, "x-parley-csrf", csrf));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"principal\":\"master\"");

        HttpResponse<String> withoutToken = get("/admin/me", Map.of("cookie", cookie));
        assertThat(withoutToken.statusCode()).as("a cookie alone is refused").isEqualTo(403);
        assertThat(withoutToken.body()).contains("csrf_required");
        assertThat(get("/admin/usage/records?since=1h", Map.of("cookie", cookie)).statusCode())
                .as("exports too").isEqualTo(403);
        assertThat(get("/admin/me", Map.of("cookie", cookie, "x-parley-csrf", csrf.substring(1) + "A")).statusCode())
                .isEqualTo(403);
        String otherSessionsToken = AdminClient.JSON.readTree(login(MASTER).body()).path("csrf").asString();
        assertThat(otherSessionsToken).isNotEqualTo(csrf);
        assertThat(get("/admin/me", Map.of("cookie", cookie, "x-parley-csrf", otherSessionsToken)).statusCode())
                .as("another session's token").isEqualTo(403);
        assertThat(SETUP.parley().send("POST", "/admin/teams", Map.of("cookie", cookie), "{\"name\":\"csrf-made\"}")
                .statusCode()).isEqualTo(403);
        assertThat(SETUP.admin().get("/admin/teams?limit=200", MASTER).toString()).doesNotContain("csrf-made");

        HttpResponse<String> current = get("/ui/session", Map.of("cookie", cookie));
        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(AdminClient.JSON.readTree(current.body()).path("csrf").asString()).isEqualTo(csrf);

        String forged = cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("A") ? "BB" : "AA");
        assertThat(get("/admin/me", Map.of("cookie", forged, "x-parley-csrf", csrf)).statusCode()).isEqualTo(401);
        assertThat(get("/ui/session", Map.of()).statusCode()).isEqualTo(401);
        assertThat(get("/admin/me", Map.of("authorization", "Bearer " + MASTER)).statusCode())
                .as("Bearer is unchanged").isEqualTo(200);

        HttpResponse<String> logout = SETUP.parley().send("DELETE", "/ui/session",
                Map.of("cookie", cookie, "x-parley-csrf", csrf), "");
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("set-cookie").orElseThrow()).startsWith("parley_session=;")
                .contains("Max-Age=0");
    }

    @Test
    void aMembersSessionActsAsTheMemberAndEndsWhenTheirKeyIsRevoked() throws Exception {
        String team = SETUP.admin().post("/admin/teams", MASTER, "{\"name\":\"" + AdminApiTest.unique("t") + "\"}")
                .path("id").asString();
        String project = SETUP.admin().post("/admin/projects", MASTER, "{\"team_id\":\"" + team
                + "\",\"name\":\"p\"}").path("id").asString();
        String member = SETUP.admin().post("/admin/members", MASTER, "{\"email\":\"" + AdminApiTest.unique("m")
                + "@example.com\",\"name\":\"Grace\"}").path("id").asString();
        SETUP.admin().expect(201, "PUT", "/admin/teams/" + team + "/members/" + member, MASTER, "{\"role\":\"member\"}");
        JsonNode key = SETUP.admin().key(MASTER, project, member);
        String text = key.path("key").asString();

        HttpResponse<String> login = login(text);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("set-cookie").orElseThrow()).doesNotContain(text)
                .doesNotContain(text.substring(10));
        Map<String, String> session = sessionHeaders(login);
        HttpResponse<String> me = get("/admin/me", session);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(AdminClient.JSON.readTree(me.body()).path("member").path("id").asString()).isEqualTo(member);
        assertThat(get("/admin/audit", session).statusCode()).as("the same decisions as Bearer").isEqualTo(403);
        assertThat(get("/admin/keys", session).body()).contains(key.path("id").asString());

        SETUP.admin().expect(200, "POST", "/admin/keys/" + key.path("id").asString() + "/revoke", MASTER, "");
        assertThat(get("/admin/me", session).statusCode()).as("a revoked key ends its sessions at once")
                .isEqualTo(401);
        assertThat(get("/ui/session", Map.of("cookie", session.get("cookie"))).statusCode()).isEqualTo(401);
        assertThat(login(text).statusCode()).isEqualTo(401);
    }

    @Test
    void aFailedLoginIsRefusedAndAuditedWithoutTheKey() throws Exception {
        String wrong = "pk-not-a-key-" + System.nanoTime();
        HttpResponse<String> refused = login(wrong);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("set-cookie")).isEmpty();
        assertThat(refused.body()).doesNotContain(wrong);
        assertThat(login(TestParley.KEY).statusCode()).as("a configured key is no admin").isEqualTo(403);
        assertThat(SETUP.parley().send("POST", "/ui/session", Map.of("content-type", "text/plain"),
                "{\"key\":\"" + MASTER + "\"}").statusCode()).as("not JSON").isEqualTo(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> SETUP.admin().all("/admin/audit", MASTER, 500).stream()
                .anyMatch(e -> e.path("action").asString().equals("auth.failure")
                        && e.path("target").asString().contains("/ui/session")));
        assertThat(SETUP.admin().all("/admin/audit", MASTER, 500).toString()).doesNotContain(wrong);
    }

    private static Map<String, String> sessionHeaders(HttpResponse<String> login) {
        String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
        Map<String, String> headers = new HashMap<>();
        headers.put("cookie", setCookie.substring(0, setCookie.indexOf(';')));
        headers.put("x-parley-csrf", AdminClient.JSON.readTree(login.body()).path("csrf").asString());
        return headers;
    }

    private static HttpResponse<String> login(String key) throws Exception {
        return SETUP.parley().send("POST", "/ui/session", Map.of(), AdminClient.JSON.writeValueAsString(
                Map.of("key", key)));
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        return SETUP.parley().send("GET", path, headers, "");
    }

    private static void assertSafeHeaders(HttpResponse<String> answer) {
        Optional<String> csp = answer.headers().firstValue("content-security-policy");
        assertThat(csp).isPresent();
        assertThat(csp.get()).contains("default-src 'self'").contains("script-src 'self'")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(answer.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(answer.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        assertThat(List.of(csp.get().split(";"))).allMatch(d -> !d.contains("http"));
    }
}
