package dev.parley.core.secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Blanks secrets out of text before it reaches a log line, a span, an error body, the audit log or the ledger: the
 * exact values Parley knows (provider keys, configured virtual keys, the master key, the server secret's text) and
 * the shapes of secrets it cannot know (its own virtual keys, {@code sk-…} and {@code AIza…} provider keys, Bearer
 * and Basic credentials, credential headers written out, {@code key=} style query parameters, a URL's
 * {@code user:password@}).
 *
 * <p>One pass over the text, no regular expressions: every position is looked at a bounded number of times, so a
 * hostile text cannot make it slow, and a text with nothing to hide is returned as the same instance without
 * allocating. Known values are found through a table of their first two characters, so their number does not
 * multiply the work. Immutable: a new one is made when the secrets change.
 */
public final class Redactor {

    /** What a secret is replaced with. */
    public static final String MARK = "[redacted]";
    /** Shorter known values are not searched for: they would blank out ordinary words. */
    public static final int MIN_KNOWN_LENGTH = 8;
    /** Only the shapes: for text written where no secret values are known. */
    public static final Redactor SHAPES = new Redactor(List.of());

    /** The characters after {@code sk-} that make a provider or virtual key (OpenAI's and Anthropic's are far longer). */
    private static final int SK_MIN_TAIL = 16;
    /** Google API keys are {@code AIza} and 35 more characters. */
    private static final int AIZA_MIN_TAIL = 30;
    private static final int CREDENTIAL_MIN = 8;
    /** How far a URL's user information is looked for after {@code ://}. */
    private static final int USERINFO_MAX = 256;
    private static final int PARAM_NAME_MAX = 24;
    private static final List<String> HEADERS = List.of("proxy-authorization", "authorization", "x-goog-api-key",
            "x-api-key", "api-key", "set-cookie", "cookie", "x-auth-token");
    private static final Set<String> PARAMS = Set.of("key", "api_key", "apikey", "api-key", "access_token",
            "refresh_token", "token", "password", "secret", "client_secret");

    /** The characters a shape can start with (see {@code Scan.shape}). */
    private static final boolean[] TRIGGERS = new boolean[128];

    static {
        for (char c : "sAaxXpPcCSbB?&:".toCharArray()) {
            TRIGGERS[c] = true;
        }
    }

    private final long[] firstPairs = new long[1024];
    private final Map<Integer, String[]> byFirstPair;
    private final int count;

    private Redactor(Collection<String> values) {
        Map<Integer, List<String>> grouped = new HashMap<>();
        Set<String> distinct = new LinkedHashSet<>();
        for (String value : values) {
            if (value.length() >= MIN_KNOWN_LENGTH && distinct.add(value)) {
                int pair = pair(value.charAt(0), value.charAt(1));
                firstPairs[pair >>> 6] |= 1L << pair;
                grouped.computeIfAbsent(pair, p -> new ArrayList<>()).add(value);
            }
        }
        this.byFirstPair = new HashMap<>();
        // Longest first, so that a key that extends another is blanked out whole.
        grouped.forEach((pair, list) -> byFirstPair.put(pair, list.stream()
                .sorted(Comparator.comparingInt(String::length).reversed()).toArray(String[]::new)));
        this.count = distinct.size();
    }

    /** The shapes and these exact values (blank or short ones are ignored). */
    public static Redactor of(Collection<String> values) {
        return values.isEmpty() ? SHAPES : new Redactor(values);
    }

    /** How many exact values it knows. */
    public int knownValues() {
        return count;
    }

    /** The text with every secret replaced by {@link #MARK}; the same instance when there was none. */
    public String redact(String text) {
        return new Scan(text).run();
    }

    /** The same over UTF-8 bytes; the same array when there was nothing to blank out. */
    public byte[] redact(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        String clean = redact(text);
        return clean == text ? utf8 : clean.getBytes(StandardCharsets.UTF_8);
    }

    private static int pair(char a, char b) {
        return (a * 31 + b) & 0xFFFF;
    }

    /** One pass over one text; {@code out} is made at the first secret found. */
    private final class Scan {
        private final String text;
        private final int n;
        private StringBuilder out;
        private int copied;
        /** The span a rule found to blank out. */
        private int hitStart;
        private int hitEnd;

        Scan(String text) {
            this.text = text;
            this.n = text.length();
        }

        String run() {
            int i = 0;
            while (i < n) {
                // Most characters start nothing: two table lookups and on.
                char c = text.charAt(i);
                boolean found = (count != 0 && i + 1 < n && knownStart(c, text.charAt(i + 1)) && known(i))
                        || (c < TRIGGERS.length && TRIGGERS[c] && shape(i, c));
                if (found) {
                    if (out == null) {
                        out = new StringBuilder(n);
                    }
                    out.append(text, copied, hitStart).append(MARK);
                    copied = hitEnd;
                    i = hitEnd;
                } else {
                    i++;
                }
            }
            if (out == null) {
                return text;
            }
            return out.append(text, copied, n).toString();
        }

        private boolean hit(int start, int end) {
            hitStart = start;
            hitEnd = end;
            return true;
        }

        private boolean knownStart(char first, char second) {
            int pair = pair(first, second);
            return (firstPairs[pair >>> 6] & (1L << pair)) != 0;
        }

        private boolean known(int i) {
            for (String value : byFirstPair.get(pair(text.charAt(i), text.charAt(i + 1)))) {
                if (text.startsWith(value, i)) {
                    return hit(i, i + value.length());
                }
            }
            return false;
        }

        private boolean shape(int i, char c) {
            return switch (c) {
                case 's' -> boundary(i) && (prefixed(i, "sk-", SK_MIN_TAIL) || header(i));
                case 'A' -> boundary(i) && (prefixed(i, "AIza", AIZA_MIN_TAIL) || header(i));
                case 'a', 'x', 'X', 'p', 'P', 'c', 'C', 'S' -> boundary(i) && header(i);
                case 'b', 'B' -> boundary(i) && (credential(i, "bearer") || credential(i, "basic"));
                case '?', '&' -> parameter(i);
                case ':' -> userInfo(i);
                default -> false;
            };
        }

        /** Where a word starts; right after a blanked-out secret too, as it will be once the mark is there. */
        private boolean boundary(int i) {
            return i == 0 || !letterOrDigit(text.charAt(i - 1)) || (out != null && i == copied);
        }

        /** {@code prefix} and at least {@code minTail} key characters: the whole key. */
        private boolean prefixed(int i, String prefix, int minTail) {
            if (!text.startsWith(prefix, i)) {
                return false;
            }
            int end = run(i + prefix.length(), Kind.KEY);
            return end - i - prefix.length() >= minTail && hit(i, end);
        }

        /** {@code Bearer <token>}: the token. */
        private boolean credential(int i, String scheme) {
            if (!text.regionMatches(true, i, scheme, 0, scheme.length())) {
                return false;
            }
            int start = i + scheme.length();
            int j = start;
            while (j < n && text.charAt(j) == ' ') {
                j++;
            }
            if (j == start) {
                return false;
            }
            int end = run(j, Kind.TOKEN);
            while (end < n && text.charAt(end) == '=') {
                end++;
            }
            return end - j >= CREDENTIAL_MIN && hit(j, end);
        }

        /**
         * A credential header written out: {@code authorization: …}, {@code "x-api-key":"…"}, {@code cookie=[…]}.
         * The value up to the end of its line, string or list.
         */
        private boolean header(int i) {
            char first = (char) (text.charAt(i) | 0x20);
            for (String name : HEADERS) {
                if (name.charAt(0) != first) {
                    continue;
                }
                if (text.regionMatches(true, i, name, 0, name.length())) {
                    int j = i + name.length();
                    if (j < n && (letterOrDigit(text.charAt(j)) || text.charAt(j) == '-')) {
                        return false;
                    }
                    return headerValue(j);
                }
            }
            return false;
        }

        private boolean headerValue(int from) {
            int j = from;
            if (j < n && (text.charAt(j) == '"' || text.charAt(j) == '\'')) {
                j++;
            }
            j = spaces(j);
            if (j >= n || (text.charAt(j) != ':' && text.charAt(j) != '=')) {
                return false;
            }
            j = spaces(j + 1);
            if (text.startsWith(MARK, j)) {
                return false;
            }
            if (j < n && text.charAt(j) == '[') {
                j++;
            }
            if (j < n && (text.charAt(j) == '"' || text.charAt(j) == '\'')) {
                j++;
            }
            if (text.startsWith(MARK, j)) {
                return false;
            }
            int end = run(j, Kind.HEADER_VALUE);
            return end > j && hit(j, end);
        }

        /** {@code ?key=…} or {@code &api_key=…}: the value. */
        private boolean parameter(int i) {
            int j = i + 1;
            while (j < n && j - i <= PARAM_NAME_MAX && paramNameChar(text.charAt(j))) {
                j++;
            }
            if (j >= n || text.charAt(j) != '=' || j == i + 1) {
                return false;
            }
            String name = text.substring(i + 1, j).toLowerCase(Locale.ROOT);
            if (!PARAMS.contains(name)) {
                return false;
            }
            if (text.startsWith(MARK, j + 1)) {
                return false;
            }
            int end = run(j + 1, Kind.PARAM_VALUE);
            return end > j + 1 && hit(j + 1, end);
        }

        /** {@code scheme://user:password@host}: the user information. */
        private boolean userInfo(int i) {
            if (!text.startsWith("://", i)) {
                return false;
            }
            int start = i + 3;
            int limit = Math.min(n, start + USERINFO_MAX);
            for (int j = start; j < limit; j++) {
                char c = text.charAt(j);
                if (c == '@') {
                    return j > start && hit(start, j);
                }
                if (c == '/' || c == '?' || c == '#' || c == ' ' || c == '[' || c == ']' || stop(c)) {
                    return false;
                }
            }
            return false;
        }

        private int spaces(int from) {
            int j = from;
            while (j < n && text.charAt(j) == ' ') {
                j++;
            }
            return j;
        }

        private int run(int from, Kind kind) {
            int j = from;
            while (j < n && kind.accepts(text.charAt(j))) {
                j++;
            }
            return j;
        }
    }

    /** What may continue a run of each kind. */
    private enum Kind {
        KEY {
            @Override
            boolean accepts(char c) {
                return letterOrDigit(c) || c == '-' || c == '_';
            }
        },
        /** RFC 7235's token68. */
        TOKEN {
            @Override
            boolean accepts(char c) {
                return letterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '/';
            }
        },
        HEADER_VALUE {
            @Override
            boolean accepts(char c) {
                return !stop(c) && c != ']' && c != ',' && c != '}';
            }
        },
        PARAM_VALUE {
            @Override
            boolean accepts(char c) {
                return !stop(c) && c != '&' && c != '#' && c != ' ' && c != ',' && c != ']' && c != '}' && c != ')';
            }
        };

        abstract boolean accepts(char c);
    }

    /** Where a quoted or written-out value ends: a quote, an escape, a line end, markup. */
    private static boolean stop(char c) {
        return c == '"' || c == '\'' || c == '\\' || c == '\r' || c == '\n' || c == '\t' || c == '<' || c == '>';
    }

    private static boolean letterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean paramNameChar(char c) {
        return letterOrDigit(c) || c == '_' || c == '-';
    }
}
