package dev.parley.server;

import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pooled HTTP client per provider. The provider's own credentials are added here and only here, so no
 * client header can ever carry a Parley key, or a client's key, to a provider.
 */
final class UpstreamClients {

    private static final int POOL_SIZE = 512;
    private final Map<String, HttpClientAgent> clients = new HashMap<>();

    UpstreamClients(Vertx vertx, List<ProviderConfig> providers) {
        for (ProviderConfig p : providers) {
            HttpClientOptions options = new HttpClientOptions()
                    .setTcpNoDelay(true)
                    .setKeepAlive(true)
                    .setConnectTimeout((int) p.connectTimeout().toMillis())
                    .setDecompressionSupported(false);
            clients.put(p.name(), vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(POOL_SIZE)));
        }
    }

    HttpClientAgent client(ProviderConfig provider) {
        HttpClientAgent client = clients.get(provider.name());
        if (client == null) {
            throw new IllegalStateException("no client for provider " + provider.name());
        }
        return client;
    }

    /** A POST to {@code base_url + path} with the provider's key and configured headers. */
    static RequestOptions post(ProviderConfig provider, String path, Optional<Secret> key, boolean stream) {
        String base = provider.baseUrl().toString();
        String uri = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(uri)
                .setConnectTimeout(provider.connectTimeout().toMillis())
                // Idle, not total: a long stream is fine as long as it keeps moving.
                .setIdleTimeout(provider.requestTimeout().toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("accept", stream ? "text/event-stream" : "application/json")
                .putHeader("user-agent", "parley");
        provider.headers().forEach(options::putHeader);
        key.ifPresent(k -> options.putHeader("authorization", "Bearer " + k.value()));
        return options;
    }

    Future<Void> close() {
        return Future.all(clients.values().stream().map(HttpClientAgent::close).toList()).mapEmpty();
    }
}
