package dev.parley.core.config;

import java.util.List;
import java.util.Optional;

/**
 * The parsed YAML document before any meaning is given to it. Scalars keep their text exactly as written:
 * whether {@code 4000} is a port or a name is decided by the reader that knows the key, and environment
 * references are resolved only when a value is read, so a value that is never used cannot fail the load.
 * Every node remembers its line for error messages.
 */
sealed interface YamlNode {

    int line();

    /** A block or flow mapping; entries keep the document's order, keys are unique. */
    record Mapping(List<Entry> entries, int line) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        Optional<Entry> entry(String key) {
            return entries.stream().filter(entry -> entry.key().equals(key)).findFirst();
        }
    }

    record Entry(String key, int keyLine, YamlNode value) {}

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** Any scalar: string, number or boolean, as the text the author wrote. */
    record Scalar(String text, int line) implements YamlNode {}

    /** An explicit {@code null}. */
    record Null(int line) implements YamlNode {}

    static Mapping emptyMapping() {
        return new Mapping(List.of(), 1);
    }

    /** Follows {@code path} down from this node, for messages about values that were read earlier. */
    default Optional<YamlNode> find(KeyPath path) {
        Optional<YamlNode> current = Optional.of(this);
        for (var segment : path.segments()) {
            current = current.flatMap(node -> node.child(segment));
        }
        return current;
    }

    private Optional<YamlNode> child(KeyPath.Segment segment) {
        return switch (segment) {
            case KeyPath.Key(var name) -> this instanceof Mapping mapping
                    ? mapping.entry(name).map(Entry::value)
                    : Optional.empty();
            case KeyPath.Index(var position) -> this instanceof Sequence sequence
                    && position >= 0 && position < sequence.items().size()
                    ? Optional.of(sequence.items().get(position))
                    : Optional.empty();
        };
    }
}
