package dev.parley.app.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throwaway HOME and an empty working folder (not a git repository) for one client run, and the clean
 * environment every run starts from: nothing of this JVM's environment, nothing of the real HOME.
 */
record Sandbox(Path home, Path work) {

    static Sandbox in(Path dir) {
        try {
            Path home = Files.createDirectories(dir.resolve("home"));
            Path work = Files.createDirectories(dir.resolve("work"));
            return new Sandbox(home, work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PATH, HOME, the XDG folders under HOME, a dumb terminal and a UTF-8 locale. */
    Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", NpmTools.cleanPath());
        env.put("HOME", home.toString());
        env.put("USER", "parley-e2e");
        env.put("TERM", "dumb");
        env.put("LANG", "C.UTF-8");
        env.put("NO_COLOR", "1");
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        env.put("TMPDIR", tmp().toString());
        return env;
    }

    private Path tmp() {
        try {
            return Files.createDirectories(home.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Error reports a client left in its temporary folder (Gemini CLI writes one per API error), for messages. */
    String diagnostics() {
        Path tmp = home.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path file : files.filter(f -> f.getFileName().toString().contains("error")).sorted().toList()) {
                String text = Files.readString(file);
                sb.append("--- ").append(file.getFileName()).append(" ---\n")
                        .append(text.length() > 6_000 ? text.substring(0, 6_000) + " [...]" : text).append('\n');
            }
        } catch (IOException e) {
            sb.append("(could not read ").append(tmp).append(": ").append(e).append(")\n");
        }
        return sb.toString();
    }

    void write(Path relativeToHome, String content) {
        try {
            Path file = home.resolve(relativeToHome);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
