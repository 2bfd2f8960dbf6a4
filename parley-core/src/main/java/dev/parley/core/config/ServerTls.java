package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.time.Duration;
import java.util.Objects;

/**
 * A listener's certificate and key, PEM files that Parley reads at start and watches afterwards, so that a renewed
 * pair is served without a restart. The files themselves are checked by the server when it reads them (the core
 * reads no files).
 *
 * @param cert the certificate chain, leaf first ({@code fullchain.pem})
 * @param key the leaf's private key
 * @param reloadCheck how often the files are compared with the pair being served
 */
public record ServerTls(String cert, String key, Duration reloadCheck) {

    public static final Duration DEFAULT_RELOAD_CHECK = Duration.ofSeconds(5);

    public ServerTls {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reloadCheck, "reloadCheck");
        check(!cert.isBlank(), "cert cannot be blank");
        check(!key.isBlank(), "key cannot be blank");
        check(reloadCheck.isPositive(), "reloadCheck must be positive");
    }
}
