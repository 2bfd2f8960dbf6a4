package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.util.Objects;
import java.util.Optional;

/**
 * A listener of its own for the admin API and the metrics: when one is configured, they are served only there and
 * the model endpoints only on the main port, so that each can be bound to its own interface.
 *
 * @param host the interface to bind; loopback by default
 * @param port 0 for any free port
 * @param tls its certificate, if it speaks HTTPS
 */
public record AdminListener(String host, int port, Optional<ServerTls> tls) {

    public AdminListener {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        check(!host.isBlank(), "host cannot be blank");
        check(port >= ServerSettings.MIN_PORT && port <= ServerSettings.MAX_PORT, "port must be from 0 to 65535");
    }
}
