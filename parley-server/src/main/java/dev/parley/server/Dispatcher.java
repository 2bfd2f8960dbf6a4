package dev.parley.server;

import dev.parley.core.auth.VirtualKey;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import io.netty.handler.codec.TooLongFrameException;
import dev.parley.core.routing.ChannelBoard;
import dev.parley.core.routing.KeyRotation;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The routing table: a path and method to a handler, each request wrapped in an {@link Exchange} that speaks the
 * endpoint's protocol (its errors come out in that protocol's shape) and, for model endpoints, authenticated
 * before its body is read (a missing or invalid key is audited). {@code /admin/...} goes to the {@link AdminApi},
 * {@code /ui} and {@code /ui/...} to the {@link Dashboard}.
 * Written by hand over vertx-core: a few exact paths, one Gemini pattern and the admin route table need no
 * routing library.
 */
final class Dispatcher {

    private final ServerServices services;
    private final Authenticator authenticator;
    private final Generate generate;
    private final CountTokens countTokens;
    private final EmbeddingsHandler embeddings;
    private final WaitingRoom room;
    private final ModelLists lists = new ModelLists(Instant.ofEpochSecond(System.currentTimeMillis() / 1000));
    private final Lifecycle lifecycle;
    private final Admission admission;
    private final AuditTrail audit;
    private final AdminApi admin;
    private final Dashboard dashboard;
    private final Catalog catalog;
    private final Idempotency idempotency;
    private final InternalCalls internal;
    /** The batch API and its runner, with a store to keep them in. */
    private final Optional<BatchApi> batchApi;
    private final Optional<BatchRunner> batchRunner;

    Dispatcher(Vertx vertx, ServerServices services, UpstreamClients clients, KeyRotation upstreamKeys,
               ChannelBoard board, Directory directory, Admission admission, Alerts alerts, AuditTrail audit,
               Catalog catalog, GatewayMetrics metrics, Lifecycle lifecycle) {
        this.catalog = catalog;
        this.services = services;
        this.authenticator = new Authenticator(services.keys(), directory, services.config().masterKey());
        this.admission = admission;
        this.audit = audit;
        ModelRequests requests = new ModelRequests(catalog::router, upstreamKeys, board, services.config().queue(),
                admission, services.config().server().limits());
        this.room = requests.room();
        metrics.follow(room);
        Upstream upstream = new Upstream(clients, room::answered);
        this.generate = new Generate(requests, upstream, catalog);
        this.countTokens = new CountTokens(requests, upstream);
        this.embeddings = new EmbeddingsHandler(requests, upstream);
        this.lifecycle = lifecycle;
        this.internal = new InternalCalls(lifecycle::ownBaseUrl);
        this.batchRunner = services.batches().map(store -> new BatchRunner(store, internal,
                services.config().batches(), metrics.registry()));
        this.batchApi = services.batches().map(store -> new BatchApi(vertx, store, services.config().batches(),
                services.config().server().limits().bodyTimeout(), () -> batchRunner.ifPresent(BatchRunner::wake)));
        this.idempotency = new Idempotency(vertx, services.idempotency(), services.config().idempotency(), directory);
        AdminPrincipals principals = new AdminPrincipals(authenticator, services.keys(), directory);
        UiSessions sessions = new UiSessions(services.keys().hasher(), new SecureRandom());
        this.admin = new AdminApi(vertx, lifecycle, principals, sessions, services, directory, audit, board,
                upstreamKeys, clients, room, alerts, catalog, admission, metrics, internal);
        this.dashboard = new Dashboard(lifecycle, principals, sessions, audit);
    }

    /** The runner of batch items, when there is a store to keep batches in. */
    Optional<BatchRunner> batchRunner() {
        return batchRunner;
    }

    /**
     * What the main port serves. With an admin listener of its own, the admin API, the metrics and the dashboard
     * are not there: they answer 404 as if they did not exist.
     */
    Handler<HttpServerRequest> publicSide(boolean adminElsewhere) {
        if (!adminElsewhere) {
            return this::handle;
        }
        return request -> {
            if (forAdmin(request.path())) {
                notFound(request, Protocol.OPENAI_CHAT);
            } else {
                handle(request);
            }
        };
    }

    /** What the admin listener serves: the admin API, the metrics, the dashboard and the health probes only. */
    Handler<HttpServerRequest> adminSide() {
        return request -> {
            String path = request.path();
            if (forAdmin(path) || path.equals("/healthz") || path.equals("/readyz")) {
                handle(request);
            } else {
                notFound(request, Protocol.OPENAI_CHAT);
            }
        };
    }

    /** The paths of operators rather than clients: the admin API, Prometheus' {@code /metrics}, the dashboard. */
    static boolean forAdmin(String path) {
        return path.startsWith("/admin/") || path.equals("/admin") || path.equals("/metrics") || path.equals("/ui")
                || path.startsWith("/ui/");
    }

    void handle(HttpServerRequest request) {
        String path = request.path();
        switch (path) {
            // Claude Code probes the base URL at start-up; any quick answer will do.
            case "/" -> plain(request, 200, "{\"status\":\"ok\"}");
            case "/healthz" -> plain(request, 200, "{\"status\":\"ok\"}");
            // Prometheus' customary path; the admin API answers it as /admin/metrics, with the same keys.
            case "/metrics" -> admin.handle(request);
            case "/readyz" -> plain(request, lifecycle.ready() ? 200 : 503,
                    lifecycle.ready() ? "{\"status\":\"ready\"}" : "{\"status\":\"draining\"}");
            case "/v1/models", "/models" -> only(HttpMethod.GET, request,
                    request.headers().contains("anthropic-version") ? Protocol.ANTHROPIC_MESSAGES : Protocol.OPENAI_CHAT,
                    ex -> authenticated(ex, key -> listModels(ex, key)));
            case "/v1/chat/completions", "/chat/completions" -> model(HttpMethod.POST, request, Protocol.OPENAI_CHAT,
                    (ex, key, body) -> generate.handle(ex, key, body, Optional.empty()));
            // GET is refused at once: Codex probes it for a websocket and must fall back to HTTP quickly.
            case "/v1/responses", "/responses" -> model(HttpMethod.POST, request, Protocol.OPENAI_RESPONSES,
                    (ex, key, body) -> generate.handle(ex, key, body, Optional.empty()));
            case "/v1/messages", "/messages" -> model(HttpMethod.POST, request, Protocol.ANTHROPIC_MESSAGES,
                    (ex, key, body) -> generate.handle(ex, key, body, Optional.empty()));
            case "/v1/messages/count_tokens", "/messages/count_tokens" -> model(HttpMethod.POST, request,
                    Protocol.ANTHROPIC_MESSAGES, (ex, key, body) -> countTokens.handle(ex, key, body, Optional.empty()));
            case "/v1/embeddings", "/embeddings" -> model(HttpMethod.POST, request, Protocol.OPENAI_CHAT,
                    (ex, key, body) -> embeddings.handle(ex, key, body, Optional.empty()));
            case "/v1beta/models", "/v1alpha/models" -> only(HttpMethod.GET, request, Protocol.GEMINI,
                    ex -> authenticated(ex, key -> json(ex, lists.gemini(allowed(key)))));
            default -> {
                if (BatchApi.serves(path) && batchApi.isPresent()) {
                    // Each route checks its own methods.
                    only(request.method(), request, Protocol.OPENAI_CHAT,
                            ex -> authenticated(ex, key -> batchApi.get().handle(ex, key)));
                } else if (path.startsWith("/admin/")) {
                    admin.handle(request);
                } else if (path.equals("/ui") || path.startsWith("/ui/")) {
                    dashboard.handle(request);
                } else {
                    gemini(request, path);
                }
            }
        }
    }

    /** {@code /v1beta/models/{model}:{method}} and {@code GET /v1beta/models/{model}}. */
    private void gemini(HttpServerRequest request, String path) {
        Optional<GeminiPath> method = GeminiPath.parse(path);
        if (method.isPresent()) {
            GeminiPath target = method.get();
            Optional<GeminiPath> some = Optional.of(target);
            switch (target.method()) {
                case "generateContent", "streamGenerateContent" -> model(HttpMethod.POST, request, Protocol.GEMINI,
                        (ex, key, body) -> generate.handle(ex, key, body, some));
                case "countTokens" -> model(HttpMethod.POST, request, Protocol.GEMINI,
                        (ex, key, body) -> countTokens.handle(ex, key, body, some));
                case "embedContent", "batchEmbedContents" -> model(HttpMethod.POST, request, Protocol.GEMINI,
                        (ex, key, body) -> embeddings.handle(ex, key, body, some));
                default -> notFound(request, Protocol.GEMINI);
            }
            return;
        }
        Optional<String> model = GeminiPath.modelOfGet(path);
        // On /v1 the same path is OpenAI's "retrieve model"; Google's SDKs are told apart by their key header.
        boolean google = !path.startsWith("/v1/") || request.headers().contains("x-goog-api-key")
                || request.getParam("key") != null;
        if (model.isPresent()) {
            Protocol protocol = google ? Protocol.GEMINI : Protocol.OPENAI_CHAT;
            only(HttpMethod.GET, request, protocol, ex -> authenticated(ex, key -> oneModel(ex, key, model.get())));
            return;
        }
        notFound(request, path.startsWith("/v1beta/") || path.startsWith("/v1alpha/") ? Protocol.GEMINI
                : Protocol.OPENAI_CHAT);
    }

    /**
     * A request Vert.x could not decode (headers or request line over the limit, a malformed request): answered in
     * the protocol its path suggests, then the connection closes, since the rest of it cannot be read.
     */
    void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        String path = request.path() == null ? "" : request.path();
        Protocol protocol = path.startsWith("/v1beta/") || path.startsWith("/v1alpha/") ? Protocol.GEMINI
                : path.endsWith("/messages") || path.endsWith("/count_tokens") ? Protocol.ANTHROPIC_MESSAGES
                : Protocol.OPENAI_CHAT;
        Exchange ex = lifecycle.open(protocol, request);
        ex.closeConnectionAfter();
        ApiError error = cause instanceof TooLongFrameException
                ? ApiError.of(ErrorKind.PAYLOAD_TOO_LARGE, "request_header_fields_too_large", "The request's headers"
                        + " or request line are larger than Parley's limit of "
                        + services.config().server().limits().maxHeaderBytes() + " bytes (server.limits.max_header_bytes).")
                : ApiError.of(ErrorKind.INVALID_REQUEST, "malformed_request", "The HTTP request is malformed.");
        ex.fail(error).onComplete(written -> {
            if (ex.http1()) {
                request.connection().close();
            }
        });
    }

    private void notFound(HttpServerRequest request, Protocol protocol) {
        Exchange ex = lifecycle.open(protocol, request);
        ex.fail(ApiError.of(ErrorKind.NOT_FOUND, "unknown_path", "Parley has no endpoint " + request.path() + "."));
    }

    /**
     * A model endpoint: method and readiness checked, key authenticated, then the body read; a request with an
     * idempotency key runs only if it is the first of its key.
     */
    private void model(HttpMethod method, HttpServerRequest request, Protocol protocol, ModelHandler handler) {
        only(method, request, protocol, ex -> authenticated(ex, key -> BodyReader.read(ex,
                services.config().server().maxBodyBytes(), services.config().server().limits().bodyTimeout(),
                body -> idempotency.guard(ex, key, body, () -> handler.handle(ex, key, body)))));
    }

    private void only(HttpMethod method, HttpServerRequest request, Protocol protocol, Consumer<Exchange> handler) {
        Exchange ex = lifecycle.open(protocol, request);
        int maxHeaders = services.config().server().limits().maxHeaders();
        if (tooManyHeaders(request.headers(), maxHeaders)) {
            ex.closeConnectionAfter();
            ex.fail(ApiError.of(ErrorKind.PAYLOAD_TOO_LARGE, "request_header_fields_too_large", "The request has "
                    + request.headers().size() + " headers; Parley takes at most " + maxHeaders
                    + " (server.limits.max_headers)."));
            return;
        }
        if (!request.method().equals(method)) {
            ex.response.putHeader("allow", method.name());
            ex.fail(ApiError.of(ErrorKind.METHOD_NOT_ALLOWED, "method_not_allowed",
                    request.method().name() + " is not allowed on " + request.path() + "; use " + method.name() + "."));
            return;
        }
        if (!lifecycle.ready()) {
            ex.closeConnectionAfter();
            ex.fail(ApiError.of(ErrorKind.UNAVAILABLE, "Parley is shutting down; retry on another instance."));
            return;
        }
        handler.accept(ex);
    }

    /**
     * More than {@code max} header names. Vert.x's HTTP/1 headers count their names by collecting them into a set,
     * which cost a request more than the rest of this dispatch; the header lines, counted without collecting
     * anything, are at least as many as the names, so the set is made only when the lines are too many.
     */
    static boolean tooManyHeaders(MultiMap headers, int max) {
        int lines = 0;
        for (Map.Entry<String, String> ignored : headers) {
            if (++lines > max) {
                return headers.size() > max;
            }
        }
        return false;
    }

    private void authenticated(Exchange ex, Consumer<VirtualKey> then) {
        Optional<String> presented = PresentedKey.from(ex.request);
        if (presented.isEmpty()) {
            authFailure(ex, "missing_api_key");
            ex.fail(ApiError.of(ErrorKind.AUTHENTICATION, "missing_api_key",
                    "No API key: send it as 'Authorization: Bearer <key>' (or x-api-key / x-goog-api-key)."));
            return;
        }
        Optional<String> internalAs = Optional.ofNullable(ex.request.getHeader(InternalCalls.AS_HEADER));
        Optional<VirtualKey> key = internalAs.isPresent()
                ? authenticator.internal(internal, presented.get(), internalAs.get(), Instant.now())
                : authenticator.authenticate(presented.get(), Instant.now());
        if (key.isEmpty()) {
            authFailure(ex, "invalid_api_key");
            // Never echo the presented key: it may be a real secret sent to the wrong place.
            ex.fail(ApiError.of(ErrorKind.AUTHENTICATION, "invalid_api_key", "The API key is not valid."));
            return;
        }
        if (internalAs.isPresent()) {
            ex.internal();
        }
        ex.authenticated(key.get());
        then.accept(key.get());
    }

    /** Audited off the request path: the path (never the query, which may hold a key) and the client's address. */
    private void authFailure(Exchange ex, String reason) {
        var remote = ex.request.remoteAddress();
        audit.authFailure(Instant.now(), remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress(),
                ex.request.method().name(), ex.request.path(), reason);
    }

    private List<String> allowed(VirtualKey key) {
        return catalog.router().modelNames().stream().filter(m -> admission.allowsModel(key, m)).toList();
    }

    private void listModels(Exchange ex, VirtualKey key) {
        List<String> models = allowed(key);
        json(ex, switch (ex.protocol) {
            case ANTHROPIC_MESSAGES -> lists.anthropic(models);
            case OPENAI_CHAT, OPENAI_RESPONSES, GEMINI -> lists.openAi(models, ex.request.getParam("client_version") != null);
        });
    }

    private void oneModel(Exchange ex, VirtualKey key, String model) {
        if (!admission.allowsModel(key, model) || catalog.router().resolve(model).isEmpty()) {
            ex.fail(ApiError.of(ErrorKind.NOT_FOUND, "model_not_found",
                    "The model '" + model + "' does not exist in this Parley.").withParam("model"));
            return;
        }
        json(ex, ex.protocol == Protocol.GEMINI ? lists.geminiModel(model) : lists.openAiModel(model));
    }

    private static void json(Exchange ex, String body) {
        ex.response.putHeader("content-type", "application/json");
        ex.finish(Buffer.buffer(body));
    }

    private static void plain(HttpServerRequest request, int status, String json) {
        request.response().setStatusCode(status).putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store").end(json);
    }

    private interface ModelHandler {
        void handle(Exchange exchange, VirtualKey key, byte[] body);
    }

    /** What the dispatcher needs from the server's lifecycle. */
    interface Lifecycle {
        boolean ready();

        Exchange open(Protocol protocol, HttpServerRequest request);

        /** Where Parley reaches itself, for the requests it sends on a key's behalf. */
        String ownBaseUrl();
    }
}
