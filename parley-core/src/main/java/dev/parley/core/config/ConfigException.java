package dev.parley.core.config;

import java.util.Objects;

/**
 * A configuration that cannot be used, with the key that is wrong. The message is always
 * {@code "<key path>: <reason>"}, e.g. {@code server.port: expected an integer from 0 to 65535, got "abc" (line 3)},
 * so an operator can find the line without reading a stack trace. Reasons never contain secret values.
 */
public final class ConfigException extends RuntimeException {

    private final String keyPath;
    private final String reason;

    public ConfigException(String keyPath, String reason) {
        super(Objects.requireNonNull(keyPath, "keyPath") + ": " + Objects.requireNonNull(reason, "reason"));
        this.keyPath = keyPath;
        this.reason = reason;
    }

    /** Where the problem is, e.g. {@code providers[1].type} or {@code models[0].routes[2].provider}. */
    public String keyPath() {
        return keyPath;
    }

    /** What is wrong, including the YAML line when it is known. */
    public String reason() {
        return reason;
    }
}
