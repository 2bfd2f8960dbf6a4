package dev.parley.core.codec.responses;

import dev.parley.core.codec.IdChars;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Ids of the responses and output items Parley writes for Responses clients: {@code resp_…} for the response,
 * {@code rs_…}, {@code msg_…}, {@code fc_…} for its items, derived from the upstream's answer id so that the same
 * answer always gets the same ids.
 */
final class Ids {

    private Ids() {
    }

    static String response(String upstreamId) {
        if (upstreamId.startsWith("resp_")) {
            return upstreamId;
        }
        if (upstreamId.isEmpty()) {
            return "resp_" + UUID.randomUUID().toString().replace("-", "");
        }
        return "resp_" + IdChars.safe(upstreamId);
    }

    /** The id of the output item at {@code outputIndex} of the response {@code responseId}. */
    static String item(String prefix, String responseId, int outputIndex) {
        return prefix + "_" + digest(responseId + "#" + outputIndex);
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
