package dev.parley.server;

import dev.parley.core.config.ConfigException;
import dev.parley.core.config.ProviderConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorities each provider's certificate is checked against: the PEM bundle its {@code tls.ca_file} names,
 * read and checked once at start (a file that is missing or holds no certificate fails start-up, naming the key),
 * else the JDK's default trust store. Nothing here can turn verification off.
 */
final class UpstreamTrust {

    private final Map<String, Buffer> bundles;

    private UpstreamTrust(Map<String, Buffer> bundles) {
        this.bundles = Map.copyOf(bundles);
    }

    /** Reads the bundles of the configuration file's providers. Blocks. */
    static UpstreamTrust load(List<ProviderConfig> providers) {
        Map<String, Buffer> bundles = new HashMap<>();
        for (int i = 0; i < providers.size(); i++) {
            ProviderConfig provider = providers.get(i);
            String keyPath = "providers[" + i + "].tls.ca_file";
            provider.tls().caFile().ifPresent(file -> {
                byte[] pem = TlsMaterial.read(file, keyPath);
                if (TlsMaterial.certificates(pem, file, keyPath).isEmpty()) {
                    throw new ConfigException(keyPath, "no PEM certificate in " + file);
                }
                bundles.put(provider.name(), Buffer.buffer(pem));
            });
        }
        return new UpstreamTrust(bundles);
    }

    /** The provider's own authorities, if it names any. */
    Optional<PemTrustOptions> of(ProviderConfig provider) {
        return Optional.ofNullable(bundles.get(provider.name())).map(pem -> new PemTrustOptions().addCertValue(pem));
    }
}
