package dev.parley.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import dev.parley.core.config.InputLimits;
import java.util.List;

/** One HTTP server bound to one event loop; several share a port and Vert.x spreads connections over them. */
final class GatewayVerticle extends VerticleBase {

    private final HttpServerOptions options;
    private final Handler<HttpServerRequest> handler;
    private final Handler<HttpServerRequest> invalid;
    private final InputLimits limits;
    private final List<HttpServer> registry;

    GatewayVerticle(HttpServerOptions options, Handler<HttpServerRequest> handler, Handler<HttpServerRequest> invalid,
                    InputLimits limits, List<HttpServer> registry) {
        this.options = options;
        this.handler = handler;
        this.invalid = invalid;
        this.limits = limits;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        ConnectionGuard guard = new ConnectionGuard(vertx, limits);
        HttpServer server = vertx.createHttpServer(options)
                .connectionHandler(guard::opened)
                .requestHandler(request -> {
                    guard.started(request);
                    handler.handle(request);
                })
                .invalidRequestHandler(invalid);
        return server.listen().onSuccess(registry::add);
    }
}
