package dev.parley.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parley as a separate OS process, for the tests that must signal or kill it: started from this JVM's own
 * classpath, with its output read until it says where it listens.
 */
final class ParleyProcess {

    private static final Pattern LISTENING = Pattern.compile("Parley listening on (http://[0-9.]+:[0-9]+)");

    private ParleyProcess() {
    }

    static Process start(Path config) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.parley.app.Main", "--config", config.toString())
                .redirectErrorStream(true).start();
    }

    /** The base URL from the process's "listening" line; its output goes on being read so the pipe never fills. */
    static String awaitListening(Process process) throws Exception {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
                url.completeExceptionally(new AssertionError("Parley exited before listening"));
            } catch (Exception e) {
                url.completeExceptionally(e);
            }
        });
        return url.get(60, TimeUnit.SECONDS);
    }
}
