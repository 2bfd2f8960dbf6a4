package dev.parley.core.codec.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.StreamEvent;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Golden files of this codec's tests, under {@code src/test/resources/golden/responses}. Run the tests with
 * {@code -Dgolden.update=true} to rewrite them from the current output; then read the diff before committing.
 */
final class Golden {

    static final Path DIR = Path.of("src/test/resources/golden/responses");
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    /** For tests that read and write JSON themselves. */
    static final ObjectMapper JSON_READER = JSON;

    private Golden() {
    }

    static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("golden file " + name, e);
        }
    }

    static JsonNode json(String name) {
        return JSON.readTree(bytes(name));
    }

    /** A captured client request's body, as the client sent it. */
    static byte[] fixture(String name) {
        try {
            JsonNode capture = JSON.readTree(Files.readAllBytes(Path.of("src/test/resources/fixtures/clients", name)));
            return JSON.writeValueAsBytes(capture.get("body"));
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + name, e);
        }
    }

    /** Compares JSON as trees, so key order and spacing do not matter. */
    static void assertJson(String name, byte[] actual) {
        JsonNode tree = JSON.readTree(actual);
        if (updating()) {
            write(name, JSON.writeValueAsBytes(tree));
        }
        assertThat(tree).as("golden " + name).isEqualTo(json(name));
    }

    /** Compares SSE event by event: the same names and the same JSON data. */
    static void assertSse(String name, byte[] actual) {
        if (updating()) {
            write(name, actual);
        }
        List<SseEvent> expected = events(bytes(name));
        List<SseEvent> got = events(actual);
        assertThat(got).as("events of " + name).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(got.get(i).name()).as("event " + i + " of " + name).isEqualTo(expected.get(i).name());
            assertThat(JSON.readTree(got.get(i).data())).as("event " + i + " of " + name)
                    .isEqualTo(JSON.readTree(expected.get(i).data()));
        }
    }

    static List<SseEvent> events(byte[] sse) {
        return new SseParser().feed(sse);
    }

    /** Runs an SSE file through a decoder, end of stream included. */
    static List<StreamEvent> decode(byte[] sse) {
        ResponsesStreamDecoder decoder = new ResponsesStreamDecoder();
        List<StreamEvent> events = new ArrayList<>();
        for (SseEvent event : events(sse)) {
            events.addAll(decoder.decode(event));
        }
        events.addAll(decoder.end());
        return events;
    }

    private static void write(String name, byte[] content) {
        try {
            Files.createDirectories(DIR);
            Files.write(DIR.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException("golden file " + name, e);
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
