package dev.parley.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A YAML node together with its key path, read through typed accessors. Every accessor either returns a value of
 * the asked type or throws a {@link ConfigException} naming this node's path and line, so the mappers can be
 * written as if the document were always right.
 */
final class Node {

    private static final int MAX_ECHO = 60;

    private final YamlNode yaml;
    private final KeyPath path;
    private final Map<String, String> env;

    Node(YamlNode yaml, KeyPath path, Map<String, String> env) {
        this.yaml = yaml;
        this.path = path;
        this.env = env;
    }

    KeyPath path() {
        return path;
    }

    int line() {
        return yaml.line();
    }

    Map<String, String> env() {
        return env;
    }

    ConfigException fail(String reason) {
        return new ConfigException(path.toString(), reason + YamlTreeReader.atLine(line()));
    }

    /** This node as a mapping whose keys must all be among {@code known}. */
    Fields fields(List<String> known) {
        var fields = anyFields();
        fields.requireOnly(known);
        return fields;
    }

    /** This node as a mapping with free-form keys, such as a header map. */
    Fields anyFields() {
        return switch (yaml) {
            case YamlNode.Mapping mapping -> new Fields(this, mapping);
            case YamlNode.Sequence _, YamlNode.Scalar _, YamlNode.Null _ ->
                    throw fail("expected a mapping, got " + described());
        };
    }

    List<Node> items() {
        return switch (yaml) {
            case YamlNode.Sequence sequence -> IntStream.range(0, sequence.items().size())
                    .mapToObj(i -> new Node(sequence.items().get(i), path.index(i), env))
                    .toList();
            case YamlNode.Mapping _, YamlNode.Scalar _, YamlNode.Null _ ->
                    throw fail("expected a list, got " + described());
        };
    }

    <T> List<T> items(Function<Node, T> reader) {
        return items().stream().map(reader).toList();
    }

    /** The scalar's text with environment references resolved. */
    String text() {
        return switch (yaml) {
            case YamlNode.Scalar(var text, _) -> {
                try {
                    yield EnvSubstitution.resolve(text, env);
                } catch (EnvSubstitution.Problem problem) {
                    throw fail(problem.getMessage());
                }
            }
            case YamlNode.Mapping _, YamlNode.Sequence _, YamlNode.Null _ ->
                    throw fail("expected text, got " + described());
        };
    }

    /** True for an explicit null and for text that is empty once resolved: both mean "not set". */
    boolean isUnset() {
        return switch (yaml) {
            case YamlNode.Null _ -> true;
            case YamlNode.Scalar _ -> text().isEmpty();
            case YamlNode.Mapping _, YamlNode.Sequence _ -> false;
        };
    }

    String nonBlankText() {
        var text = text();
        if (text.isBlank()) {
            throw fail("must not be empty");
        }
        return text;
    }

    int integer(int min, int max) {
        var expected = max == Integer.MAX_VALUE
                ? "expected an integer >= " + min
                : "expected an integer from " + min + " to " + max;
        return ValueSyntax.integer(text().strip())
                .filter(value -> value >= min && value <= max)
                .map(Long::intValue)
                .orElseThrow(() -> fail(expected + ", got " + described()));
    }

    boolean bool() {
        return switch (text().strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw fail("expected true or false, got " + described());
        };
    }

    Duration duration() {
        return ValueSyntax.duration(text().strip())
                .orElseThrow(() -> fail("expected " + ValueSyntax.DURATION_FORMS + ", got " + described()));
    }

    Duration positiveDuration() {
        var duration = duration();
        if (!duration.isPositive()) {
            throw fail("must be longer than 0");
        }
        return duration;
    }

    long size() {
        return ValueSyntax.size(text().strip())
                .filter(size -> size > 0)
                .orElseThrow(() -> fail("expected " + ValueSyntax.SIZE_FORMS + ", got " + described()));
    }

    /** A credential. Messages about it never show it, not even in part. */
    Secret secret() {
        return secret(text());
    }

    /**
     * A credential whose text was found elsewhere, e.g. through LiteLLM's {@code os.environ/NAME}. Surrounding
     * whitespace is dropped: no key contains it, and a secret read from a file often ends with a newline.
     */
    Secret secret(String text) {
        var value = text.strip();
        if (value.isEmpty()) {
            throw fail("must not be empty");
        }
        return new Secret(value);
    }

    /** A provider base URL. Not echoed in messages: a malformed one may still hold credentials. */
    URI httpUrl() {
        return httpUrl(text());
    }

    URI httpUrl(String text) {
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw fail("not a valid URL: " + e.getReason());
        }
        ProviderConfig.baseUrlProblem(url).ifPresent(problem -> {
            throw fail(problem);
        });
        return url;
    }

    /**
     * The value as it reads in the document, for "got ..." in messages. A value built from environment variables
     * is shown as written, not as resolved: the variable may hold a secret.
     */
    String described() {
        return switch (yaml) {
            case YamlNode.Scalar(var text, _) when EnvSubstitution.hasReferences(text) -> "the value of " + quoted(text);
            case YamlNode.Scalar(var text, _) -> quoted(text);
            case YamlNode.Mapping _ -> "a mapping";
            case YamlNode.Sequence _ -> "a list";
            case YamlNode.Null _ -> "null";
        };
    }

    private static String quoted(String text) {
        var shown = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
        return '"' + shown + '"';
    }
}
