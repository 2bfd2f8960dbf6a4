package dev.parley.server;

import dev.parley.core.config.ParleyConfig;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The checks start-up makes of the files the configuration names, for {@code parley config validate}: each
 * listener's certificate and key (they parse, the key is the certificate's) and each provider's CA bundle.
 */
public final class TlsChecks {

    private static final Duration CLOSE = Duration.ofSeconds(5);

    private TlsChecks() {}

    /** Throws the {@code ConfigException} start-up would, naming the key of the first file that cannot be used. */
    public static void check(ParleyConfig config) {
        UpstreamTrust.load(config.providers());
        // Vert.x reads the key as it will when serving; an instance of its own, closed at once.
        Vertx vertx = Vertx.vertx();
        try {
            config.server().tls().ifPresent(tls -> TlsMaterial.load(vertx, tls, "server.tls"));
            config.server().admin().flatMap(a -> a.tls()).ifPresent(tls -> TlsMaterial.load(vertx, tls,
                    "server.admin.tls"));
        } finally {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Only the check's own Vert.x, which holds no file or socket: nothing to report.
            }
        }
    }
}
