package dev.parley.core.pricing;

import dev.parley.core.config.PriceOverride;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The version of a price table: a SHA-256 prefix over the database's bytes and the overrides in canonical form
 * (sorted, amounts without trailing zeros), so the same prices always give the same version, whatever the
 * order or spelling of the configuration, and any change of a price gives another.
 *
 * @param dataDigest the database's whole digest, in hex
 * @param text the version: the first {@value #LENGTH} hex digits of the digest of everything
 */
record PriceVersion(String dataDigest, String text) {

    static final int LENGTH = 16;

    static PriceVersion of(byte[] data) {
        var digest = sha256(data);
        return new PriceVersion(digest, digest.substring(0, LENGTH));
    }

    PriceVersion withOverrides(List<PriceOverride> overrides) {
        if (overrides.isEmpty()) {
            return new PriceVersion(dataDigest, dataDigest.substring(0, LENGTH));
        }
        var lines = overrides.stream().map(Overrides::canonical).sorted().toList();
        var all = dataDigest + "\n" + String.join("\n", lines);
        return new PriceVersion(dataDigest, sha256(all.getBytes(StandardCharsets.UTF_8)).substring(0, LENGTH));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
