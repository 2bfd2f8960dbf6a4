package dev.parley.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API as the command line speaks to it: one JSON request at a time with the admin key as a bearer
 * token. A refusal of the API becomes {@link CliFailure.Refused} with the API's own message; a connection that
 * fails becomes {@link CliFailure.Usage}. Neither message ever holds the key.
 */
public final class AdminClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int PAGE = 100;

    private final URI base;
    private final String key;
    private final HttpClient http;

    AdminClient(String url, String key) {
        this.base = base(url);
        this.key = key;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    JsonNode get(String path) {
        return send("GET", path, Optional.empty());
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, Optional.of(body));
    }

    JsonNode put(String path, JsonNode body) {
        return send("PUT", path, Optional.of(body));
    }

    JsonNode delete(String path) {
        return send("DELETE", path, Optional.empty());
    }

    /** Every item of a listing, following its {@code next} cursor page by page. */
    List<JsonNode> all(String path) {
        List<JsonNode> items = new ArrayList<>();
        String separator = path.contains("?") ? "&" : "?";
        Optional<String> after = Optional.empty();
        while (true) {
            JsonNode page = get(path + separator + "limit=" + PAGE + after.map(a -> "&after=" + Query.encode(a))
                    .orElse(""));
            page.path("items").forEach(items::add);
            JsonNode next = page.path("next");
            if (!next.isString() || next.stringValue().isEmpty()) {
                return items;
            }
            after = Optional.of(next.stringValue());
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * A GET whose answer is text (CSV, JSON lines), copied to {@code out} as it arrives, so that a long export is
     * never held in memory; a refusal is read as JSON and thrown as usual.
     */
    void copy(String path, Writer out) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("authorization", "Bearer " + key).GET().build();
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        try (Reader in = new InputStreamReader(response.body(), StandardCharsets.UTF_8)) {
            int status = response.statusCode();
            if (status < 200 || status >= 300) {
                StringWriter body = new StringWriter();
                in.transferTo(body);
                answer("GET", path, status, body.toString());
                return;
            }
            in.transferTo(out);
            out.flush();
        } catch (IOException e) {
            throw new CliFailure.Usage("the answer from Parley at " + base + " broke off: "
                    + e.getClass().getSimpleName());
        }
    }

    private JsonNode send(String method, String path, Optional<JsonNode> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("authorization", "Bearer " + key).header("accept", "application/json");
        if (body.isPresent()) {
            request.header("content-type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.get().toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        return answer(method, path, response.statusCode(), response.body());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException e) {
            throw new CliFailure.Usage("cannot connect to Parley at " + base + " (is it running? see --url or"
                    + " PARLEY_URL)");
        } catch (HttpTimeoutException e) {
            throw new CliFailure.Usage("Parley at " + base + " did not answer within " + TIMEOUT.toSeconds() + "s");
        } catch (IOException e) {
            throw new CliFailure.Usage("cannot reach Parley at " + base + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure.Usage("interrupted");
        }
    }

    private JsonNode answer(String method, String path, int status, String body) {
        JsonNode json = parse(body);
        if (status >= 200 && status < 300) {
            return json;
        }
        String message = json.at("/error/message").isString() ? json.at("/error/message").stringValue()
                : "HTTP " + status + " from " + method + " " + path;
        throw new CliFailure.Refused(status, message);
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return JSON.getNodeFactory().stringNode(body);
        }
    }

    private static URI base(String url) {
        try {
            URI uri = new URI(url.endsWith("/") ? url : url + "/");
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new CliFailure.Usage("--url must be an http(s) address such as http://127.0.0.1:4000, not "
                        + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliFailure.Usage("--url is not a valid address: " + url);
        }
    }
}
