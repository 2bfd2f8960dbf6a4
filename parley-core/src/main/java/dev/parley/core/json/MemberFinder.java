package dev.parley.core.json;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds one top-level member of a JSON object by stepping over the others, without tokenizing them.
 *
 * <p>For bodies Parley relays as they came and only reads a member of (a provider's usage object): a tokenizing
 * scan of the whole answer cost more than the rest of reading it. Nothing here validates; the member's own value is
 * for the caller to parse. When the text does not read as one object all through, or the member is not there, the
 * answer says so ({@link Lookup}), and a caller that must know more does the validating {@link TopLevelObject#scan}.
 */
public final class MemberFinder {

    private MemberFinder() {
    }

    /** What a {@link #lookup} saw: the member, an object without it, or text it cannot step through. */
    public sealed interface Lookup {

        /** The last member of the name (as JSON parsers keep the last of a repeated name). */
        record Found(JsonMember member) implements Lookup {
        }

        /** The text reads as one object all through, and no member of it has the name. */
        record Absent() implements Lookup {
        }

        /** Not one object as far as stepping can tell, or a key with escapes: only a validating scan can say. */
        record Unreadable() implements Lookup {
        }
    }

    private static final Lookup ABSENT = new Lookup.Absent();
    private static final Lookup UNREADABLE = new Lookup.Unreadable();

    /** The last member named {@code name}; empty when it is absent or the text is unreadable. */
    public static Optional<JsonMember> find(byte[] json, String name) {
        return switch (lookup(json, name)) {
            case Lookup.Found found -> Optional.of(found.member());
            case Lookup.Absent _, Lookup.Unreadable _ -> Optional.empty();
        };
    }

    /** The member named {@code name}, told apart from an object without it and from text this cannot read. */
    public static Lookup lookup(byte[] json, String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        Walk walk = new Walk(json);
        if (walk.next() != '{') {
            return UNREADABLE;
        }
        if (walk.peek() == '}') {
            walk.next();
            return walk.onlyBlankAfter(walk.at) ? ABSENT : UNREADABLE;
        }
        Lookup found = ABSENT;
        while (true) {
            if (walk.next() != '"') {
                return UNREADABLE;
            }
            int keyStart = walk.at;
            int keyEnd = walk.stringEnd(keyStart);
            if (keyEnd < 0 || escaped(json, keyStart, keyEnd) || walk.next(keyEnd + 1) != ':') {
                return UNREADABLE; // an escaped key may spell the name: only a decoding scan can tell
            }
            int start = walk.skipBlank(walk.at);
            int end = walk.valueEnd(start);
            if (end < 0) {
                return UNREADABLE;
            }
            if (sameBytes(json, keyStart, keyEnd, wanted)) {
                found = new Lookup.Found(new JsonMember(name, start, end, kindOf(json[start])));
            }
            int after = walk.next(end);
            if (after == '}') {
                return walk.onlyBlankAfter(walk.at) ? found : UNREADABLE;
            }
            if (after != ',') {
                return UNREADABLE;
            }
        }
    }

    private static boolean escaped(byte[] json, int from, int to) {
        for (int i = from; i < to; i++) {
            if (json[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** A key equal to the wanted name byte for byte. */
    private static boolean sameBytes(byte[] json, int from, int to, byte[] wanted) {
        if (to - from != wanted.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (json[from + i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }

    private static JsonMember.Kind kindOf(byte first) {
        return switch (first) {
            case '{' -> JsonMember.Kind.OBJECT;
            case '[' -> JsonMember.Kind.ARRAY;
            case '"' -> JsonMember.Kind.STRING;
            case 't' -> JsonMember.Kind.TRUE;
            case 'f' -> JsonMember.Kind.FALSE;
            case 'n' -> JsonMember.Kind.NULL;
            default -> JsonMember.Kind.NUMBER;
        };
    }

    /** A cursor over the bytes; every method answers -1 (or an empty result) for text it cannot step over. */
    private static final class Walk {

        private final byte[] b;
        /** Just past the last byte {@link #next} returned. */
        private int at;

        Walk(byte[] bytes) {
            this.b = bytes;
        }

        /** The next byte that is not blank, consumed; -1 at the end. */
        int next() {
            return next(at);
        }

        /** The first byte from {@code from} on that is not blank, consumed; -1 at the end. */
        int next(int from) {
            int i = skipBlank(from);
            if (i >= b.length) {
                at = b.length;
                return -1;
            }
            at = i + 1;
            return b[i];
        }

        /** The next byte that is not blank, not consumed; -1 at the end. */
        int peek() {
            int i = skipBlank(at);
            return i < b.length ? b[i] : -1;
        }

        /** The index of the first byte from {@code from} on that is not blank. */
        int skipBlank(int from) {
            int i = from;
            while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
                i++;
            }
            return i;
        }

        /** Whether nothing but blanks follows {@code from}. */
        boolean onlyBlankAfter(int from) {
            return skipBlank(from) == b.length;
        }

        /** The index of the quote closing a string whose text starts at {@code from}; -1 when it never closes. */
        int stringEnd(int from) {
            for (int i = from; i < b.length; i++) {
                if (b[i] == '\\') {
                    i++;
                } else if (b[i] == '"') {
                    return i;
                }
            }
            return -1;
        }

        /** Just past the value that starts at {@code from}; -1 when it does not end or is no value. */
        int valueEnd(int from) {
            if (from >= b.length) {
                return -1;
            }
            return switch (b[from]) {
                case '"' -> {
                    int close = stringEnd(from + 1);
                    yield close < 0 ? -1 : close + 1;
                }
                case '{', '[' -> containerEnd(from);
                case '}', ']', ',', ':' -> -1;
                default -> scalarEnd(from);
            };
        }

        /** Brackets are counted, whatever their kind; strings inside are stepped over whole. */
        private int containerEnd(int from) {
            int depth = 0;
            for (int i = from; i < b.length; i++) {
                switch (b[i]) {
                    case '{', '[' -> depth++;
                    case '}', ']' -> {
                        if (--depth == 0) {
                            return i + 1;
                        }
                    }
                    case '"' -> {
                        i = stringEnd(i + 1);
                        if (i < 0) {
                            return -1;
                        }
                    }
                    default -> {
                        // any other byte is inside the value
                    }
                }
            }
            return -1;
        }

        /** A number or literal runs to the next delimiter; what it spells is the caller's parser's to judge. */
        private int scalarEnd(int from) {
            int i = from;
            while (i < b.length && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\n'
                    && b[i] != '\r' && b[i] != '\t') {
                i++;
            }
            return i;
        }
    }
}
