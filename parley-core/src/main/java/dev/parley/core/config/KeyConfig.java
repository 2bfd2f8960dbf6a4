package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import dev.parley.core.auth.ModelAccess;

import java.util.List;
import java.util.Objects;

/**
 * A virtual key declared in the configuration, created in the store at startup.
 *
 * @param name shown in usage and logs instead of the key
 * @param models patterns of the model names the key may use; {@code *} matches any run of characters
 */
public record KeyConfig(String name, Secret key, List<String> models) {

    /** Short keys can be guessed; 16 characters is the floor, generated keys are much longer. */
    public static final int MIN_KEY_LENGTH = 16;
    public static final List<String> ALL_MODELS = List.of("*");

    public KeyConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        models = List.copyOf(models);
        check(!name.isBlank(), "key name cannot be blank");
        check(key.value().length() >= MIN_KEY_LENGTH, "a key needs at least " + MIN_KEY_LENGTH + " characters");
        check(!models.isEmpty(), "a key needs at least one model pattern");
        check(models.stream().noneMatch(String::isBlank), "model patterns cannot be blank");
    }

    /** Whether this key may use the model called {@code model}. */
    public boolean allows(String model) {
        return new ModelAccess(models).allows(model);
    }
}
