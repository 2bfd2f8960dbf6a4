package dev.parley.core.json;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a few top-level members of a scanned object and copies every other byte unchanged, so that a
 * pass-through request keeps the client's exact JSON (key order, number formatting, unknown fields).
 */
public final class JsonSplice {

    private final TopLevelObject object;
    private final List<Edit> edits = new ArrayList<>();
    private final Map<String, byte[]> additions = new LinkedHashMap<>();

    private record Edit(int start, int end, byte[] replacement) { }

    private JsonSplice(TopLevelObject object) {
        this.object = object;
    }

    public static JsonSplice of(TopLevelObject object) {
        return new JsonSplice(object);
    }

    /** Sets a member to a raw JSON value: replaced in place if present, otherwise added at the front. */
    public JsonSplice set(String name, byte[] rawJsonValue) {
        object.member(name).ifPresentOrElse(
                m -> edits.add(new Edit(m.start(), m.end(), rawJsonValue)),
                () -> additions.put(name, rawJsonValue));
        return this;
    }

    public JsonSplice setString(String name, String value) {
        return set(name, JsonText.quoteUtf8(value));
    }

    public boolean isEmpty() {
        return edits.isEmpty() && additions.isEmpty();
    }

    public byte[] apply() {
        byte[] src = object.bytes();
        if (isEmpty()) {
            return src;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length + 64);
        int open = indexOfOpenBrace(src);
        out.write(src, 0, open + 1);
        for (Map.Entry<String, byte[]> add : additions.entrySet()) {
            out.writeBytes(JsonText.quoteUtf8(add.getKey()));
            out.write(':');
            out.writeBytes(add.getValue());
            out.write(',');
        }
        int cursor = open + 1;
        if (!additions.isEmpty() && !object.members().iterator().hasNext()) {
            // The object was empty: drop the trailing comma we just wrote.
            byte[] sofar = out.toByteArray();
            out.reset();
            out.write(sofar, 0, sofar.length - 1);
        }
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::start));
        for (Edit e : sorted) {
            out.write(src, cursor, e.start() - cursor);
            out.writeBytes(e.replacement());
            cursor = e.end();
        }
        out.write(src, cursor, src.length - cursor);
        return out.toByteArray();
    }

    private static int indexOfOpenBrace(byte[] src) {
        for (int i = 0; i < src.length; i++) {
            if (src[i] == '{') {
                return i;
            }
        }
        throw new JsonScanException("not a JSON object");
    }
}
