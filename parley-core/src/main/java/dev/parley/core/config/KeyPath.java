package dev.parley.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The position of a value in the configuration tree, printed the way operators write it:
 * {@code providers[1].headers.OpenAI-Organization}. Keys that would be ambiguous in that notation are quoted.
 */
record KeyPath(List<Segment> segments) {

    /** One step down the tree. */
    sealed interface Segment {}

    record Key(String name) implements Segment {}

    record Index(int position) implements Segment {}

    static final KeyPath ROOT = new KeyPath(List.of());

    /** What the root is called in messages, since an empty path would read as a dangling colon. */
    static final String ROOT_NAME = "(root)";

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    KeyPath {
        segments = List.copyOf(segments);
    }

    static KeyPath of(String... keys) {
        var path = ROOT;
        for (var key : keys) {
            path = path.key(key);
        }
        return path;
    }

    KeyPath key(String name) {
        return append(new Key(name));
    }

    KeyPath index(int position) {
        return append(new Index(position));
    }

    private KeyPath append(Segment segment) {
        var longer = new ArrayList<>(segments);
        longer.add(segment);
        return new KeyPath(longer);
    }

    @Override
    public String toString() {
        if (segments.isEmpty()) {
            return ROOT_NAME;
        }
        var text = new StringBuilder();
        for (var segment : segments) {
            switch (segment) {
                case Key(var name) when PLAIN_KEY.matcher(name).matches() ->
                        text.append(text.isEmpty() ? "" : ".").append(name);
                case Key(var name) -> text.append("[\"").append(name.replace("\"", "\\\"")).append("\"]");
                case Index(var position) -> text.append('[').append(position).append(']');
            }
        }
        return text.toString();
    }
}
