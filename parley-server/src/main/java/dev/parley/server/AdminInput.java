package dev.parley.server;

import dev.parley.core.tenancy.AccessRules;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The fields of one admin request body, read with their names: every refusal names the field (422), and a field
 * the route does not know is refused, so that a typo is not silently ignored. {@code null} means "none" where a
 * field may be cleared, and is refused where it may not.
 */
final class AdminInput {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
    private static final int MAX_TEXT = 200;

    private final JsonNode body;
    /** The name of the object this one is nested in, so that a refusal names {@code rules.models}. */
    private final String prefix;

    private AdminInput(JsonNode body, String prefix) {
        this.body = body;
        this.prefix = prefix;
    }

    /** The body's fields, when every one of them is among {@code known}. */
    static AdminInput of(JsonNode body, Set<String> known) {
        if (!body.isObject()) {
            throw AdminProblem.badRequest("The body must be a JSON object.");
        }
        for (String name : body.propertyNames()) {
            if (!known.contains(name)) {
                throw AdminProblem.invalid(name, "unknown field (known: " + String.join(", ", new TreeSet<>(known))
                        + ")");
            }
        }
        return new AdminInput(body, "");
    }

    boolean has(String field) {
        return body.has(field);
    }

    /** Present and {@code null}: the field is to be cleared. */
    boolean isNull(String field) {
        return body.has(field) && body.get(field).isNull();
    }

    String requiredText(String field) {
        return text(field).orElseThrow(() -> invalid(field, "required"));
    }

    /** A non-blank string of at most 200 characters, trimmed. */
    Optional<String> text(String field) {
        if (!body.has(field)) {
            return Optional.empty();
        }
        JsonNode node = body.get(field);
        if (!node.isString()) {
            throw invalid(field, "must be a string");
        }
        String value = node.stringValue().strip();
        if (value.isEmpty()) {
            throw invalid(field, "must not be blank");
        }
        if (value.length() > MAX_TEXT) {
            throw invalid(field, "must be at most " + MAX_TEXT + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field, "must not contain control characters");
        }
        return Optional.of(value);
    }

    /** A string or {@code null} (empty), for fields that may be cleared. */
    Optional<String> nullableText(String field) {
        return isNull(field) ? Optional.empty() : text(field);
    }

    /** A whole number from {@code min} to {@code max}; {@code null} reads as none. */
    OptionalLong whole(String field, long min, long max) {
        if (!body.has(field) || body.get(field).isNull()) {
            return OptionalLong.empty();
        }
        JsonNode node = body.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(field, "must be a whole number");
        }
        long value = node.longValue();
        if (value < min || value > max) {
            throw invalid(field, "must be between " + min + " and " + max);
        }
        return OptionalLong.of(value);
    }

    OptionalInt wholeInt(String field, int min, int max) {
        OptionalLong value = whole(field, min, max);
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    /** An exact decimal, as a JSON number or a string ({@code "12.50"}), at least zero; never through a double. */
    Optional<BigDecimal> money(String field) {
        Optional<BigDecimal> value = signedMoney(field);
        if (value.filter(v -> v.signum() < 0).isPresent()) {
            throw invalid(field, "must not be negative");
        }
        return value;
    }

    /** A percentage from {@code min} to {@code max}, as a JSON number or a string ({@code "-12.5"}), exact. */
    Optional<BigDecimal> percent(String field, BigDecimal min, BigDecimal max) {
        Optional<BigDecimal> value = decimal(field, "a percentage such as 15 or \"-12.5\"");
        if (value.filter(v -> v.compareTo(min) < 0 || v.compareTo(max) > 0).isPresent()) {
            throw invalid(field, "must be from " + min.toPlainString() + " to " + max.toPlainString());
        }
        return value;
    }

    /** An exact amount of dollars that may be negative (an adjustment). */
    Optional<BigDecimal> signedMoney(String field) {
        return decimal(field, "a decimal amount such as \"25.00\"");
    }

    private Optional<BigDecimal> decimal(String field, String expected) {
        if (!body.has(field)) {
            return Optional.empty();
        }
        JsonNode node = body.get(field);
        BigDecimal value;
        if (node.isString()) {
            try {
                value = new BigDecimal(node.stringValue().strip());
            } catch (NumberFormatException e) {
                throw invalid(field, "must be " + expected);
            }
        } else if (node.isNumber()) {
            value = node.decimalValue();
        } else {
            throw invalid(field, "must be " + expected);
        }
        if (value.scale() > 10 || value.precision() - value.scale() > 14) {
            throw invalid(field, "must have at most 14 digits before the point and 10 after it");
        }
        // 1E+3 is a thousand: written back as 1000, never in exponent form.
        return Optional.of(value.scale() < 0 ? value.setScale(0) : value);
    }

    Optional<Boolean> bool(String field) {
        if (!body.has(field) || body.get(field).isNull()) {
            return Optional.empty();
        }
        if (!body.get(field).isBoolean()) {
            throw invalid(field, "must be true or false");
        }
        return Optional.of(body.get(field).booleanValue());
    }

    /** An instant in RFC 3339 form ({@code 2026-01-31T00:00:00Z}). */
    Optional<Instant> instant(String field) {
        return nullableText(field).map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw invalid(field, "must be a time such as 2026-01-31T00:00:00Z");
            }
        });
    }

    /** A duration such as {@code 90s}, {@code 30m}, {@code 1h} or {@code 30d}, from zero to {@code max}. */
    Optional<Duration> duration(String field, Duration max) {
        return text(field).map(text -> {
            Duration value = parseDuration(text).orElseThrow(() -> invalid(field,
                    "must be a duration such as 90s, 30m, 1h or 30d"));
            if (value.compareTo(max) > 0) {
                throw invalid(field, "must be at most " + max.toDays() + " days");
            }
            return value;
        });
    }

    static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }

    /**
     * Access rules: {@code {"models":[glob...],"providers":[glob...],"regions":[tag...],
     * "max_tokens_per_request":n,"log_bodies":bool}}, every member optional; the object replaces the rules whole.
     */
    Optional<AccessRules> rules(String field) {
        if (!body.has(field)) {
            return Optional.empty();
        }
        JsonNode node = body.get(field);
        if (node.isNull()) {
            return Optional.of(AccessRules.NONE);
        }
        AdminInput rules = AdminInput.nested(node, field,
                Set.of("models", "providers", "regions", "max_tokens_per_request", "log_bodies"));
        return Optional.of(new AccessRules(rules.list("models"), rules.list("providers"), rules.list("regions"),
                rules.wholeInt("max_tokens_per_request", 1, Integer.MAX_VALUE), rules.bool("log_bodies")));
    }

    private static AdminInput nested(JsonNode node, String field, Set<String> known) {
        if (!node.isObject()) {
            throw AdminProblem.invalid(field, "must be an object");
        }
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                throw AdminProblem.invalid(field + "." + name, "unknown field (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        return new AdminInput(node, field);
    }

    /** A list of non-blank strings; absent or {@code null} is the empty list. */
    List<String> list(String field) {
        if (!body.has(field) || body.get(field).isNull()) {
            return List.of();
        }
        JsonNode node = body.get(field);
        if (!node.isArray()) {
            throw invalid(field, "must be a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isString() || item.stringValue().isBlank() || item.stringValue().length() > MAX_TEXT) {
                throw invalid(field, "must be a list of non-blank strings");
            }
            values.add(item.stringValue().strip());
        }
        return values;
    }

    /** The field's JSON as given, for settings whose shape the configuration's validation checks. */
    Optional<JsonNode> json(String field) {
        return body.has(field) && !body.get(field).isNull() ? Optional.of(body.get(field)) : Optional.empty();
    }

    private AdminProblem invalid(String field, String reason) {
        return AdminProblem.invalid(prefix.isEmpty() ? field : prefix + "." + field, reason);
    }
}
