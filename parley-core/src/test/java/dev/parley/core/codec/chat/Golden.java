package dev.parley.core.codec.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * Golden files under {@code src/test/resources/golden/chat}. Run with {@code -Dgolden.update=true} to rewrite
 * them from the code's output; the rewritten files must then be reviewed against the spec before committing.
 */
final class Golden {

    static final Path DIR = Path.of("src/test/resources/golden/chat");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private Golden() {
    }

    static byte[] read(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readText(String name) {
        return new String(read(name), StandardCharsets.UTF_8);
    }

    /** The names of the files in a sub-directory ending in {@code suffix}, without the suffix. */
    static List<String> cases(String dir, String suffix) {
        try (Stream<Path> files = Files.list(DIR.resolve(dir))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .map(n -> dir + "/" + n.substring(0, n.length() - suffix.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compares as JSON trees: key order and spacing do not matter. */
    static void assertJson(String name, byte[] actual) {
        JsonNode tree = Json.MAPPER.readTree(actual);
        if (UPDATE) {
            write(name, Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree) + "\n");
        }
        assertThat(tree).as(name).isEqualTo(Json.MAPPER.readTree(read(name)));
    }

    static void assertText(String name, String actual) {
        if (UPDATE) {
            write(name, actual);
        }
        assertThat(actual).as(name).isEqualTo(readText(name));
    }

    private static void write(String name, String text) {
        try {
            Files.createDirectories(DIR.resolve(name).getParent());
            Files.writeString(DIR.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
