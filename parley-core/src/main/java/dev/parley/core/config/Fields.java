package dev.parley.core.config;

import java.util.List;
import java.util.Optional;

/** The entries of one YAML mapping, looked up by key, with each value wrapped as a {@link Node} at its path. */
final class Fields {

    private final Node owner;
    private final YamlNode.Mapping mapping;

    Fields(Node owner, YamlNode.Mapping mapping) {
        this.owner = owner;
        this.mapping = mapping;
    }

    Node owner() {
        return owner;
    }

    /** Fails on the first key not in {@code known}: a misspelt key must not silently fall back to a default. */
    void requireOnly(List<String> known) {
        for (var entry : mapping.entries()) {
            if (!known.contains(entry.key())) {
                throw new ConfigException(owner.path().key(entry.key()).toString(),
                        "unknown key (known: " + String.join(", ", known) + ")"
                                + YamlTreeReader.atLine(entry.keyLine()));
            }
        }
    }

    /** Whether the key is written at all, even with an empty value. */
    boolean has(String key) {
        return mapping.entry(key).isPresent();
    }

    /** The value under {@code key}, unless it is missing, null or empty. */
    Optional<Node> optional(String key) {
        return mapping.entry(key).map(this::node).filter(node -> !node.isUnset());
    }

    Node required(String key) {
        var entry = mapping.entry(key).orElseThrow(() -> failAt(key, "required key is missing"));
        var node = node(entry);
        if (node.isUnset()) {
            throw node.fail("must not be empty");
        }
        return node;
    }

    /** An error about {@code key}, at the key's line if it is written, else at the mapping's. */
    ConfigException failAt(String key, String reason) {
        var line = mapping.entry(key).map(YamlNode.Entry::keyLine).orElse(owner.line());
        return new ConfigException(owner.path().key(key).toString(), reason + YamlTreeReader.atLine(line));
    }

    /** All entries in document order. */
    List<Field> all() {
        return mapping.entries().stream().map(entry -> new Field(entry.key(), node(entry))).toList();
    }

    record Field(String key, Node value) {}

    private Node node(YamlNode.Entry entry) {
        return new Node(entry.value(), owner.path().key(entry.key()), owner.env());
    }
}
