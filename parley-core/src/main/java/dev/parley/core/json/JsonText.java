package dev.parley.core.json;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.io.JsonStringEncoder;

/** Quoting for the small JSON texts Parley writes by hand (error bodies, rewritten fields). */
public final class JsonText {
    private JsonText() {
    }

    /** The value as a JSON string literal, quotes included. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8).append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        return out.append('"').toString();
    }

    public static byte[] quoteUtf8(String value) {
        return quote(value).getBytes(StandardCharsets.UTF_8);
    }
}
