package dev.parley.core.json;

/**
 * Counts in a JSON value found by a byte scan, without parsing it: how many elements an array has, and how many
 * objects it holds at a depth or in all. The value must already be known to be well-formed (it comes from a
 * {@link TopLevelObject} scan); strings are skipped with their escapes, so braces and commas inside them do not
 * count.
 */
public final class JsonCounts {

    private JsonCounts() {
    }

    /** The elements of the array {@code raw}; 0 for an empty array or a value that is not one. */
    public static int elements(byte[] raw) {
        int count = 0;
        int depth = 0;
        boolean any = false;
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '"') {
                i = endOfString(raw, i);
                any |= depth == 1;
            } else if (b == '[' || b == '{') {
                any |= depth == 1;
                depth++;
            } else if (b == ']' || b == '}') {
                depth--;
            } else if (b == ',' && depth == 1) {
                count++;
            } else if (depth == 1 && !isWhitespace(b)) {
                any = true;
            }
        }
        return raw.length > 0 && raw[0] == '[' && any ? count + 1 : 0;
    }

    /**
     * The objects in {@code raw} that open at {@code depth} (the value itself is depth 0: the objects of an array
     * are at depth 1), or at any depth when {@code depth} is negative.
     */
    public static int objects(byte[] raw, int depth) {
        int count = 0;
        int level = 0;
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '"') {
                i = endOfString(raw, i);
            } else if (b == '{') {
                if (depth < 0 || level == depth) {
                    count++;
                }
                level++;
            } else if (b == '[') {
                level++;
            } else if (b == '}' || b == ']') {
                level--;
            }
        }
        return count;
    }

    /** The index of the quote that closes the string opening at {@code start}. */
    private static int endOfString(byte[] raw, int start) {
        for (int i = start + 1; i < raw.length; i++) {
            if (raw[i] == '\\') {
                i++;
            } else if (raw[i] == '"') {
                return i;
            }
        }
        return raw.length;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
