package dev.parley.core.codec;

/**
 * Ids and names as the protocols accept them: letters, digits, {@code _} and {@code -}. A loop rather than
 * {@code replaceAll}, which compiles its pattern on every call: ids are rewritten on every translated answer.
 */
public final class IdChars {

    private IdChars() {
    }

    /** {@code text} with every character outside {@code [A-Za-z0-9_-]} replaced by {@code _}; itself if none is. */
    public static String safe(String text) {
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        // One '_' per code point, as the pattern [^A-Za-z0-9_-] replaced a surrogate pair by one.
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        text.codePoints().skip(text.codePointCount(0, first))
                .forEach(c -> out.append(c < 128 && isSafe((char) c) ? (char) c : '_'));
        return out.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isSafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isSafe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
