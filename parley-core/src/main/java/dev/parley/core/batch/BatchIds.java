package dev.parley.core.batch;

import java.time.Instant;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Ids of files, batches and their lines, in OpenAI's forms ({@code file-...}, {@code batch_...},
 * {@code batch_req_...}). A new id starts with its creation time in fixed-width base 36, so that ids sort by age
 * and a listing newest first is a keyset by id; the rest is random. The random source is the caller's.
 */
public final class BatchIds {

    private static final int TIME_WIDTH = 9;

    private BatchIds() {
    }

    public static String file(Instant at, RandomGenerator random) {
        return "file-" + timed(at, random);
    }

    public static String batch(Instant at, RandomGenerator random) {
        return "batch_" + timed(at, random);
    }

    /** The id of a batch's item in its output or error file: derived, so that it is the same on every try. */
    public static String requestLine(String batchId, int line) {
        return "batch_req_" + batchId.substring(batchId.indexOf('_') + 1) + "_" + line;
    }

    private static String timed(Instant at, RandomGenerator random) {
        String time = Long.toString(at.toEpochMilli(), 36);
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        return "0".repeat(Math.max(0, TIME_WIDTH - time.length())) + time + HexFormat.of().formatHex(bytes);
    }
}
