package dev.parley.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** A plain HTTP/1.1 client for the fake, as a gateway's upstream client would talk to it. */
final class TestHttp {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestHttp() {}

    static HttpResponse<String> post(FakeProvider fake, String path, String body, String... headers) {
        return send(request(fake, path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> get(FakeProvider fake, String path, String... headers) {
        return send(request(fake, path, headers).GET().build());
    }

    static HttpRequest.Builder request(FakeProvider fake, String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).header("content-type", "application/json");
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        return Json.MAPPER.readTree(body);
    }

    static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }
}
