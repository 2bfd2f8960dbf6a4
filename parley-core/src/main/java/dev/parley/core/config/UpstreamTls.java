package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.util.Objects;
import java.util.Optional;

/**
 * How a provider's TLS certificate is checked. It is always verified, host name included; this only says which
 * authorities are trusted. There is deliberately no way to switch verification off.
 *
 * @param caFile a PEM bundle of the authorities to trust instead of the JDK's default trust store
 */
public record UpstreamTls(Optional<String> caFile) {

    /** The JDK's default trust store. */
    public static final UpstreamTls DEFAULT = new UpstreamTls(Optional.empty());

    public UpstreamTls {
        Objects.requireNonNull(caFile, "caFile");
        check(caFile.map(f -> !f.isBlank()).orElse(true), "caFile cannot be blank");
    }
}
