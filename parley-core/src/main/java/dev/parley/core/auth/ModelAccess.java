package dev.parley.core.auth;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which model names a key may use: glob patterns where {@code *} matches any run of characters, so
 * {@code ["*"]} allows everything and {@code ["gpt-*", "claude-sonnet-4"]} a family and one model.
 */
public record ModelAccess(List<String> patterns) {

    public static final ModelAccess ALL = new ModelAccess(List.of("*"));

    public ModelAccess {
        patterns = List.copyOf(patterns);
    }

    public boolean allows(String model) {
        for (String pattern : patterns) {
            if (matches(pattern, model)) {
                return true;
            }
        }
        return false;
    }

    public static boolean matches(String pattern, String model) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(model);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.matches(regex.toString(), model);
    }
}
