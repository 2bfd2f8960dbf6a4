package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the HTTP server listens.
 *
 * @param host the interface to bind; loopback by default so that a fresh install is not reachable from outside
 * @param maxBodyBytes the largest request body accepted
 * @param shutdownGrace how long in-flight requests (streams included) may finish after a stop signal
 * @param dataDir the folder for the SQLite database and other local state
 * @param limits what a request may be at most besides its body's size ({@code server.limits})
 * @param tls the certificate the main port serves HTTPS with; plain HTTP without it
 * @param admin a listener of its own for the admin API and metrics; without it they share the main port
 */
public record ServerSettings(String host, int port, long maxBodyBytes, Duration shutdownGrace, String dataDir,
        InputLimits limits, Optional<ServerTls> tls, Optional<AdminListener> admin) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 4000;
    public static final long DEFAULT_MAX_BODY_BYTES = 10L << 20;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    public static final String DEFAULT_DATA_DIR = "data";
    /** Port 0 asks the operating system for any free port (tests, side-by-side runs). */
    public static final int MIN_PORT = 0;
    public static final int MAX_PORT = 65_535;

    public static final ServerSettings DEFAULTS = new ServerSettings(
            DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE, DEFAULT_DATA_DIR);

    /** Plain HTTP on one port, with the default limits. */
    public ServerSettings(String host, int port, long maxBodyBytes, Duration shutdownGrace, String dataDir) {
        this(host, port, maxBodyBytes, shutdownGrace, dataDir, InputLimits.DEFAULTS, Optional.empty(), Optional.empty());
    }

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(admin, "admin");
        check(!host.isBlank(), "host cannot be blank");
        check(port >= MIN_PORT && port <= MAX_PORT, "port must be from 0 to 65535");
        check(maxBodyBytes >= 1, "maxBodyBytes must be positive");
        check(!shutdownGrace.isNegative(), "shutdownGrace cannot be negative");
        check(!dataDir.isBlank(), "dataDir cannot be blank");
        check(admin.map(a -> a.port() == 0 || a.port() != port).orElse(true), "the admin port must differ from port");
    }

    /** The same settings on another port (the admin listener keeps its own). */
    public ServerSettings withPort(int other) {
        return new ServerSettings(host, other, maxBodyBytes, shutdownGrace, dataDir, limits, tls, admin);
    }
}
