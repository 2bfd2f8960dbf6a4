package dev.parley.bench.harness;

import java.nio.charset.StandardCharsets;

/**
 * The send time a content chunk carries, so that a chunk's own delay through a target can be measured: the fast
 * upstream writes {@code System.nanoTime()} into the chunk just before writing it, and the streaming client
 * subtracts it from the chunk's arrival. Both are Java processes on the same Linux machine, where
 * {@code System.nanoTime()} reads {@code CLOCK_MONOTONIC}, one clock for every process.
 *
 * <p>A content chunk's text is {@code @@NN:TTTTTTTTTTTTTTTTTTT } ({@link StreamClient#MARKER}, the chunk's index
 * in two digits, a colon and the send time in 19 digits); every gateway passes the text through unchanged.
 */
final class ChunkStamp {

    static final int DIGITS = 19;
    /** Bytes after the marker: the index, the colon and the digits. */
    private static final int AFTER_MARKER = 3 + DIGITS;
    private static final byte[] MARKER = StreamClient.MARKER.getBytes(StandardCharsets.US_ASCII);
    /** What {@link Reader#next} answers for a byte that does not complete a chunk's stamp. */
    static final long NONE = -1;

    private ChunkStamp() {
    }

    /** The text of content chunk {@code index} with a zeroed stamp, to be filled by {@link #fill}. */
    static String text(int index) {
        return StreamClient.MARKER + String.format("%02d", index) + ":" + "0".repeat(DIGITS) + " ";
    }

    /** Where in {@code template} the stamp's digits of its (only) content chunk start. */
    static int digitsAt(byte[] template) {
        for (int i = 0; i + MARKER.length <= template.length; i++) {
            if (template[i] == MARKER[0] && template[i + 1] == MARKER[1]) {
                return i + MARKER.length + 3;
            }
        }
        throw new IllegalArgumentException("no chunk marker in the template");
    }

    /** A copy of {@code template} with {@code nanos} written into the digits at {@code at}. */
    static byte[] fill(byte[] template, int at, long nanos) {
        byte[] copy = template.clone();
        long rest = Math.max(nanos, 0);
        for (int i = at + DIGITS - 1; i >= at; i--) {
            copy[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return copy;
    }

    /**
     * Reads stamps out of a byte stream that may be cut anywhere (a marker or a stamp may be split between two
     * buffers). One per stream.
     */
    static final class Reader {
        private int matched; // bytes of the marker matched so far
        private int after = -1; // bytes read after a complete marker; -1 outside a stamp
        private long stamp;

        /** Feeds one byte: the send time of the chunk whose stamp it completes, or {@link #NONE}. */
        long next(byte b) {
            if (after >= 0) {
                return inStamp(b);
            }
            matched = b == MARKER[matched] ? matched + 1 : (b == MARKER[0] ? 1 : 0);
            if (matched == MARKER.length) {
                matched = 0;
                after = 0;
                stamp = 0;
            }
            return NONE;
        }

        private long inStamp(byte b) {
            after++;
            if (after > 3) {
                stamp = stamp * 10 + (b - '0');
            }
            if (after < AFTER_MARKER) {
                return NONE;
            }
            after = -1;
            return stamp;
        }
    }
}
