package dev.parley.core.tenancy;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The rate limits of one scope; an empty value does not limit.
 *
 * @param rpm requests per minute (sliding minute)
 * @param tpm tokens per minute: an estimate is reserved before the call and replaced by the real usage after
 * @param concurrency requests in flight at once
 */
public record Limits(Scope scope, OptionalInt rpm, OptionalLong tpm, OptionalInt concurrency) {
    public Limits {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(rpm, "rpm");
        Objects.requireNonNull(tpm, "tpm");
        Objects.requireNonNull(concurrency, "concurrency");
    }
}
