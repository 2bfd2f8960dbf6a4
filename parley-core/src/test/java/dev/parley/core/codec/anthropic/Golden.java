package dev.parley.core.codec.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * Golden files under {@code src/test/resources/golden/anthropic}. Run with {@code -Dgolden.update=true} to
 * rewrite them from the current output; the rewritten files must then be reviewed against the spec.
 */
final class Golden {

    static final Path DIR = Path.of("src/test/resources/golden/anthropic");
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/clients");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private Golden() {
    }

    /** The JSON must equal the golden file as a tree (key order and spacing do not matter). */
    static void assertJson(String name, byte[] actual) {
        JsonNode tree = Json.MAPPER.readTree(actual);
        Path file = DIR.resolve(name);
        if (UPDATE) {
            write(file, Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree) + "\n");
        }
        assertThat(tree).as(name).isEqualTo(Json.MAPPER.readTree(bytes(name)));
    }

    /** The text must equal the golden file exactly (SSE framing matters byte for byte). */
    static void assertText(String name, String actual) {
        Path file = DIR.resolve(name);
        if (UPDATE) {
            write(file, actual);
        }
        assertThat(actual).as(name).isEqualTo(text(name));
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The request body a captured client request carried. */
    static byte[] fixtureBody(String fixture) {
        try {
            JsonNode capture = Json.MAPPER.readTree(Files.readAllBytes(FIXTURES.resolve(fixture)));
            return Json.bytes(capture.get("body"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
