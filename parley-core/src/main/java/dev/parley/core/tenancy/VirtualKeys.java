package dev.parley.core.tenancy;

import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The text of the virtual keys Parley hands out: {@code sk-parley-} followed by 48 base62 characters (about 285
 * random bits), so that a leaked key is recognizable. Leak scanners (and the operators' own) can look for
 * {@value #REGEX}. The key exists only in the answer that creates it; Parley keeps its HMAC ({@code KeyHasher}) and
 * its {@link #hint}.
 */
public final class VirtualKeys {

    public static final String PREFIX = "sk-parley-";
    public static final int RANDOM_CHARACTERS = 48;
    /** What a scanner can search text for: the prefix, then exactly 48 base62 characters, not part of a longer word. */
    public static final String REGEX = "\\bsk-parley-[0-9A-Za-z]{48}\\b";

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern WHOLE = Pattern.compile("sk-parley-[0-9A-Za-z]{48}");
    private static final int HINT_CHARACTERS = 4;

    private VirtualKeys() {
    }

    /**
     * A new key. The caller passes a cryptographically strong source ({@code SecureRandom} in the server); each
     * character is drawn uniformly ({@code nextInt(62)} has no modulo bias).
     */
    public static String generate(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        StringBuilder key = new StringBuilder(PREFIX.length() + RANDOM_CHARACTERS).append(PREFIX);
        for (int i = 0; i < RANDOM_CHARACTERS; i++) {
            key.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return key.toString();
    }

    /**
     * What may be shown of a key, anywhere, for ever: the prefix and its last four characters, e.g.
     * {@code sk-parley-…a1B2}. Four base62 characters say which of a member's keys it is without helping a guess.
     */
    public static String hint(String key) {
        String tail = key.length() > HINT_CHARACTERS ? key.substring(key.length() - HINT_CHARACTERS) : "";
        return PREFIX + "…" + tail;
    }

    /** Whether {@code text} is, as a whole, a key of this shape (not whether it is a valid key). */
    public static boolean looksLike(String text) {
        return WHOLE.matcher(text).matches();
    }
}
