package dev.parley.core.catalog;

import dev.parley.core.secrets.SecretBox;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A provider as the store keeps it. {@code sealedKeys} are {@link SecretBox} texts: the store never receives a
 * plaintext key, and this record refuses one that does not look sealed. {@code type} is the configuration's word
 * ({@code openai}, {@code anthropic}, ...); {@code timeouts} and {@code healthCheck} are JSON objects ({@code {}} when
 * unset) in the configuration's shape.
 */
public record StoredProvider(String name, String type, Optional<String> baseUrl, List<String> sealedKeys,
        Map<String, String> headers, Optional<String> region, OptionalInt rpm, OptionalLong tpm, String timeouts,
        String healthCheck, Instant createdAt, Instant updatedAt) {

    public StoredProvider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(baseUrl, "baseUrl");
        sealedKeys = List.copyOf(sealedKeys);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(rpm, "rpm");
        Objects.requireNonNull(tpm, "tpm");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (!sealedKeys.stream().allMatch(SecretBox::looksSealed)) {
            // Never echo the offending text: it may be the plaintext key this check is here to keep out.
            throw new IllegalArgumentException("provider " + name + ": every key must be sealed before it is stored");
        }
    }

    @Override
    public String toString() {
        return "StoredProvider[" + name + ", " + type + ", " + sealedKeys.size() + " sealed key(s)]";
    }
}
