package dev.parley.server;

import dev.parley.core.auth.VirtualKey;
import dev.parley.core.json.JsonText;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.routing.Router;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * The routing table: a path and method to a handler, each request wrapped in an {@link Exchange} and, for model
 * endpoints, authenticated before its body is read. Written by hand over vertx-core: a few exact paths need no
 * routing library.
 */
final class Dispatcher {

    private final ServerServices services;
    private final Authenticator authenticator;
    private final ChatCompletionsHandler chat;
    private final Lifecycle lifecycle;
    private final long createdEpochSeconds = System.currentTimeMillis() / 1000;

    Dispatcher(ServerServices services, UpstreamClients clients, Lifecycle lifecycle) {
        this.services = services;
        this.authenticator = new Authenticator(services.keys(), services.config().masterKey());
        this.chat = new ChatCompletionsHandler(services.router(), clients);
        this.lifecycle = lifecycle;
    }

    void handle(HttpServerRequest request) {
        String path = request.path();
        switch (path) {
            case "/healthz" -> plain(request, 200, "{\"status\":\"ok\"}");
            case "/readyz" -> plain(request, lifecycle.ready() ? 200 : 503,
                    lifecycle.ready() ? "{\"status\":\"ready\"}" : "{\"status\":\"draining\"}");
            case "/v1/models", "/models" -> only(HttpMethod.GET, request, Protocol.OPENAI_CHAT,
                    ex -> authenticated(ex, key -> models(ex, key)));
            case "/v1/chat/completions", "/chat/completions" -> only(HttpMethod.POST, request, Protocol.OPENAI_CHAT,
                    ex -> authenticated(ex, key -> withBody(ex, body -> chat.handle(ex, key, body))));
            default -> {
                Exchange ex = lifecycle.open(Protocol.OPENAI_CHAT, request);
                ex.fail(ApiError.of(ErrorKind.NOT_FOUND, "unknown_path", "Parley has no endpoint " + path + "."));
            }
        }
    }

    private void only(HttpMethod method, HttpServerRequest request, Protocol protocol, Consumer<Exchange> handler) {
        Exchange ex = lifecycle.open(protocol, request);
        if (!request.method().equals(method)) {
            ex.response.putHeader("allow", method.name());
            ex.fail(ApiError.of(ErrorKind.METHOD_NOT_ALLOWED, "method_not_allowed",
                    request.method().name() + " is not allowed on " + request.path() + "; use " + method.name() + "."));
            return;
        }
        if (!lifecycle.ready()) {
            ex.response.putHeader("connection", "close");
            ex.fail(ApiError.of(ErrorKind.UNAVAILABLE, "Parley is shutting down; retry on another instance."));
            return;
        }
        handler.accept(ex);
    }

    private void authenticated(Exchange ex, Consumer<VirtualKey> then) {
        Optional<String> presented = PresentedKey.from(ex.request);
        if (presented.isEmpty()) {
            ex.fail(ApiError.of(ErrorKind.AUTHENTICATION, "missing_api_key",
                    "No API key: send it as 'Authorization: Bearer <key>' (or x-api-key / x-goog-api-key)."));
            return;
        }
        Optional<VirtualKey> key = authenticator.authenticate(presented.get());
        if (key.isEmpty()) {
            // Never echo the presented key: it may be a real secret sent to the wrong place.
            ex.fail(ApiError.of(ErrorKind.AUTHENTICATION, "invalid_api_key", "The API key is not valid."));
            return;
        }
        ex.authenticated(key.get().name());
        then.accept(key.get());
    }

    private void withBody(Exchange ex, Consumer<byte[]> then) {
        BodyReader.read(ex, services.config().server().maxBodyBytes(), then);
    }

    private void models(Exchange ex, VirtualKey key) {
        Router router = services.router();
        StringJoiner data = new StringJoiner(",", "{\"object\":\"list\",\"data\":[", "]}");
        for (String model : router.modelNames()) {
            if (key.models().allows(model)) {
                data.add("{\"id\":" + JsonText.quote(model) + ",\"object\":\"model\",\"created\":" + createdEpochSeconds
                        + ",\"owned_by\":\"parley\"}");
            }
        }
        ex.response.putHeader("content-type", "application/json").end(data.toString());
        ex.end();
    }

    private static void plain(HttpServerRequest request, int status, String json) {
        request.response().setStatusCode(status).putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store").end(json);
    }

    /** What the dispatcher needs from the server's lifecycle. */
    interface Lifecycle {
        boolean ready();

        Exchange open(Protocol protocol, HttpServerRequest request);
    }

}
