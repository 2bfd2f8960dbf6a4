package dev.parley.core.tenancy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A virtual key as stored: never the key itself, only its HMAC.
 *
 * @param hash HMAC-SHA256 of the key under the server secret, hex
 * @param hint what may be shown of the key: its prefix and last four characters, e.g. {@code sk-parley-…a1b2}
 * @param teamId the team of {@code projectId}, kept on the key so that authorization needs no join
 * @param memberId the member it belongs to; empty for a service key (CI)
 * @param expiresAt when it stops working; rotation sets it on the old key to the end of the overlap
 * @param revokedAt when it was revoked; a revoked key is refused at once
 * @param rotatedFrom the key this one replaced
 */
public record KeyRecord(String id, String name, String hash, String hint, String projectId, String teamId,
                        Optional<String> memberId, AccessRules rules, Instant createdAt, Optional<Instant> expiresAt,
                        Optional<Instant> revokedAt, Optional<String> rotatedFrom) {
    public KeyRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(rotatedFrom, "rotatedFrom");
    }

    public boolean service() {
        return memberId.isEmpty();
    }

    /** Whether the key authenticates at {@code now}: not revoked, not expired. */
    public boolean activeAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }
}
