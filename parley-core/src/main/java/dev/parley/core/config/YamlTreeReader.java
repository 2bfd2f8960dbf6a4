package dev.parley.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Turns YAML text into a {@link YamlNode} tree. Reads the token stream itself rather than binding a tree, because
 * the token stream is where line numbers, duplicate keys and aliases are still visible.
 */
final class YamlTreeReader {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final JsonParser parser;

    private YamlTreeReader(JsonParser parser) {
        this.parser = parser;
    }

    /** The document's root; an empty document (or one holding only comments) reads as an empty mapping. */
    static YamlNode read(String yamlText) {
        try (var parser = FACTORY.createParser(ObjectReadContext.empty(), yamlText)) {
            var reader = new YamlTreeReader(parser);
            var first = reader.next(KeyPath.ROOT);
            if (first == null) {
                return YamlNode.emptyMapping();
            }
            var root = reader.value(first, KeyPath.ROOT);
            if (reader.next(KeyPath.ROOT) != null) {
                throw new ConfigException(KeyPath.ROOT_NAME,
                        "expected a single YAML document, found another one" + atLine(reader.line()));
            }
            return isEmpty(root) ? YamlNode.emptyMapping() : root;
        } catch (JacksonException e) {
            // Closing a string-backed parser cannot really fail; anything else was converted in next().
            throw syntaxError(KeyPath.ROOT, e);
        }
    }

    /** A lone {@code ---} parses as an empty scalar; it is as empty a document as no text at all. */
    private static boolean isEmpty(YamlNode root) {
        return switch (root) {
            case YamlNode.Scalar(var text, _) -> text.isEmpty();
            case YamlNode.Null _ -> true;
            case YamlNode.Mapping _, YamlNode.Sequence _ -> false;
        };
    }

    private YamlNode value(JsonToken token, KeyPath path) {
        var line = line();
        return switch (token) {
            case START_OBJECT -> mapping(path, line);
            case START_ARRAY -> sequence(path, line);
            case VALUE_NULL -> new YamlNode.Null(line);
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_EMBEDDED_OBJECT -> {
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    // Jackson reports an alias as the anchor's name; taking that as the value would be wrong silently.
                    throw new ConfigException(path.toString(), "YAML aliases (*name) are not supported" + atLine(line));
                }
                yield new YamlNode.Scalar(parser.getString(), line);
            }
            default -> throw new ConfigException(path.toString(), "unexpected YAML token " + token + atLine(line));
        };
    }

    private YamlNode.Mapping mapping(KeyPath path, int line) {
        var entries = new ArrayList<YamlNode.Entry>();
        var keyLines = new HashMap<String, Integer>();
        for (var token = next(path); token != JsonToken.END_OBJECT; token = next(path)) {
            var key = parser.currentName();
            var keyLine = line();
            var keyPath = path.key(key);
            var firstLine = keyLines.putIfAbsent(key, keyLine);
            if (firstLine != null) {
                throw new ConfigException(keyPath.toString(),
                        "duplicate key, first given at line " + firstLine + atLine(keyLine));
            }
            entries.add(new YamlNode.Entry(key, keyLine, value(next(keyPath), keyPath)));
        }
        return new YamlNode.Mapping(entries, line);
    }

    private YamlNode.Sequence sequence(KeyPath path, int line) {
        var items = new ArrayList<YamlNode>();
        for (var token = next(path); token != JsonToken.END_ARRAY; token = next(path)) {
            items.add(value(token, path.index(items.size())));
        }
        return new YamlNode.Sequence(items, line);
    }

    /** The next token; a syntax error is reported at the deepest key reached so far. */
    private JsonToken next(KeyPath path) {
        try {
            return parser.nextToken();
        } catch (JacksonException e) {
            throw syntaxError(path, e);
        } catch (IndexOutOfBoundsException e) {
            // SnakeYAML Engine's reader reads past its own buffer when a high surrogate ends its 1,024-character
            // window; the text cannot be read, which is the operator's answer, not a crash of Parley.
            throw new ConfigException(path.toString(), "the YAML could not be read near character "
                    + parser.currentLocation().getCharOffset() + " (an unpaired or split UTF-16 surrogate)");
        }
    }

    private int line() {
        return parser.currentTokenLocation().getLineNr();
    }

    private static ConfigException syntaxError(KeyPath path, JacksonException e) {
        var location = e.getLocation();
        var where = location == null || location.getLineNr() < 1 ? "" : atLine(location.getLineNr());
        return new ConfigException(path.toString(), "invalid YAML: " + describe(e) + where);
    }

    /**
     * The YAML library's message without its indented excerpt lines: those quote the document, and the
     * document may hold secrets.
     */
    private static String describe(JacksonException e) {
        var original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        var text = original.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .map(String::strip)
                .collect(Collectors.joining("; "));
        return text.isEmpty() ? "cannot be parsed" : text;
    }

    static String atLine(int line) {
        return line > 0 ? " (line " + line + ")" : "";
    }
}
