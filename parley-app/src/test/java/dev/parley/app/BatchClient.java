package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of Parley's Files and Batches APIs as OpenAI's SDKs speak them (a multipart upload, JSON bodies), for one
 * key against one base URL.
 */
final class BatchClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final String key;

    BatchClient(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    /** One line of an input file: a Chat request to {@code model} whose message names the item. */
    static String chatLine(String customId, String model) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"" + model + "\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"item "
                + customId + ";\"}]}}";
    }

    /** Uploads {@code content} as OpenAI's SDK does: multipart, with {@code purpose} and {@code file}. */
    HttpResponse<String> upload(String purpose, String content) throws Exception {
        String boundary = "parley-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"input.jsonl\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return http.send(request("/v1/files").header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Uploads an input file that must be accepted; its file object. */
    JsonNode uploaded(String content) throws Exception {
        return ok(upload("batch", content));
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(request(path).header("content-type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
        return ok(send("GET", path, ""));
    }

    /** A batch of {@code fileId} on the Chat endpoint; its batch object. */
    JsonNode create(String fileId) throws Exception {
        return ok(send("POST", "/v1/batches", "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/chat/completions\","
                + "\"completion_window\":\"24h\",\"metadata\":{\"job\":\"test\"}}"));
    }

    JsonNode batch(String id) throws Exception {
        return get("/v1/batches/" + id);
    }

    /** Waits until the batch is in one of {@code statuses}; its batch object then. */
    JsonNode awaitStatus(String id, Duration within, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        return await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> batch(id),
                b -> wanted.contains(b.path("status").asString()));
    }

    /** The lines of a file's content, each parsed. */
    List<JsonNode> lines(String fileId) throws Exception {
        HttpResponse<String> content = http.send(request("/v1/files/" + fileId + "/content").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(content.statusCode()).as(content.body()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Arrays.stream(content.body().split("\n")).filter(l -> !l.isEmpty()).toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /** The lines of a batch's output or error file ({@code output_file_id} or {@code error_file_id}); none without. */
    List<JsonNode> lines(JsonNode batch, String field) throws Exception {
        return batch.path(field).isString() ? lines(batch.path(field).asString()) : List.of();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30));
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
