/**
 * Per-channel health and health-aware channel choice: latency and success statistics ({@link
 * dev.parley.core.health.ChannelHealth}), a circuit breaker with half-open probes on live traffic ({@link
 * dev.parley.core.health.CircuitBreaker}), and power-of-two-choices selection within priority tiers ({@link
 * dev.parley.core.health.ChannelSelector}).
 *
 * <p>Pure: no clock is read (every method that needs the time takes {@code nowNanos}, a monotonic reading such as
 * {@code System.nanoTime()}), and randomness is passed in.
 */
@NullMarked
package dev.parley.core.health;

import org.jspecify.annotations.NullMarked;
