package dev.parley.core.health;

/** Where a channel's circuit breaker stands. */
public sealed interface CircuitState {

    /**
     * Requests flow.
     *
     * @param recentTrips trips in a row before this closing, remembered so that a channel which fails again soon
     *     after recovering gets a longer cool-off; 0 once forgotten
     * @param sinceNanos when the circuit closed
     */
    record Closed(int recentTrips, long sinceNanos) implements CircuitState {}

    /**
     * Requests are refused until {@code untilNanos}; after that, the next request becomes a probe.
     *
     * @param trips trips in a row, this one included (1 for the first)
     */
    record Open(long untilNanos, int trips) implements CircuitState {}

    /**
     * The cool-off is over; one live request at a time is let through to see whether the channel has recovered.
     *
     * @param probing whether a probe is under way
     * @param probeSinceNanos when the probe under way began (meaningless when not probing)
     */
    record HalfOpen(int trips, boolean probing, long probeSinceNanos) implements CircuitState {}
}
