package dev.parley.app;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Things made through the admin API with the master key for one test call: teams, projects, members, keys,
 * budgets, limits, markups, prices, providers and models. Each is made when asked for, so a call that consumes
 * its fixture (a deletion, a revocation) gets a fresh one.
 *
 * @param catalogProvider the provider that the models made here route to, and that prices made here name
 */
record AdminFixtures(AdminParley setup, String master, String catalogProvider) {

    private static final AtomicInteger NAMES = new AtomicInteger();

    /** {@code name} with a number no other call of this run got. */
    static String unique(String name) {
        return name + "-" + NAMES.incrementAndGet();
    }

    static String id(JsonNode node) {
        return node.path("id").asString();
    }

    /** The call's result; a checked failure fails the test. */
    static <T> T unchecked(Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    String team() {
        return unchecked(() -> id(setup.admin().post("/admin/teams", master, "{\"name\":\"" + unique("team") + "\"}")));
    }

    void join(String team, String member, String role) {
        unchecked(() -> setup.admin().call("PUT", "/admin/teams/" + team + "/members/" + member, master,
                "{\"role\":\"" + role + "\"}"));
    }

    String project(String team, String name) {
        return unchecked(() -> id(setup.admin().post("/admin/projects", master, "{\"team_id\":\"" + team
                + "\",\"name\":\"" + name + "\"}")));
    }

    /** A fresh member with the member role, in {@code team} unless it is empty. */
    String member(String team) {
        String member = unchecked(() -> id(setup.admin().post("/admin/members", master, "{\"email\":\"" + unique("m")
                + "@example.com\"}")));
        if (!team.isEmpty()) {
            join(team, member, "member");
        }
        return member;
    }

    String key(String project, String member) {
        String holder = member.isEmpty() ? "null" : "\"" + member + "\"";
        return unchecked(() -> id(setup.admin().post("/admin/keys", master, "{\"project_id\":\"" + project
                + "\",\"member_id\":" + holder + "}")));
    }

    String budgetBody(String kind, String id) {
        return "{\"scope_kind\":\"" + kind + "\",\"scope_id\":\"" + id + "\",\"period\":\"month\",\"amount\":\"100\"}";
    }

    String budget(String kind, String id) {
        return unchecked(() -> id(setup.admin().post("/admin/budgets", master, budgetBody(kind, id))));
    }

    /** The path, after making sure its scope has limits to delete. */
    String limited(String path) {
        unchecked(() -> setup.admin().expect(200, "PUT", path, master, "{\"rpm\":100000}"));
        return path;
    }

    /** The path, after making sure its scope has a markup to read or delete. */
    String marked(String path) {
        unchecked(() -> setup.admin().expect(200, "PUT", path, master, "{\"percent\":5}"));
        return path;
    }

    String priceBody(String model) {
        return "{\"provider\":\"" + catalogProvider + "\",\"model\":\"" + model + "\",\"input\":\"1.25\",\"output\":5}";
    }

    /** A model priced through the API for one call, which may delete the price. */
    String priced() {
        String model = unique("priced");
        unchecked(() -> setup.admin().expect(200, "PUT", "/admin/prices", master, priceBody(model)));
        return model;
    }

    String priceVersion() {
        return unchecked(() -> setup.admin().expect(200, "GET", "/admin/prices", master, "")).get("version")
                .asString();
    }

    String providerBody(String name) {
        return "{\"name\":\"" + name + "\",\"type\":\"openai-compatible\",\"base_url\":\"" + setup.baseUrl()
                + "/v1\",\"keys\":[\"sk-matrix-0123456789\"]}";
    }

    String modelRoutes() {
        return "{\"routes\":[{\"provider\":\"" + catalogProvider + "\",\"model\":\"fake-model\"}]}";
    }

    /** A provider made through the API for one call, which may change or delete it. */
    String apiProvider() {
        String name = unique("prov");
        unchecked(() -> setup.admin().post("/admin/providers", master, providerBody(name)));
        return name;
    }

    /** A model made through the API for one call, routed to {@link #catalogProvider}. */
    String apiModel() {
        String name = unique("model");
        unchecked(() -> setup.admin().post("/admin/models", master, "{\"name\":\"" + name + "\","
                + modelRoutes().substring(1)));
        return name;
    }
}
