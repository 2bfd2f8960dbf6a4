package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin API as an operator's script drives it: a method, a path, a key and a JSON body, over a real socket. */
final class AdminClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private final TestParley parley;

    AdminClient(TestParley parley) {
        this.parley = parley;
    }

    Answer call(String method, String path, String key, String body) throws Exception {
        Map<String, String> headers = new HashMap<>();
        if (!key.isEmpty()) {
            headers.put("authorization", "Bearer " + key);
        }
        HttpResponse<String> response = parley.send(method, path, headers, body);
        return new Answer(response.statusCode(), response.body(), response);
    }

    /** The call's JSON answer, after checking its status. */
    JsonNode expect(int status, String method, String path, String key, String body) throws Exception {
        Answer answer = call(method, path, key, body);
        assertThat(answer.status()).as("%s %s → %s", method, path, answer.body()).isEqualTo(status);
        return answer.json();
    }

    JsonNode get(String path, String key) throws Exception {
        return expect(200, "GET", path, key, "");
    }

    JsonNode post(String path, String key, String body) throws Exception {
        return expect(201, "POST", path, key, body);
    }

    /** Every item of a listing, following {@code next} a page of {@code limit} at a time. */
    List<JsonNode> all(String path, String key, int limit) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String after = "";
        String separator = path.contains("?") ? "&" : "?";
        for (int pages = 0; pages < 1000; pages++) {
            JsonNode page = get(path + separator + "limit=" + limit + (after.isEmpty() ? "" : "&after=" + after), key);
            page.path("items").forEach(items::add);
            assertThat(page.path("items").size()).isLessThanOrEqualTo(limit);
            if (page.path("next").isNull()) {
                return items;
            }
            after = page.path("next").asString();
        }
        throw new AssertionError("the listing never ended");
    }

    /** Creates a member's key through the admin API; answers the key's record with its text. */
    JsonNode key(String key, String projectId, String memberId) throws Exception {
        String member = memberId.isEmpty() ? "" : ",\"member_id\":\"" + memberId + "\"";
        return post("/admin/keys", key, "{\"project_id\":\"" + projectId + "\"" + member + "}");
    }

    record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        }

        String errorType() {
            return json().at("/error/type").asString();
        }

        String param() {
            return json().at("/error/param").asString();
        }
    }
}
