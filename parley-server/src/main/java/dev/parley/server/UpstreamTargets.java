package dev.parley.server;

import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.UpstreamAddress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a provider's requests connect: its host name resolved, every address checked with {@link UpstreamAddress}'s
 * rule (a name can point at a cloud metadata service as well as a literal can), and the request pinned to the checked
 * address, so that a second DNS answer cannot send it elsewhere. The Host header, SNI and the certificate's host name
 * stay the base URL's name. A literal address is used as it is: the configuration already checked it. Resolutions are
 * kept briefly, so that the request path does not resolve per request.
 */
final class UpstreamTargets {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamTargets.class);
    static final Duration KEPT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final UpstreamResolver resolver;
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    private record Resolved(List<InetAddress> addresses, long expiresNanos) {
    }

    /** Refused before connecting: the host resolved to an address the provider may not be called on. */
    static final class AddressNotAllowed extends ConnectException {
        AddressNotAllowed(String message) {
            super(message);
        }
    }

    UpstreamTargets(Vertx vertx, UpstreamResolver resolver) {
        this.vertx = vertx;
        this.resolver = resolver;
    }

    /**
     * {@code options}, set to connect to the provider host's checked address; failed if there is none. Options whose
     * server is set already name a literal address ({@link UpstreamClients#post}), used as it is.
     */
    Future<RequestOptions> pin(ProviderConfig provider, RequestOptions options) {
        if (options.getServer() != null) {
            return Future.succeededFuture(options);
        }
        String host = options.getHost();
        int port = options.getPort();
        return addresses(host).compose(addresses -> allowed(provider, host, addresses))
                .map(address -> options.setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port))));
    }

    private Future<List<InetAddress>> addresses(String host) {
        long now = System.nanoTime();
        Resolved kept = resolved.get(host);
        if (kept != null && kept.expiresNanos() - now > 0) {
            return Future.succeededFuture(kept.addresses());
        }
        return vertx.executeBlocking(() -> resolve(host), false).onSuccess(addresses ->
                resolved.put(host, new Resolved(addresses, System.nanoTime() + KEPT.toNanos())));
    }

    private List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> addresses = List.copyOf(resolver.resolve(host));
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host);
        }
        return addresses;
    }

    /** The address to connect to, the first one, once none is forbidden (unless the provider allows them). */
    private static Future<InetAddress> allowed(ProviderConfig provider, String host, List<InetAddress> addresses) {
        if (!provider.allowLinkLocal()) {
            for (InetAddress address : addresses) {
                Optional<String> problem = UpstreamAddress.forbidden(address);
                if (problem.isPresent()) {
                    LOG.warn("Provider {}: not connecting, its host {} resolves to {}, which {}; set allow_link_local:"
                            + " true on the provider if it is really meant.", provider.name(), host,
                            address.getHostAddress(), problem.get());
                    return Future.failedFuture(new AddressNotAllowed(provider.name()));
                }
            }
        }
        return Future.succeededFuture(addresses.getFirst());
    }
}
