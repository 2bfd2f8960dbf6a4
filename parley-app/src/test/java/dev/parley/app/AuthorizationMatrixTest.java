package dev.parley.app;

import static dev.parley.app.AdminFixtures.id;
import static dev.parley.app.AdminFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.AdminRoute;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Every route of the admin API × every kind of principal × whose thing it is (team A's, team B's, the caller's own
 * key, another member's key), against a real Parley: the status each must get, no byte of team B's ids or names in
 * any answer to a principal of team A, and no change in the store when a write is refused. The cases are checked
 * against {@link AdminRoute} and the OpenAPI document, so that a route added later without a case fails here.
 *
 * <p>Expectations are written per case as six letters, for the master key, an organization admin, an organization
 * viewer, team A's admin, team A's viewer and a member of team A: {@code S} success (2xx), {@code F} 403, {@code N}
 * 404 (a thing the caller may not read does not exist for them), {@code C} 409 (allowed, but the thing is still in use:
 * a team with members, a member in a team). A service key and a key from the configuration
 * file always get 403; no key and a wrong key always 401.
 */
class AuthorizationMatrixTest {

    private static final String MASTER = AdminApiTest.MASTER;
    private static final String WRONG = "sk-parley-wrong0000000000000000000000000000000000000000";
    /** The provider the models made by the catalog cases route to; never deleted. */
    private static final String CATALOG_PROVIDER = "matrix-provider";

    @RegisterExtension
    static final AdminParley SETUP = new AdminParley();
    private static final AdminFixtures API = new AdminFixtures(SETUP, MASTER, CATALOG_PROVIDER);

    /** Who calls; the first six are the letters of an expectation. */
    enum Who { MASTER, ORG_ADMIN, ORG_VIEWER, TEAM_ADMIN, TEAM_VIEWER, TEAM_MEMBER, SERVICE, CONFIGURED, NO_KEY, WRONG_KEY }

    private static final Set<Who> TEAM_A_SIDE = EnumSet.of(Who.TEAM_ADMIN, Who.TEAM_VIEWER, Who.TEAM_MEMBER,
            Who.SERVICE, Who.CONFIGURED, Who.NO_KEY, Who.WRONG_KEY);

    record Person(String memberId, String key, String keyId, String projectId) {
    }

    record Req(String method, String path, String body) {
    }

    record Case(AdminRoute route, String owner, String expect, Function<Who, Req> request) {
    }

    static String teamA;
    static String teamB;
    static String teamO;
    static String projectA;
    static String projectB;
    static String otherMember;
    static String otherKey;
    static String budgetTeamA;
    static String budgetProjectA;
    static String budgetTeamB;
    static String serviceB;
    static String letterA;
    static String letterB;
    static String letterConfigured;
    static final Map<Who, Person> PEOPLE = new EnumMap<>(Who.class);
    /** Every id and name of team B's; none may reach a principal of team A. */
    static final Set<String> SECRETS_OF_B = new HashSet<>();

    @BeforeAll
    static void start() throws Exception {
        teamA = id(SETUP.admin().post("/admin/teams", MASTER, "{\"name\":\"alpha\"}"));
        teamO = id(SETUP.admin().post("/admin/teams", MASTER, "{\"name\":\"org-people\"}"));
        teamB = secret(id(SETUP.admin().post("/admin/teams", MASTER, "{\"name\":\"bravo-confidential-team\"}")));
        SECRETS_OF_B.add("bravo-confidential-team");
        projectA = API.project(teamA, "alpha-project");
        String projectO = API.project(teamO, "org-project");
        projectB = secret(API.project(teamB, "bravo-confidential-project"));
        SECRETS_OF_B.add("bravo-confidential-project");

        PEOPLE.put(Who.ORG_ADMIN, person("admin", teamO, "member", projectO));
        PEOPLE.put(Who.ORG_VIEWER, person("viewer", teamO, "member", projectO));
        PEOPLE.put(Who.TEAM_ADMIN, person("member", teamA, "admin", projectA));
        PEOPLE.put(Who.TEAM_VIEWER, person("member", teamA, "viewer", projectA));
        PEOPLE.put(Who.TEAM_MEMBER, person("member", teamA, "member", projectA));
        Person other = person("member", teamA, "member", projectA);
        otherMember = other.memberId();
        otherKey = other.keyId();
        // The master key has no member record: where a case needs "its own", it acts on team A's member's things.
        Person teamMember = PEOPLE.get(Who.TEAM_MEMBER);
        PEOPLE.put(Who.MASTER, new Person(teamMember.memberId(), MASTER, teamMember.keyId(), projectA));
        JsonNode service = SETUP.admin().post("/admin/keys", MASTER, "{\"project_id\":\"" + projectA + "\",\"member_id\":null}");
        PEOPLE.put(Who.SERVICE, new Person("", service.path("key").asString(), id(service), projectA));
        PEOPLE.put(Who.CONFIGURED, new Person("", TestParley.KEY, "", projectA));
        PEOPLE.put(Who.NO_KEY, new Person("", "", "", projectA));
        PEOPLE.put(Who.WRONG_KEY, new Person("", WRONG, "", projectA));

        Person bAdmin = person("member", teamB, "admin", projectB);
        Person bMember = person("member", teamB, "member", projectB);
        for (Person p : List.of(bAdmin, bMember)) {
            secret(p.memberId());
            secret(p.keyId());
        }
        serviceB = secret(id(SETUP.admin().post("/admin/keys", MASTER, "{\"project_id\":\"" + projectB
                + "\",\"member_id\":null,\"name\":\"bravo-confidential-key\"}")));
        SECRETS_OF_B.add("bravo-confidential-key");

        for (String scope : List.of("team/" + teamA, "team/" + teamB, "project/" + projectA, "project/" + projectB,
                "key/" + serviceB)) {
            SETUP.admin().expect(200, "PUT", "/admin/limits/" + scope, MASTER, "{\"rpm\":100000}");
        }
        for (Who who : List.of(Who.ORG_ADMIN, Who.ORG_VIEWER, Who.TEAM_ADMIN, Who.TEAM_VIEWER, Who.TEAM_MEMBER)) {
            SETUP.admin().expect(200, "PUT", "/admin/limits/key/" + PEOPLE.get(who).keyId(), MASTER, "{\"rpm\":100000}");
        }
        SETUP.admin().post("/admin/providers", MASTER, API.providerBody(CATALOG_PROVIDER));
        budgetTeamA = API.budget("team", teamA);
        budgetProjectA = API.budget("project", projectA);
        budgetTeamB = secret(API.budget("team", teamB));
        secret(API.budget("project", projectB));
        openAccount("team", teamA);
        secret(openAccount("team", teamB));
        secret(id(SETUP.admin().post("/admin/accounts/team/" + teamB + "/orders", MASTER,
                "{\"kind\":\"top_up\",\"amount\":\"5\",\"reason\":\"bravo-confidential-order\"}")));
        SECRETS_OF_B.add("bravo-confidential-order");
        for (Who who : List.of(Who.ORG_ADMIN, Who.ORG_VIEWER, Who.TEAM_ADMIN, Who.TEAM_VIEWER, Who.TEAM_MEMBER)) {
            openAccount("member", PEOPLE.get(who).memberId());
        }
        openAccount("member", otherMember);
        letterA = deadLetter(true);
        letterB = secret(deadLetter(false));
        letterConfigured = DeadLetters.add(SETUP.dataDir(), "name:ci", "ci", java.util.Optional.empty());
    }

    private static String openAccount(String kind, String id) throws Exception {
        return id(SETUP.admin().post("/admin/accounts", MASTER, "{\"scope_kind\":\"" + kind + "\",\"scope_id\":\""
                + id + "\"}"));
    }

    @Test
    void everyRouteHasCasesAndTheOpenApiDocumentNamesNoOtherRoute() throws Exception {
        Set<AdminRoute> covered = EnumSet.noneOf(AdminRoute.class);
        cases().forEach(c -> covered.add(c.route()));
        assertThat(EnumSet.complementOf(EnumSet.copyOf(covered))).as("routes without a case").isEmpty();

        JsonNode document = SETUP.admin().get("/admin/openapi.json", "");
        Set<String> documented = new TreeSet<>();
        for (String path : document.path("paths").propertyNames()) {
            for (String method : document.path("paths").path(path).propertyNames()) {
                documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
            }
        }
        Set<String> routes = new TreeSet<>();
        for (AdminRoute route : AdminRoute.values()) {
            routes.add(route.method() + " " + route.pattern());
        }
        assertThat(documented).isEqualTo(routes);
    }

    @Test
    void everyRouteAnswersEachPrincipalAsTheRulesSayAndLeaksNothingOfTeamB() throws Exception {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Case c : cases()) {
            for (Who who : Who.values()) {
                Req req = c.request().apply(who);
                assertThat(matches(c.route(), req)).as("%s is a request of %s", req, c.route()).isTrue();
                int expected = expected(c, who);
                Map<String, List<String>> before = expected >= 300 ? state() : Map.of();
                HttpResponse<String> answer = send(who, req);
                calls++;
                int status = answer.statusCode();
                boolean ok = expected < 300 ? status >= 200 && status < 300 : status == expected;
                if (!ok) {
                    wrong.add(c.route() + " [" + c.owner() + "] as " + who + ": expected " + expected + ", got "
                            + status + " " + answer.body());
                }
                if (TEAM_A_SIDE.contains(who)) {
                    String text = answer.body() + " " + answer.headers().map();
                    for (String secret : SECRETS_OF_B) {
                        if (text.contains(secret) && !req.path().contains(secret) && !req.body().contains(secret)) {
                            wrong.add(c.route() + " [" + c.owner() + "] as " + who + ": team B's " + secret
                                    + " in " + text);
                        }
                    }
                }
                if (expected >= 300) {
                    Map<String, List<String>> after = state();
                    if (!after.equals(before)) {
                        wrong.add(c.route() + " [" + c.owner() + "] as " + who + ": a refused call changed the store");
                    }
                }
            }
        }
        assertThat(wrong).as("of %d calls", calls).isEmpty();
        assertThat(calls).isGreaterThan(AdminRoute.values().length * Who.values().length);
    }

    /** The cases; a fixture a call may consume (a deletion, a revocation) is made afresh for each principal. */
    private static List<Case> cases() {
        List<Case> all = new ArrayList<>();
        String tA = "/admin/teams/" + teamA;
        String tB = "/admin/teams/" + teamB;
        add(all, AdminRoute.ME, "-", "SSSSSS", w -> get("/admin/me"));
        add(all, AdminRoute.OPENAPI, "-", "SSSSSS", w -> get("/admin/openapi.json"));
        add(all, AdminRoute.LIST_TEAMS, "-", "SSSSSS", w -> get("/admin/teams"));
        add(all, AdminRoute.CREATE_TEAM, "-", "SSFFFF", w -> post("/admin/teams", "{\"name\":\"" + unique("t") + "\"}"));
        add(all, AdminRoute.GET_TEAM, "own team", "SSSSSS", w -> get(tA));
        add(all, AdminRoute.GET_TEAM, "other team", "SSSNNN", w -> get(tB));
        add(all, AdminRoute.UPDATE_TEAM, "own team", "SSFSFF", w -> req("PATCH", tA, "{\"name\":\"alpha\"}"));
        add(all, AdminRoute.UPDATE_TEAM, "other team", "SSFNNN", w -> req("PATCH", tB,
                "{\"name\":\"bravo-confidential-team\"}"));
        add(all, AdminRoute.DELETE_TEAM, "own team", "CCFFFF", w -> req("DELETE", "/admin/teams/" + teamWithA(), ""));
        add(all, AdminRoute.DELETE_TEAM, "other team", "SSFNNN", w -> req("DELETE", "/admin/teams/" + secret(API.team()), ""));
        add(all, AdminRoute.LIST_TEAM_MEMBERS, "own team", "SSSSSS", w -> get(tA + "/members"));
        add(all, AdminRoute.LIST_TEAM_MEMBERS, "other team", "SSSNNN", w -> get(tB + "/members"));
        add(all, AdminRoute.PUT_MEMBERSHIP, "own team", "SSFSFF", w -> req("PUT", tA + "/members/" + API.member(""),
                "{\"role\":\"member\"}"));
        add(all, AdminRoute.PUT_MEMBERSHIP, "other team", "SSFNNN", w -> req("PUT", tB + "/members/" + API.member(""),
                "{\"role\":\"member\"}"));
        add(all, AdminRoute.DELETE_MEMBERSHIP, "own team", "SSFSFN", w -> req("DELETE", tA + "/members/"
                + API.member(teamA), ""));
        add(all, AdminRoute.DELETE_MEMBERSHIP, "other team", "SSFNNN", w -> req("DELETE", tB + "/members/"
                + secret(API.member(teamB)), ""));
        add(all, AdminRoute.LIST_PROJECTS, "-", "SSSSSS", w -> get("/admin/projects"));
        add(all, AdminRoute.LIST_PROJECTS, "other team", "SSSNNN", w -> get("/admin/projects?team=" + teamB));
        add(all, AdminRoute.CREATE_PROJECT, "own team", "SSFSFF", w -> post("/admin/projects", "{\"team_id\":\""
                + teamA + "\",\"name\":\"" + unique("p") + "\"}"));
        add(all, AdminRoute.CREATE_PROJECT, "other team", "SSFNNN", w -> post("/admin/projects", "{\"team_id\":\""
                + teamB + "\",\"name\":\"" + unique("p") + "\"}"));
        add(all, AdminRoute.GET_PROJECT, "own team", "SSSSSS", w -> get("/admin/projects/" + projectA));
        add(all, AdminRoute.GET_PROJECT, "other team", "SSSNNN", w -> get("/admin/projects/" + projectB));
        add(all, AdminRoute.UPDATE_PROJECT, "own team", "SSFSFF", w -> req("PATCH", "/admin/projects/" + projectA,
                "{\"name\":\"alpha-project\"}"));
        add(all, AdminRoute.UPDATE_PROJECT, "other team", "SSFNNN", w -> req("PATCH", "/admin/projects/" + projectB,
                "{\"name\":\"x\"}"));
        add(all, AdminRoute.DELETE_PROJECT, "own team", "SSFSFF", w -> req("DELETE", "/admin/projects/"
                + API.project(teamA, unique("p")), ""));
        add(all, AdminRoute.DELETE_PROJECT, "other team", "SSFNNN", w -> req("DELETE", "/admin/projects/"
                + secret(API.project(teamB, unique("p"))), ""));
        add(all, AdminRoute.LIST_MEMBERS, "-", "SSSSSS", w -> get("/admin/members"));
        add(all, AdminRoute.LIST_MEMBERS, "other team", "SSSNNN", w -> get("/admin/members?team=" + teamB));
        add(all, AdminRoute.CREATE_MEMBER, "-", "SSFFFF", w -> post("/admin/members", "{\"email\":\"" + unique("n")
                + "@example.com\"}"));
        add(all, AdminRoute.GET_MEMBER, "own", "SSSSSS", w -> get("/admin/members/" + own(w).memberId()));
        add(all, AdminRoute.GET_MEMBER, "own team", "SSSSSN", w -> get("/admin/members/" + otherMember));
        add(all, AdminRoute.GET_MEMBER, "other team", "SSSNNN", w -> get("/admin/members/" + secret(API.member(teamB))));
        add(all, AdminRoute.UPDATE_MEMBER, "own", "SFFFFF", w -> req("PATCH", "/admin/members/"
                + (w == Who.MASTER ? API.member(teamA) : own(w).memberId()), "{\"name\":\"" + unique("n") + "\"}"));
        add(all, AdminRoute.UPDATE_MEMBER, "own team", "SSFFFN", w -> req("PATCH", "/admin/members/" + API.member(teamA),
                "{\"name\":\"x\"}"));
        add(all, AdminRoute.UPDATE_MEMBER, "other team", "SSFNNN", w -> req("PATCH", "/admin/members/"
                + secret(API.member(teamB)), "{\"name\":\"x\"}"));
        add(all, AdminRoute.DELETE_MEMBER, "own team", "CCFFFN", w -> req("DELETE", "/admin/members/" + API.member(teamA), ""));
        add(all, AdminRoute.DELETE_MEMBER, "other team", "CCFNNN", w -> req("DELETE", "/admin/members/"
                + secret(API.member(teamB)), ""));
        add(all, AdminRoute.DELETE_MEMBER, "in no team", "SSFNNN", w -> req("DELETE", "/admin/members/" + API.member(""),
                ""));
        add(all, AdminRoute.LIST_KEYS, "-", "SSSSSS", w -> get("/admin/keys?include_inactive=true"));
        add(all, AdminRoute.LIST_KEYS, "other member's key", "SSSSSN", w -> get("/admin/keys?member=" + otherMember));
        add(all, AdminRoute.LIST_KEYS, "other team", "SSSNNN", w -> get("/admin/keys?team=" + teamB));
        add(all, AdminRoute.CREATE_KEY, "own key", "SSSSFS", w -> post("/admin/keys", "{\"project_id\":\""
                + own(w).projectId() + "\"}"));
        add(all, AdminRoute.CREATE_KEY, "other member's key", "SSFFFN", w -> post("/admin/keys", "{\"project_id\":\""
                + projectA + "\",\"member_id\":\"" + otherMember + "\"}"));
        add(all, AdminRoute.CREATE_KEY, "own team service key", "SSFSFF", w -> post("/admin/keys", "{\"project_id\":\""
                + projectA + "\",\"member_id\":null}"));
        add(all, AdminRoute.CREATE_KEY, "other team", "SSFNNN", w -> post("/admin/keys", "{\"project_id\":\""
                + projectB + "\",\"member_id\":null}"));
        add(all, AdminRoute.GET_KEY, "own key", "SSSSSS", w -> get("/admin/keys/" + own(w).keyId()));
        add(all, AdminRoute.GET_KEY, "other member's key", "SSSSSN", w -> get("/admin/keys/" + otherKey));
        add(all, AdminRoute.GET_KEY, "other team", "SSSNNN", w -> get("/admin/keys/" + serviceB));
        add(all, AdminRoute.UPDATE_KEY, "own key", "SSFSFF", w -> req("PATCH", "/admin/keys/" + own(w).keyId(),
                "{\"name\":\"mine\"}"));
        add(all, AdminRoute.UPDATE_KEY, "other member's key", "SSFSFN", w -> req("PATCH", "/admin/keys/" + otherKey,
                "{\"name\":\"theirs\"}"));
        add(all, AdminRoute.UPDATE_KEY, "other team", "SSFNNN", w -> req("PATCH", "/admin/keys/" + serviceB,
                "{\"name\":\"x\"}"));
        add(all, AdminRoute.REVOKE_KEY, "own key", "SSSSSS", w -> post("/admin/keys/" + ownFreshKey(w) + "/revoke", ""));
        add(all, AdminRoute.REVOKE_KEY, "other member's key", "SSFSFN", w -> post("/admin/keys/"
                + API.key(projectA, otherMember) + "/revoke", ""));
        add(all, AdminRoute.REVOKE_KEY, "other team", "SSFNNN", w -> post("/admin/keys/" + secret(API.key(projectB, ""))
                + "/revoke", ""));
        add(all, AdminRoute.ROTATE_KEY, "own key", "SSSSFS", w -> post("/admin/keys/" + ownFreshKey(w) + "/rotate", ""));
        add(all, AdminRoute.ROTATE_KEY, "other member's key", "SSFFFN", w -> post("/admin/keys/"
                + API.key(projectA, otherMember) + "/rotate", ""));
        add(all, AdminRoute.ROTATE_KEY, "other team", "SSFNNN", w -> post("/admin/keys/" + secret(API.key(projectB, ""))
                + "/rotate", ""));
        limits(all);
        budgets(all);
        accounts(all);
        catalog(all);
        pricing(all);
        deadLetters(all);
        for (AdminRoute route : List.of(AdminRoute.LIST_AUDIT, AdminRoute.EXPORT_AUDIT, AdminRoute.VERIFY_AUDIT)) {
            add(all, route, "-", "SSFFFF", w -> get(route.pattern()));
        }
        for (AdminRoute route : List.of(AdminRoute.CHANNELS, AdminRoute.QUEUE, AdminRoute.ALERTS, AdminRoute.METRICS,
                AdminRoute.CHANNEL_STATUS)) {
            add(all, route, "-", "SSSFFF", w -> get(route.pattern()));
        }
        usage(all);
        return all;
    }

    /**
     * Usage is read by everyone, narrowed to what they may see; a team, member or key named in a filter must be one
     * the caller may read, as in every listing.
     */
    private static void usage(List<Case> all) {
        for (AdminRoute route : List.of(AdminRoute.USAGE_REPORT, AdminRoute.USAGE_RECORDS)) {
            String path = route.pattern() + "?since=30d&";
            add(all, route, "-", "SSSSSS", w -> get(path + "by=team,project,member,key"));
            add(all, route, "own team", "SSSSSS", w -> get(path + "team=" + teamA + "&format=csv"));
            add(all, route, "other team", "SSSNNN", w -> get(path + "team=" + teamB));
            add(all, route, "other member's key", "SSSSSN", w -> get(path + "key=" + otherKey));
            add(all, route, "other team's member", "SSSNNN", w -> get(path + "member=" + secret(API.member(teamB))));
        }
        // One row, narrowed by the same reach: the principals that cannot see a row get a 404, not a 403.
        add(all, AdminRoute.USAGE_RECORD, "unknown", "NNNNNN", w -> get("/admin/usage/records/req_unknown"));
    }

    /** Providers and models are the organization's: its owners and admins write them, its viewers read them. */
    private static void catalog(List<Case> all) {
        String read = "SSSFFF";
        String write = "SSFFFF";
        add(all, AdminRoute.LIST_PROVIDERS, "-", read, w -> get("/admin/providers"));
        add(all, AdminRoute.GET_PROVIDER, "-", read, w -> get("/admin/providers/" + API.apiProvider()));
        add(all, AdminRoute.CREATE_PROVIDER, "-", write, w -> post("/admin/providers", API.providerBody(unique("prov"))));
        add(all, AdminRoute.UPDATE_PROVIDER, "-", write, w -> req("PATCH", "/admin/providers/" + API.apiProvider(),
                "{\"rpm\":100}"));
        add(all, AdminRoute.DELETE_PROVIDER, "-", write, w -> req("DELETE", "/admin/providers/" + API.apiProvider(), ""));
        add(all, AdminRoute.LIST_MODELS, "-", read, w -> get("/admin/models"));
        add(all, AdminRoute.GET_MODEL, "-", read, w -> get("/admin/models/" + API.apiModel()));
        add(all, AdminRoute.CREATE_MODEL, "-", write, w -> post("/admin/models", "{\"name\":\"" + unique("model")
                + "\"," + API.modelRoutes().substring(1)));
        add(all, AdminRoute.PUT_MODEL, "-", write, w -> req("PUT", "/admin/models/" + API.apiModel(), API.modelRoutes()));
        add(all, AdminRoute.DELETE_MODEL, "-", write, w -> req("DELETE", "/admin/models/" + API.apiModel(), ""));
        String channel = "{\"provider\":\"fake-openai\",\"upstream_model\":\"upstream-model\"}";
        add(all, AdminRoute.DISABLE_CHANNEL, "-", write, w -> post("/admin/channels/disable", channel));
        add(all, AdminRoute.ENABLE_CHANNEL, "-", write, w -> post("/admin/channels/enable", channel));
        add(all, AdminRoute.TEST_CHANNEL, "-", write, w -> post("/admin/channels/test", channel));
    }

    /**
     * Prices are the catalog's: organization owners and admins set them, viewers read them. A markup is a price on a
     * scope: whoever reads the scope's settings reads it, only organization admins set it (a team admin could
     * otherwise discount their own team's requests).
     */
    private static void pricing(List<Case> all) {
        String read = "SSSFFF";
        String write = "SSFFFF";
        add(all, AdminRoute.LIST_PRICES, "-", read, w -> get("/admin/prices"));
        add(all, AdminRoute.PUT_PRICE, "-", write, w -> req("PUT", "/admin/prices", API.priceBody(unique("priced"))));
        add(all, AdminRoute.DELETE_PRICE, "-", write, w -> req("DELETE", "/admin/prices?provider=" + CATALOG_PROVIDER
                + "&model=" + API.priced(), ""));
        add(all, AdminRoute.LIST_PRICE_VERSIONS, "-", read, w -> get("/admin/prices/versions"));
        add(all, AdminRoute.GET_PRICE_VERSION, "-", read, w -> get("/admin/prices/versions/" + API.priceVersion()));
        String tA = "/admin/markups/team/" + teamA;
        String pA = "/admin/markups/project/" + projectA;
        String tB = "/admin/markups/team/" + teamB;
        String body = "{\"percent\":\"12.5\"}";
        add(all, AdminRoute.GET_MARKUP, "own team", "SSSSSF", w -> get(API.marked(tA)));
        add(all, AdminRoute.GET_MARKUP, "own team's project", "SSSSSF", w -> get(API.marked(pA)));
        add(all, AdminRoute.GET_MARKUP, "own key", "SSSSSS", w -> get(API.marked("/admin/markups/key/" + own(w).keyId())));
        add(all, AdminRoute.GET_MARKUP, "other team", "SSSNNN", w -> get(API.marked(tB)));
        add(all, AdminRoute.PUT_MARKUP, "own team", write, w -> req("PUT", tA, body));
        add(all, AdminRoute.PUT_MARKUP, "own team's project", write, w -> req("PUT", pA, body));
        add(all, AdminRoute.PUT_MARKUP, "own key", write, w -> req("PUT", "/admin/markups/key/" + own(w).keyId(), body));
        add(all, AdminRoute.PUT_MARKUP, "other team", "SSFNNN", w -> req("PUT", tB, body));
        add(all, AdminRoute.DELETE_MARKUP, "own team", write, w -> req("DELETE", API.marked(tA), ""));
        add(all, AdminRoute.DELETE_MARKUP, "own team's project", write, w -> req("DELETE", API.marked(pA), ""));
        add(all, AdminRoute.DELETE_MARKUP, "other team", "SSFNNN", w -> req("DELETE", API.marked(tB), ""));
    }

    private static void limits(List<Case> all) {
        String tA = "/admin/limits/team/" + teamA;
        String pA = "/admin/limits/project/" + projectA;
        String tB = "/admin/limits/team/" + teamB;
        String body = "{\"rpm\":100000}";
        add(all, AdminRoute.GET_LIMITS, "own team", "SSSSSF", w -> get(tA));
        add(all, AdminRoute.GET_LIMITS, "own team's project", "SSSSSF", w -> get(pA));
        add(all, AdminRoute.GET_LIMITS, "own key", "SSSSSS", w -> get("/admin/limits/key/" + own(w).keyId()));
        add(all, AdminRoute.GET_LIMITS, "other team", "SSSNNN", w -> get(tB));
        add(all, AdminRoute.PUT_LIMITS, "own team", "SSFFFF", w -> req("PUT", tA, body));
        add(all, AdminRoute.PUT_LIMITS, "own team's project", "SSFSFF", w -> req("PUT", pA, body));
        add(all, AdminRoute.PUT_LIMITS, "own key", "SSFSFF", w -> req("PUT", "/admin/limits/key/"
                + own(w).keyId(), body));
        add(all, AdminRoute.PUT_LIMITS, "other team", "SSFNNN", w -> req("PUT", tB, body));
        add(all, AdminRoute.DELETE_LIMITS, "own team", "SSFFFF", w -> req("DELETE", API.limited(tA), ""));
        add(all, AdminRoute.DELETE_LIMITS, "own team's project", "SSFSFF", w -> req("DELETE", API.limited(pA), ""));
        add(all, AdminRoute.DELETE_LIMITS, "other team", "SSFNNN", w -> req("DELETE", API.limited(tB), ""));
    }

    /**
     * Dead letters of team A's key, of team B's and of a configured key (the organization's); a replay or discard
     * consumes its letter, so each principal gets a fresh one.
     */
    private static void deadLetters(List<Case> all) {
        String a = "/admin/dead-letters/";
        add(all, AdminRoute.LIST_DEAD_LETTERS, "-", "SSSSSS", w -> get("/admin/dead-letters"));
        add(all, AdminRoute.LIST_DEAD_LETTERS, "other team", "SSSSSS", w -> get("/admin/dead-letters?team=" + teamB));
        add(all, AdminRoute.GET_DEAD_LETTER, "own team", "SSSSSN", w -> get(a + letterA));
        add(all, AdminRoute.GET_DEAD_LETTER, "other team", "SSSNNN", w -> get(a + letterB));
        add(all, AdminRoute.GET_DEAD_LETTER, "configured key", "SSSNNN", w -> get(a + letterConfigured));
        add(all, AdminRoute.REPLAY_DEAD_LETTER, "own team", "SSFSFN", w -> post(a + deadLetter(true) + "/replay", ""));
        add(all, AdminRoute.REPLAY_DEAD_LETTER, "other team", "SSFNNN", w -> post(a + secret(deadLetter(false))
                + "/replay", ""));
        add(all, AdminRoute.DISCARD_DEAD_LETTER, "own team", "SSFSFN", w -> req("DELETE", a + deadLetter(true), ""));
        add(all, AdminRoute.DISCARD_DEAD_LETTER, "other team", "SSFNNN", w -> req("DELETE", a
                + secret(deadLetter(false)), ""));
    }

    /** A fresh dead letter of team A's member's key, or of team B's service key. */
    private static String deadLetter(boolean teamAsKey) {
        return teamAsKey ? DeadLetters.add(SETUP.dataDir(), "key:" + PEOPLE.get(Who.TEAM_MEMBER).keyId(), "member key",
                java.util.Optional.of(teamA)) : DeadLetters.add(SETUP.dataDir(), "key:" + serviceB,
                "bravo-confidential-key", java.util.Optional.of(teamB));
    }

    private static void budgets(List<Case> all) {
        add(all, AdminRoute.LIST_BUDGETS, "-", "SSSSSS", w -> get("/admin/budgets"));
        add(all, AdminRoute.LIST_BUDGETS, "other team", "SSSNNN", w -> get("/admin/budgets?scope_kind=team&scope_id="
                + teamB));
        add(all, AdminRoute.CREATE_BUDGET, "own team", "SSFFFF", w -> post("/admin/budgets", API.budgetBody("team", teamWithA())));
        add(all, AdminRoute.CREATE_BUDGET, "own team's project", "SSFSFF", w -> post("/admin/budgets",
                API.budgetBody("project", API.project(teamA, unique("p")))));
        add(all, AdminRoute.CREATE_BUDGET, "other team", "SSFNNN", w -> post("/admin/budgets", API.budgetBody("team", secret(API.team()))));
        add(all, AdminRoute.GET_BUDGET, "own team", "SSSSSN", w -> get("/admin/budgets/" + budgetTeamA));
        add(all, AdminRoute.GET_BUDGET, "own team's project", "SSSSSN", w -> get("/admin/budgets/" + budgetProjectA));
        add(all, AdminRoute.GET_BUDGET, "other team", "SSSNNN", w -> get("/admin/budgets/" + budgetTeamB));
        String amount = "{\"amount\":\"500.00\"}";
        add(all, AdminRoute.UPDATE_BUDGET, "own team", "SSFFFN", w -> req("PATCH", "/admin/budgets/" + budgetTeamA,
                amount));
        add(all, AdminRoute.UPDATE_BUDGET, "own team's project", "SSFSFN", w -> req("PATCH", "/admin/budgets/"
                + budgetProjectA, amount));
        add(all, AdminRoute.UPDATE_BUDGET, "other team", "SSFNNN", w -> req("PATCH", "/admin/budgets/" + budgetTeamB,
                amount));
        add(all, AdminRoute.DELETE_BUDGET, "own team", "SSFFFN", w -> req("DELETE", "/admin/budgets/"
                + API.budget("team", teamWithA()), ""));
        add(all, AdminRoute.DELETE_BUDGET, "own team's project", "SSFSFN", w -> req("DELETE", "/admin/budgets/"
                + API.budget("project", API.project(teamA, unique("p"))), ""));
        add(all, AdminRoute.DELETE_BUDGET, "other team", "SSFNNN", w -> req("DELETE", "/admin/budgets/"
                + secret(API.budget("team", secret(API.team()))), ""));
    }

    /**
     * Prepaid accounts: the organization's owner and admins open them and place orders; a team's admins and viewers
     * read the team's, a member their own.
     */
    private static void accounts(List<Case> all) {
        String tA = "/admin/accounts/team/" + teamA;
        String tB = "/admin/accounts/team/" + teamB;
        add(all, AdminRoute.OPEN_ACCOUNT, "own team", "SSFFFF", w -> post("/admin/accounts", accountBody("team",
                teamWithA())));
        add(all, AdminRoute.OPEN_ACCOUNT, "own team's member", "SSFFFN", w -> post("/admin/accounts",
                accountBody("member", API.member(teamA))));
        add(all, AdminRoute.OPEN_ACCOUNT, "other team", "SSFNNN", w -> post("/admin/accounts", accountBody("team",
                secret(API.team()))));
        add(all, AdminRoute.GET_ACCOUNT, "own team", "SSSSSF", w -> get(tA));
        add(all, AdminRoute.GET_ACCOUNT, "own", "SSSSSS", w -> get(ownAccount(w)));
        add(all, AdminRoute.GET_ACCOUNT, "other member's", "SSSFFN", w -> get("/admin/accounts/member/" + otherMember));
        add(all, AdminRoute.GET_ACCOUNT, "other team", "SSSNNN", w -> get(tB));
        add(all, AdminRoute.PLACE_ORDER, "own team", "SSFFFF", w -> post(tA + "/orders", orderBody()));
        add(all, AdminRoute.PLACE_ORDER, "own", "SSFFFF", w -> post(ownAccount(w) + "/orders", orderBody()));
        add(all, AdminRoute.PLACE_ORDER, "other team", "SSFNNN", w -> post(tB + "/orders", orderBody()));
        add(all, AdminRoute.LIST_ORDERS, "own team", "SSSSSF", w -> get(tA + "/orders"));
        add(all, AdminRoute.LIST_ORDERS, "own", "SSSSSS", w -> get(ownAccount(w) + "/orders"));
        add(all, AdminRoute.LIST_ORDERS, "other team", "SSSNNN", w -> get(tB + "/orders"));
        add(all, AdminRoute.GET_STATEMENT, "own team", "SSSSSF", w -> get(tA + "/statement?period=2026-11"));
        add(all, AdminRoute.GET_STATEMENT, "own", "SSSSSS", w -> get(ownAccount(w) + "/statement?since=2026-01-01"));
        add(all, AdminRoute.GET_STATEMENT, "other team", "SSSNNN", w -> get(tB + "/statement?period=2026-11"));
    }

    private static String ownAccount(Who who) {
        return "/admin/accounts/member/" + own(who).memberId();
    }

    private static String accountBody(String kind, String id) {
        return "{\"scope_kind\":\"" + kind + "\",\"scope_id\":\"" + id + "\"}";
    }

    private static String orderBody() {
        return "{\"kind\":\"top_up\",\"amount\":\"1.25\",\"reason\":\"matrix\",\"reference\":\"" + unique("ref")
                + "\"}";
    }

    private static void add(List<Case> all, AdminRoute route, String owner, String expect, Function<Who, Req> request) {
        all.add(new Case(route, owner, expect, request));
    }

    private static int expected(Case c, Who who) {
        if (c.route() == AdminRoute.OPENAPI) {
            return 200;
        }
        return switch (who) {
            case SERVICE, CONFIGURED -> 403;
            case NO_KEY, WRONG_KEY -> 401;
            case MASTER, ORG_ADMIN, ORG_VIEWER, TEAM_ADMIN, TEAM_VIEWER, TEAM_MEMBER -> switch (c.expect()
                    .charAt(who.ordinal())) {
                case 'S' -> 200;
                case 'F' -> 403;
                case 'N' -> 404;
                case 'C' -> 409;
                default -> throw new IllegalArgumentException(c.expect());
            };
        };
    }

    private static boolean matches(AdminRoute route, Req req) {
        String path = req.path().split("\\?")[0];
        String pattern = route.pattern().replaceAll("\\{[a-z_]+}", "[^/]+").replace(".", "\\.");
        return route.method().equals(req.method()) && path.matches(pattern);
    }

    private static HttpResponse<String> send(Who who, Req req) throws Exception {
        Map<String, String> headers = new HashMap<>();
        String key = PEOPLE.get(who).key();
        if (!key.isEmpty()) {
            headers.put("authorization", "Bearer " + key);
        }
        return SETUP.parley().send(req.method(), req.path(), headers, req.body());
    }

    /** The tenancy and catalog tables, row by row: what a refused write must leave as it was. */
    private static Map<String, List<String>> state() throws Exception {
        Map<String, List<String>> tables = new HashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + SETUP.dataDir().resolve("parley.db"));
             Statement statement = db.createStatement()) {
            for (String table : List.of("teams", "projects", "members", "memberships", "virtual_keys", "limits",
                    "budgets", "providers", "models", "markups", "prices", "accounts", "account_orders",
                    "dead_letters")) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.append(rs.getString(i)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(String::compareTo);
                tables.put(table, rows);
            }
        }
        return tables;
    }

    private static Req get(String path) {
        return new Req("GET", path, "");
    }

    private static Req post(String path, String body) {
        return new Req("POST", path, body);
    }

    private static Req req(String method, String path, String body) {
        return new Req(method, path, body);
    }

    private static String secret(String id) {
        SECRETS_OF_B.add(id);
        return id;
    }

    /** A fresh team in which team A's admin, viewer and member hold the same roles as in team A. */
    private static String teamWithA() {
        String team = API.team();
        API.join(team, PEOPLE.get(Who.TEAM_ADMIN).memberId(), "admin");
        API.join(team, PEOPLE.get(Who.TEAM_VIEWER).memberId(), "viewer");
        API.join(team, PEOPLE.get(Who.TEAM_MEMBER).memberId(), "member");
        return team;
    }

    /** The principal's own things; those without a member record act on team A's member's. */
    private static Person own(Who who) {
        return who.ordinal() <= Who.TEAM_MEMBER.ordinal() ? PEOPLE.get(who) : PEOPLE.get(Who.TEAM_MEMBER);
    }

    private static String ownFreshKey(Who who) {
        Person person = own(who);
        return API.key(person.projectId(), person.memberId());
    }

    /** A member with an organization role, in {@code team} with a team role, and a key of theirs in {@code project}. */
    private static Person person(String orgRole, String team, String teamRole, String project) throws Exception {
        String member = id(SETUP.admin().post("/admin/members", MASTER, "{\"email\":\"" + unique("p") + "@example.com\","
                + "\"role\":\"" + orgRole + "\"}"));
        SETUP.admin().expect(201, "PUT", "/admin/teams/" + team + "/members/" + member, MASTER, "{\"role\":\"" + teamRole
                + "\"}");
        JsonNode key = SETUP.admin().key(MASTER, project, member);
        return new Person(member, key.path("key").asString(), id(key), project);
    }
}
