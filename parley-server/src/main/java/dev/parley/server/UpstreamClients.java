package dev.parley.server;

import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.ProviderType;
import dev.parley.core.config.Secret;
import dev.parley.core.config.Timeouts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pooled HTTP client per provider and event loop, made on first use (a removed provider's clients stay open,
 * idle, until the server closes, so that requests that started with them finish). A client's connections are made
 * on the event loop that first needs them; one client per loop keeps each request's upstream connection on the loop
 * its client connection is on, so that relaying an answer never hops between threads (a shared pool would hand a
 * connection of one loop to a request of another, which wakes that loop for every event). The provider's own
 * credentials are added here and only here, so no client header can ever carry a Parley key, or a client's key, to a
 * provider.
 */
final class UpstreamClients {

    private static final int POOL_SIZE = 512;
    /** The key of calls made off the event loops (none are on the request path). */
    private static final Thread OFF_LOOP = Thread.ofVirtual().unstarted(() -> { });
    /** The API version Parley's Anthropic requests are written for, unless an Anthropic client names its own. */
    static final String ANTHROPIC_VERSION = "2023-06-01";
    private final Map<ClientKey, HttpClientAgent> clients = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final UpstreamTrust trust;
    private final UpstreamTargets targets;

    /** A provider's client on one event loop (or, off the event loops, the one client they share). */
    private record ClientKey(String provider, Thread loop) {
    }

    UpstreamClients(Vertx vertx, UpstreamTrust trust, UpstreamResolver resolver) {
        this.vertx = vertx;
        this.trust = trust;
        this.targets = new UpstreamTargets(vertx, resolver);
    }

    /**
     * A request to the provider on the calling event loop's client, connected to the checked address of its host
     * ({@link UpstreamTargets}); failed, as a connection failure, when the host resolves to an address it may not be
     * called on.
     */
    Future<HttpClientRequest> request(ProviderConfig provider, RequestOptions options) {
        // Picked before resolving, which may finish on another thread: the client is the calling loop's.
        HttpClientAgent client = client(provider);
        return targets.pin(provider, options).compose(client::request);
    }

    /** The provider's client for the calling event loop. */
    private HttpClientAgent client(ProviderConfig provider) {
        Thread loop = Context.isOnEventLoopThread() ? Thread.currentThread() : OFF_LOOP;
        return clients.computeIfAbsent(new ClientKey(provider.name(), loop), key -> create(provider));
    }


    private HttpClientAgent create(ProviderConfig p) {
        HttpClientOptions options = new HttpClientOptions()
                .setTcpNoDelay(true)
                .setKeepAlive(true)
                // Each request sets its channel's own; this is for anything that does not.
                .setConnectTimeout((int) p.timeouts().connect().orElse(Timeouts.DEFAULT_CONNECT).toMillis())
                .setDecompressionSupported(false)
                // Said outright rather than left to defaults: a provider's certificate and host name are always
                // checked, against its own authorities or the JDK's trust store. There is no switch to turn it off.
                .setVerifyHost(true)
                .setTrustAll(false)
                .setEnabledSecureTransportProtocols(ListenerTls.PROTOCOLS);
        trust.of(p).ifPresent(options::setTrustOptions);
        return vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(POOL_SIZE));
    }

    /**
     * A POST to {@code base_url + path} with the provider's key in the header its API expects, and its configured
     * headers. {@code forwarded} are the client's headers the provider's {@code forward_headers} allow
     * ({@link ForwardedHeaders}); never credentials, and the provider's own headers and key are set after them.
     */
    static RequestOptions post(ProviderConfig provider, Timeouts timeouts, String path, Optional<Secret> key,
                               boolean stream, Map<String, String> forwarded) {
        UpstreamAuthority base = UpstreamAuthority.of(provider.baseUrl());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                // The parts of the URL set one by one: an absolute URI would be parsed again for every request.
                .setHost(base.host())
                .setPort(base.port())
                .setSsl(base.ssl())
                .setURI(base.path() + path)
                // No idle timeout here: a model may think longer before its first token than between two events
                // later, and UpstreamWatch tells those apart.
                .setConnectTimeout(timeouts.connect().toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("accept", stream ? "text/event-stream" : "application/json")
                .putHeader("user-agent", "parley");
        // A literal address is the one to connect to (the configuration checked it); a name is resolved and
        // checked per connection by UpstreamTargets.pin.
        base.literal().ifPresent(options::setServer);
        if (provider.type() == ProviderType.ANTHROPIC) {
            options.putHeader("anthropic-version", ANTHROPIC_VERSION);
        }
        forwarded.forEach(options::putHeader);
        provider.headers().forEach(options::putHeader);
        key.ifPresent(k -> {
            switch (provider.type()) {
                case OPENAI, OPENAI_COMPATIBLE -> options.putHeader("authorization", "Bearer " + k.value());
                case ANTHROPIC -> options.putHeader("x-api-key", k.value());
                case GEMINI -> options.putHeader("x-goog-api-key", k.value());
            }
        });
        return options;
    }

    /**
     * A GET of the provider's model list, the cheapest call its API has that generates nothing: a health check.
     * Built on {@link #post} so that credentials are still added in one place; bounded by the connect timeout,
     * since a healthy provider answers it at once.
     */
    static RequestOptions modelList(ProviderConfig provider, Timeouts timeouts, Optional<Secret> key) {
        String path = switch (provider.type()) {
            case OPENAI, OPENAI_COMPATIBLE -> "/models";
            case ANTHROPIC -> "/v1/models";
            case GEMINI -> "/v1beta/models";
        };
        return post(provider, timeouts, path, key, false, Map.of()).setMethod(HttpMethod.GET)
                .removeHeader("content-type").setIdleTimeout(timeouts.connect().toMillis());
    }

    Future<Void> close() {
        return Future.all(clients.values().stream().map(HttpClientAgent::close).toList()).mapEmpty();
    }
}
