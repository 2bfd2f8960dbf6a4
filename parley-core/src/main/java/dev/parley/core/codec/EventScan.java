package dev.parley.core.codec;

/**
 * Byte-level looks into a stream event's data, for deciding without a parse whether an event matters to the bill
 * ({@link StreamDecoder#billing}). They may say yes too often, never no when the answer is yes: inside a JSON
 * string a quote is escaped, so a quoted name found here is a member name or a whole string value.
 */
public final class EventScan {

    private EventScan() {
    }

    /** Whether the data could be one JSON object; anything else is sure to fail a decoder that wants one. */
    public static boolean objectShaped(String data) {
        int first = 0;
        int last = data.length() - 1;
        while (first <= last && Character.isWhitespace(data.charAt(first))) {
            first++;
        }
        while (last >= first && Character.isWhitespace(data.charAt(last))) {
            last--;
        }
        return first < last && data.charAt(first) == '{' && data.charAt(last) == '}';
    }

    /** Whether any of the quoted strings (e.g. {@code "\"usage\""}) occurs in the data. */
    public static boolean mentions(String data, String... quoted) {
        for (String q : quoted) {
            if (data.contains(q)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the quoted name occurs other than as a member whose value is {@code null}: most OpenAI chunks carry
     * {@code "usage":null}, which is no usage.
     */
    public static boolean mentionsNonNull(String data, String quotedName) {
        int at = data.indexOf(quotedName);
        while (at >= 0) {
            if (!nullMember(data, at + quotedName.length())) {
                return true;
            }
            at = data.indexOf(quotedName, at + 1);
        }
        return false;
    }

    private static boolean nullMember(String data, int from) {
        int i = skipBlank(data, from);
        if (i >= data.length() || data.charAt(i) != ':') {
            return false;
        }
        i = skipBlank(data, i + 1);
        return data.startsWith("null", i);
    }

    private static int skipBlank(String data, int from) {
        int i = from;
        while (i < data.length() && Character.isWhitespace(data.charAt(i))) {
            i++;
        }
        return i;
    }
}
