package dev.parley.app.e2e;

import dev.parley.app.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real client programs the end-to-end tests drive, installed with the machine's {@code npm} once per machine
 * and package list into {@code ~/.cache/parley-e2e/<hash>} (or {@code $PARLEY_E2E_CACHE/<hash>}).
 *
 * <p>Parallel test JVMs take a file lock before looking; the install goes to a temporary folder that is renamed
 * into place only when complete, so a half-installed folder is never used. A machine without {@code npm} or
 * {@code node} fails the tests with a message that says so: these tests are part of the suite.
 */
public final class NpmTools implements BeforeAllCallback {

    /** Pinned: the CLIs' wire behaviour changes between releases. All of them run on Node 20. */
    static final List<String> PACKAGES = List.of(
            "@anthropic-ai/claude-code@2.1.197",
            "@openai/codex@0.169.0",
            "@google/gemini-cli@0.61.0",
            "openai@6.30.1",
            "@anthropic-ai/sdk@1.12.0",
            "@google/genai@2.32.0");

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
    private static final String COMPLETE_MARKER = ".parley-e2e-complete";

    private static Path installed;

    @Override
    public void beforeAll(ExtensionContext context) {
        root();
    }

    /** The folder holding {@code node_modules}; installs on first use. */
    static synchronized Path root() {
        if (installed == null) {
            installed = install();
        }
        return installed;
    }

    static Path nodeModules() {
        return root().resolve("node_modules");
    }

    /** An executable from {@code node_modules/.bin}, e.g. {@code claude}. */
    static Path bin(String name) {
        Path bin = nodeModules().resolve(".bin").resolve(name);
        if (!Files.isExecutable(bin)) {
            throw new AssertionError("npm installed no executable " + bin + " (packages: " + PACKAGES + ")");
        }
        return bin;
    }

    /** The {@code node} on the PATH. */
    static Path node() {
        return onPath("node").orElseThrow(() -> new AssertionError(
                "The end-to-end tests need Node.js 20 or newer (`node` and `npm` on the PATH), e.g. "
                        + "`apt-get install nodejs npm`; no `node` was found on PATH=" + System.getenv("PATH")));
    }

    /** A PATH for a clean environment: the installed tools, node's folder, the system folders. */
    static String cleanPath() {
        List<String> dirs = new ArrayList<>();
        dirs.add(nodeModules().resolve(".bin").toString());
        dirs.add(node().toAbsolutePath().getParent().toString());
        dirs.addAll(List.of("/usr/local/bin", "/usr/bin", "/bin"));
        return String.join(":", dirs.stream().distinct().toList());
    }

    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path install() {
        Path npm = onPath("npm").orElseThrow(() -> new AssertionError(
                "The end-to-end tests need npm to install the real clients (" + String.join(" ", PACKAGES)
                        + "); no `npm` was found on PATH=" + System.getenv("PATH")
                        + ". Install Node.js 20+ with npm, e.g. `apt-get install nodejs npm`."));
        node();
        Path cacheRoot = Optional.ofNullable(System.getenv("PARLEY_E2E_CACHE")).map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".cache", "parley-e2e"));
        Path target = cacheRoot.resolve(hash(PACKAGES));
        try {
            Files.createDirectories(cacheRoot);
            if (isComplete(target)) {
                return target;
            }
            try (FileChannel lockFile = FileChannel.open(cacheRoot.resolve(target.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = lockFile.lock();
                try {
                    if (!isComplete(target)) {
                        installInto(npm, cacheRoot, target);
                    }
                } finally {
                    lock.release();
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("installing " + PACKAGES + " into " + target, e);
        }
    }

    /** Installs into a fresh temporary folder beside the target, then renames it into place. */
    private static void installInto(Path npm, Path cacheRoot, Path target) throws IOException {
        TestFiles.deleteTree(target);
        Path temp = cacheRoot.resolve(target.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectories(temp);
        try {
            runNpm(npm, temp);
            Files.writeString(temp.resolve(COMPLETE_MARKER), String.join("\n", PACKAGES) + "\n");
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                throw new AssertionError("could not move " + temp + " to " + target, e);
            }
        } finally {
            TestFiles.deleteTree(temp);
        }
    }

    private static void runNpm(Path npm, Path prefix) throws IOException {
        List<String> command = new ArrayList<>(List.of(npm.toString(), "install", "--prefix", prefix.toString(),
                "--no-audit", "--no-fund", "--no-update-notifier", "--loglevel", "warn"));
        command.addAll(PACKAGES);
        long started = System.nanoTime();
        ProcessRun.Result result = ProcessRun.of(command).directory(prefix).environment(Map.of())
                .inheritEnvironment().timeout(INSTALL_TIMEOUT).run();
        if (result.exitCode() != 0) {
            throw new AssertionError("npm install failed: " + result.describe());
        }
        System.err.printf("[parley-e2e] npm installed %s into %s in %d s%n", PACKAGES, prefix,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private static boolean isComplete(Path target) {
        return Files.isRegularFile(target.resolve(COMPLETE_MARKER));
    }

    private static String hash(List<String> packages) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", packages).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
