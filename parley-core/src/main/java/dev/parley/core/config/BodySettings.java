package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.time.Duration;
import java.util.Objects;

/**
 * How request and response bodies are kept when a key's rules ask for them ({@code usage.bodies}). Bodies are never
 * kept by default; these settings only bound what is kept when they are.
 *
 * @param retention how long kept bodies stay before they are purged (at least an hour)
 * @param maxBytes the most of each side (request, response) kept; the rest is cut and the cut is recorded
 */
public record BodySettings(Duration retention, int maxBytes) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;
    public static final Duration SHORTEST_RETENTION = Duration.ofHours(1);
    public static final int MIN_MAX_BYTES = 1024;
    public static final int MAX_MAX_BYTES = 16 * 1024 * 1024;

    public static final BodySettings DEFAULTS = new BodySettings(DEFAULT_RETENTION, DEFAULT_MAX_BYTES);

    public BodySettings {
        Objects.requireNonNull(retention, "retention");
        check(retention.compareTo(SHORTEST_RETENTION) >= 0, "retention must be at least an hour");
        check(maxBytes >= MIN_MAX_BYTES && maxBytes <= MAX_MAX_BYTES, "maxBytes must be between 1 KiB and 16 MiB");
    }
}
