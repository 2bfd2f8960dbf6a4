/**
 * The dead-letter queue: asynchronous work that still failed after every retry and fallback ({@code DeadLetter},
 * with its error history of {@code Failure}s and its one {@code Replay}), the listing's {@code DeadLetterFilter},
 * and the port the store implements, {@code DeadLetterStore}. No I/O.
 */
package dev.parley.core.deadletter;
