package dev.parley.server;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids that sort by time (a ULID: 48 bits of milliseconds, 80 random bits, Crockford base 32), so the
 * ledger and the logs line up without a second timestamp. Not secret: they are shown to clients.
 */
final class RequestIds {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private RequestIds() {
    }

    static String next() {
        return next(System.currentTimeMillis());
    }

    static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[4 + 26];
        out[0] = 'r';
        out[1] = 'e';
        out[2] = 'q';
        out[3] = '_';
        long time = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[4 + i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        long high = random.nextLong() >>> 24; // 40 bits
        long low = random.nextLong() >>> 24;
        for (int i = 7; i >= 0; i--) {
            out[14 + i] = ALPHABET[(int) (high & 31)];
            high >>>= 5;
            out[22 + i] = ALPHABET[(int) (low & 31)];
            low >>>= 5;
        }
        return new String(out);
    }
}
