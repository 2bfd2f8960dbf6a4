package dev.parley.app.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child process with a clean environment (like {@code env -i}), standard input from {@code /dev/null},
 * standard output and error captured to files, and a time limit after which the whole process tree is killed.
 */
final class ProcessRun {

    /** What a finished (or killed) process left behind; {@link #describe()} is meant for assertion messages. */
    record Result(List<String> command, int exitCode, boolean timedOut, Duration elapsed, String stdout,
            String stderr) {

        String describe() {
            return "%s%n  exit %d%s after %d ms%n--- stdout ---%n%s%n--- stderr ---%n%s%n--- end ---".formatted(
                    String.join(" ", command), exitCode, timedOut ? " (KILLED: timed out)" : "",
                    elapsed.toMillis(), tail(stdout), tail(stderr));
        }

        private static String tail(String text) {
            int max = 20_000;
            return text.length() <= max ? text : "[... " + (text.length() - max) + " chars cut ...]"
                    + text.substring(text.length() - max);
        }
    }

    private final List<String> command;
    private Path directory = Path.of(".");
    private final Map<String, String> environment = new LinkedHashMap<>();
    private boolean inherit;
    private Duration timeout = Duration.ofMinutes(2);

    private ProcessRun(List<String> command) {
        this.command = List.copyOf(command);
    }

    static ProcessRun of(List<String> command) {
        return new ProcessRun(command);
    }

    static ProcessRun of(String... command) {
        return new ProcessRun(List.of(command));
    }

    ProcessRun directory(Path directory) {
        this.directory = directory;
        return this;
    }

    ProcessRun environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    ProcessRun env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Keep this JVM's environment under the given variables (for npm itself, never for a client under test). */
    ProcessRun inheritEnvironment() {
        inherit = true;
        return this;
    }

    ProcessRun timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    Result run() {
        long started = System.nanoTime();
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("parley-e2e-", ".out");
            err = Files.createTempFile("parley-e2e-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (!inherit) {
                builder.environment().clear();
            }
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                killTree(process.toHandle());
                process.waitFor(10, TimeUnit.SECONDS);
            }
            // A finished parent may leave children behind (a CLI's shell tool): they must not outlive the test.
            killTree(process.toHandle());
            return new Result(command, finished ? process.exitValue() : -1, !finished,
                    Duration.ofNanos(System.nanoTime() - started), read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    static void killTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
