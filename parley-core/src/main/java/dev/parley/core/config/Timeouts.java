package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.time.Duration;
import java.util.Objects;

/**
 * How long Parley waits for an upstream attempt, in its four phases; each bound is checked on its own, so the
 * smallest that applies wins.
 *
 * @param connect establishing the connection to the provider
 * @param firstToken from sending the request to the first upstream event that carries output (text, thinking, a
 *     tool call) in a stream; headers and preamble events do not count
 * @param idle the longest gap between upstream events once a stream's output has started
 * @param total the whole attempt, from sending the request to the last byte, streamed or not
 */
public record Timeouts(Duration connect, Duration firstToken, Duration idle, Duration total) {

    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(10);
    /** Long, because a reasoning model may think for minutes before its first token. */
    public static final Duration DEFAULT_FIRST_TOKEN = Duration.ofSeconds(180);
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(120);
    public static final Duration DEFAULT_TOTAL = Duration.ofSeconds(600);

    public static final Timeouts DEFAULTS =
            new Timeouts(DEFAULT_CONNECT, DEFAULT_FIRST_TOKEN, DEFAULT_IDLE, DEFAULT_TOTAL);

    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(firstToken, "firstToken");
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(total, "total");
        check(connect.isPositive() && firstToken.isPositive() && idle.isPositive() && total.isPositive(),
                "timeouts must be positive");
    }

    /**
     * The timeouts of one channel: the model's own keys win over its provider's, which win over the top-level
     * ones, key by key.
     */
    public static Timeouts resolve(Timeouts topLevel, TimeoutOverrides provider, TimeoutOverrides model) {
        return model.over(provider.over(topLevel));
    }
}
