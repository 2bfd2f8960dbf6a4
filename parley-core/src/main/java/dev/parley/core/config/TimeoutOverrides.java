package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** The {@code timeouts} keys a provider or a model sets for itself; the ones it leaves out are inherited. */
public record TimeoutOverrides(Optional<Duration> connect, Optional<Duration> firstToken, Optional<Duration> idle,
                               Optional<Duration> total) {

    public static final TimeoutOverrides NONE =
            new TimeoutOverrides(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public TimeoutOverrides {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(firstToken, "firstToken");
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(total, "total");
        check(Stream.of(connect, firstToken, idle, total).flatMap(Optional::stream).allMatch(Duration::isPositive),
                "timeouts must be positive");
    }

    /** {@code base} with the keys set here replaced. */
    public Timeouts over(Timeouts base) {
        return new Timeouts(connect.orElse(base.connect()), firstToken.orElse(base.firstToken()),
                idle.orElse(base.idle()), total.orElse(base.total()));
    }
}
