package dev.parley.testkit;

import java.util.ArrayList;
import java.util.List;

/** Splits streamed text into deltas the way a tokenizer would: anywhere, but never inside a code point. */
final class Chunks {

    private Chunks() {}

    /** At most {@code parts} non-empty pieces of nearly equal length; none for empty text. */
    static List<String> split(String text, int parts) {
        int codePoints = text.codePointCount(0, text.length());
        int count = Math.min(parts, codePoints);
        List<String> pieces = new ArrayList<>(count);
        int start = 0;
        for (int i = 1; i <= count; i++) {
            int endCodePoint = (int) ((long) codePoints * i / count);
            int end = text.offsetByCodePoints(0, endCodePoint);
            pieces.add(text.substring(start, end));
            start = end;
        }
        return pieces;
    }
}
