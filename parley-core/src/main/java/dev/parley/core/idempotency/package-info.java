/**
 * Idempotent requests: a client's {@code Idempotency-Key} scoped to its virtual key ({@code IdempotencyKey}), the
 * request's fingerprint, the result kept for its duplicates ({@code StoredResult}), the store's record and port
 * ({@code IdempotencyRecord}, {@code IdempotencyStore}), and what a duplicate gets ({@code Verdict}).
 */
package dev.parley.core.idempotency;
