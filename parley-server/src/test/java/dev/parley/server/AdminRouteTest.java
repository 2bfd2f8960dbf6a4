package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The admin route table: how paths match, and that the OpenAPI document describes exactly its routes. */
class AdminRouteTest {

    @Test
    void parametersAreReadFromTheirSegments() {
        assertThat(AdminRoute.PUT_MEMBERSHIP.match("/admin/teams/team_1/members/mem_2"))
                .contains(Map.of("id", "team_1", "member_id", "mem_2"));
        assertThat(AdminRoute.GET_LIMITS.match("/admin/limits/project/proj_9"))
                .contains(Map.of("scope_kind", "project", "scope_id", "proj_9"));
        assertThat(AdminRoute.LIST_TEAMS.match("/admin/teams")).contains(Map.of());
    }

    @Test
    void aPathMatchesOnlyWhenEverySegmentDoes() {
        assertThat(AdminRoute.GET_TEAM.match("/admin/teams/")).isEmpty();
        assertThat(AdminRoute.GET_TEAM.match("/admin/teams/a/b")).isEmpty();
        assertThat(AdminRoute.GET_TEAM.match("/admin/teams")).isEmpty();
        assertThat(AdminRoute.REVOKE_KEY.match("/admin/keys/key_1/rotate")).isEmpty();
        assertThat(AdminRoute.LIST_AUDIT.match("/admin/audit/")).isEmpty();
    }

    @Test
    void noTwoRoutesShareAMethodAndAPath() {
        // Every {param} is replaced by a value that no literal segment has, and every route is tried on it.
        for (AdminRoute route : AdminRoute.values()) {
            String path = route.pattern().replaceAll("\\{[a-z_]+}", "x1");
            List<AdminRoute> same = Arrays.stream(AdminRoute.values())
                    .filter(r -> r.method().equals(route.method()) && r.match(path).isPresent()).toList();
            assertThat(same).as(route.toString()).containsExactly(route);
        }
    }

    @Test
    void theOpenApiDocumentDescribesEveryRouteAndNoOther() throws Exception {
        JsonNode document;
        try (InputStream in = AdminApi.class.getResourceAsStream("admin-openapi.json")) {
            assertThat(in).as("admin-openapi.json").isNotNull();
            document = AdminJson.MAPPER.readTree(in);
        }
        assertThat(document.path("openapi").asString()).startsWith("3.1");
        Set<String> documented = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().propertyNames()
                .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        Set<String> routed = Arrays.stream(AdminRoute.values()).map(r -> r.method() + " " + r.pattern())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).isEqualTo(routed);
    }

    @Test
    void everyReferenceInTheDocumentResolves() throws Exception {
        JsonNode document;
        try (InputStream in = AdminApi.class.getResourceAsStream("admin-openapi.json")) {
            document = AdminJson.MAPPER.readTree(in);
        }
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asString());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectRefs(item, refs));
        }
    }
}
