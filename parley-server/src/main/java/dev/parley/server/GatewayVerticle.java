package dev.parley.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/** One HTTP server bound to one event loop; several share a port and Vert.x spreads connections over them. */
final class GatewayVerticle extends VerticleBase {

    private final HttpServerOptions options;
    private final Handler<HttpServerRequest> handler;
    private final List<HttpServer> registry;

    GatewayVerticle(HttpServerOptions options, Handler<HttpServerRequest> handler, List<HttpServer> registry) {
        this.options = options;
        this.handler = handler;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        HttpServer server = vertx.createHttpServer(options).requestHandler(handler);
        return server.listen().onSuccess(registry::add);
    }
}
