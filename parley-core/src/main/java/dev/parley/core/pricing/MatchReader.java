package dev.parley.core.pricing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/** Reads the database's match clauses: one key per object, {@code or} and {@code and} nesting further clauses. */
final class MatchReader {

    private MatchReader() {}

    static Match read(JsonNode node, String where) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new PriceDataException(where, "expected an object with one clause");
        }
        var name = node.propertyNames().iterator().next();
        var value = node.get(name);
        return switch (name) {
            case "equals" -> new Match.Equals(text(value, where + "." + name));
            case "starts_with" -> new Match.StartsWith(text(value, where + "." + name));
            case "ends_with" -> new Match.EndsWith(text(value, where + "." + name));
            case "contains" -> new Match.Contains(text(value, where + "." + name));
            case "regex" -> new Match.Regex(pattern(value, where + "." + name));
            case "or" -> new Match.AnyOf(clauses(value, where + "." + name));
            case "and" -> new Match.AllOf(clauses(value, where + "." + name));
            default -> throw new PriceDataException(where, "unknown clause \"" + name + "\"");
        };
    }

    static Pattern pattern(JsonNode node, String where) {
        try {
            return Pattern.compile(text(node, where));
        } catch (PatternSyntaxException e) {
            throw new PriceDataException(where, "not a valid regular expression: " + e.getDescription());
        }
    }

    private static List<Match> clauses(JsonNode node, String where) {
        if (!node.isArray() || node.isEmpty()) {
            throw new PriceDataException(where, "expected a list of clauses");
        }
        var clauses = new ArrayList<Match>();
        for (var i = 0; i < node.size(); i++) {
            clauses.add(read(node.get(i), where + "[" + i + "]"));
        }
        return clauses;
    }

    private static String text(JsonNode node, String where) {
        if (!node.isString()) {
            throw new PriceDataException(where, "expected text");
        }
        return node.stringValue();
    }
}
