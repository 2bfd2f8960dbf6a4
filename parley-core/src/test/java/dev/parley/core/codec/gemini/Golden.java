package dev.parley.core.codec.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.parley.core.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * Golden files under {@code golden/gemini/}. Run with {@code -Dgolden.update=true} to rewrite them from the
 * current output; the rewritten files must then be reviewed against the spec before they are committed.
 */
final class Golden {

    private static final Path SOURCE = Path.of("src/test/resources/golden/gemini");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private Golden() {
    }

    static String read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/gemini/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String name) {
        return read(name).getBytes(StandardCharsets.UTF_8);
    }

    static String fixture(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/fixtures/clients/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compares as JSON trees, so key order and spacing do not matter. */
    static void assertJson(String name, byte[] actual) {
        JsonNode tree = Json.MAPPER.readTree(actual);
        if (UPDATE) {
            write(name, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n");
            return;
        }
        JsonNode expected = Json.MAPPER.readTree(read(name));
        if (!expected.equals(tree)) {
            String pretty = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
            fail("golden " + name + " differs; actual:\n" + pretty);
        }
    }

    static void assertText(String name, String actual) {
        if (UPDATE) {
            write(name, actual);
            return;
        }
        assertThat(actual).as("golden " + name).isEqualTo(read(name));
    }

    private static void write(String name, String content) {
        try {
            Path file = SOURCE.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
