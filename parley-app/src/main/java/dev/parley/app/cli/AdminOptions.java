package dev.parley.app.cli;

import dev.parley.core.config.ServerSettings;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every admin command shares: where Parley is, the key to act with and the output form. The key may
 * come from the environment so that it stays out of shell history; it is never printed.
 */
public final class AdminOptions {

    static final String DEFAULT_URL = "http://127.0.0.1:" + ServerSettings.DEFAULT_PORT;

    @Option(names = "--url", paramLabel = "URL",
            description = "Parley's address (default: $PARLEY_URL, else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--admin-key", paramLabel = "KEY",
            description = "The master key or your own key (default: $PARLEY_ADMIN_KEY, else $PARLEY_MASTER_KEY).")
    String adminKey;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    /** The client these options and {@code env} describe. */
    AdminClient client(Map<String, String> env) {
        String address = Optional.ofNullable(url).or(() -> nonBlank(env, "PARLEY_URL")).orElse(DEFAULT_URL);
        String key = Optional.ofNullable(adminKey).filter(k -> !k.isBlank())
                .or(() -> nonBlank(env, "PARLEY_ADMIN_KEY")).or(() -> nonBlank(env, "PARLEY_MASTER_KEY"))
                .orElseThrow(() -> new CliFailure.Usage("no admin key: give --admin-key, or set PARLEY_ADMIN_KEY"
                        + " (or PARLEY_MASTER_KEY)"));
        return new AdminClient(address, key.strip());
    }

    private static Optional<String> nonBlank(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }
}
