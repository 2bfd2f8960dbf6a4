package dev.parley.core.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:-default}} in one scalar's text; {@code $${} stands for a literal
 * {@code ${}. It works on values already parsed out of the YAML, so whatever a variable holds (quotes, colons,
 * newlines) becomes part of that one value and can never change the document's structure.
 */
final class EnvSubstitution {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String DEFAULT_SEPARATOR = ":-";

    private EnvSubstitution() {}

    /** What went wrong; never includes a variable's value or a default's text, either may be a secret. */
    static final class Problem extends RuntimeException {
        Problem(String message) {
            super(message, null, false, false);
        }
    }

    static boolean hasReferences(String text) {
        return text.contains("${");
    }

    /**
     * Returns {@code text} with every reference replaced. An unset variable without a default is an error; a
     * variable that is set but empty stays empty for {@code ${NAME}} and takes the default for
     * {@code ${NAME:-default}}, as in a POSIX shell.
     *
     * @throws Problem for an unset variable or a malformed reference
     */
    static String resolve(String text, Map<String, String> env) {
        if (!hasReferences(text)) {
            return text;
        }
        var out = new StringBuilder(text.length());
        var i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                var close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new Problem("unclosed \"${\" at character " + (i + 1) + "; write $${ for a literal ${");
                }
                out.append(lookUp(text.substring(i + 2, close), i, env));
                i = close + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static String lookUp(String reference, int position, Map<String, String> env) {
        var separator = reference.indexOf(DEFAULT_SEPARATOR);
        var name = separator < 0 ? reference : reference.substring(0, separator);
        if (!NAME.matcher(name).matches()) {
            throw new Problem("malformed reference at character " + (position + 1)
                    + ": expected ${NAME} or ${NAME:-default}");
        }
        var value = env.get(name);
        if (separator >= 0) {
            return value == null || value.isEmpty() ? reference.substring(separator + DEFAULT_SEPARATOR.length()) : value;
        }
        if (value == null) {
            throw new Problem("environment variable " + name + " is not set (use ${" + name + ":-default} for a default)");
        }
        return value;
    }
}
