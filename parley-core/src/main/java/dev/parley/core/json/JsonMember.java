package dev.parley.core.json;

/** One top-level member of a JSON object: its name and the byte span {@code [start, end)} of its value. */
public record JsonMember(String name, int start, int end, Kind kind) {

    public enum Kind { OBJECT, ARRAY, STRING, NUMBER, TRUE, FALSE, NULL }

    public JsonMember {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }
}
