package dev.parley.server;

import dev.parley.core.protocol.AdminErrorShape;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.config.Timeouts;
import dev.parley.core.health.ChannelHistory;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.ChannelBoard;
import dev.parley.core.routing.KeyRotation;
import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.Principal;
import dev.parley.core.tenancy.Target;
import dev.parley.core.tenancy.TenancyConflictException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API, {@code /admin/...}: the route table ({@link AdminRoute}) bound to its handlers, the principal of
 * each call (the master key, or a member by one of their own keys; a missing or invalid key is audited), and the
 * answer. Handlers run on a worker thread, since the store blocks; what they may do is decided by
 * {@code Authorization} alone, and their errors are rendered by {@link AdminErrorShape} alone.
 */
final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    /** Admin bodies are small records; anything larger is a mistake. */
    private static final long MAX_BODY = 1024 * 1024;
    private static final Target.Org CHANNELS = new Target.Org(Target.OrgResource.CHANNELS);
    private static final Target.Org QUEUE = new Target.Org(Target.OrgResource.QUEUE);
    private static final Target.Org ALERTS = new Target.Org(Target.OrgResource.ALERTS);
    /** How long a channel test waits for the provider's model list. */
    private static final Duration PROBE_WAIT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final Dispatcher.Lifecycle lifecycle;
    private final AdminPrincipals principals;
    private final UiSessions sessions;
    private final AdminBackend backend;
    private final Catalog catalog;
    private final GatewayMetrics metrics;
    private final ChannelBoard board;
    private final KeyRotation upstreamKeys;
    private final UpstreamClients clients;
    private final Timeouts timeouts;
    private final WaitingRoom room;
    private final Alerts alerts;
    private final Optional<ChannelHistory> channelHistory;
    /** A body sent slower than this is refused ({@code server.limits.body_timeout}), as on the model endpoints. */
    private final Duration bodyTimeout;
    private final Map<AdminRoute, AdminHandler> handlers = new EnumMap<>(AdminRoute.class);
    private final byte[] openApi;

    AdminApi(Vertx vertx, Dispatcher.Lifecycle lifecycle, AdminPrincipals principals, UiSessions sessions,
             ServerServices services, Directory directory, AuditTrail audit, ChannelBoard board,
             KeyRotation upstreamKeys, UpstreamClients clients, WaitingRoom room, Alerts alerts, Catalog catalog,
             Admission admission, GatewayMetrics metrics, InternalCalls internal) {
        this.clients = clients;
        this.timeouts = services.config().timeouts();
        this.vertx = vertx;
        this.lifecycle = lifecycle;
        this.principals = principals;
        this.sessions = sessions;
        this.bodyTimeout = services.config().server().limits().bodyTimeout();
        this.backend = new AdminBackend(services.tenancy(), directory, services.keys().hasher(), new SecureRandom(),
                audit, catalog, admission, services.bodies(), services.deadLetters(), internal);
        this.catalog = catalog;
        this.metrics = metrics;
        this.board = board;
        this.upstreamKeys = upstreamKeys;
        this.room = room;
        this.alerts = alerts;
        this.channelHistory = services.channelHistory();
        for (AdminRoute route : AdminRoute.values()) {
            handlers.put(route, handler(route));
        }
        this.openApi = openApiDocument();
    }

    /** The handler of each route: a switch without default, so that a route without a handler does not compile. */
    private AdminHandler handler(AdminRoute route) {
        return switch (route) {
            case ME -> this::me;
            case LIST_TEAMS -> AdminTeams::list;
            case CREATE_TEAM -> AdminTeams::create;
            case GET_TEAM -> AdminTeams::get;
            case UPDATE_TEAM -> AdminTeams::update;
            case DELETE_TEAM -> AdminTeams::delete;
            case LIST_TEAM_MEMBERS -> AdminTeams::members;
            case PUT_MEMBERSHIP -> AdminTeams::putMembership;
            case DELETE_MEMBERSHIP -> AdminTeams::deleteMembership;
            case LIST_PROJECTS -> AdminProjects::list;
            case CREATE_PROJECT -> AdminProjects::create;
            case GET_PROJECT -> AdminProjects::get;
            case UPDATE_PROJECT -> AdminProjects::update;
            case DELETE_PROJECT -> AdminProjects::delete;
            case LIST_MEMBERS -> AdminMembers::list;
            case CREATE_MEMBER -> AdminMembers::create;
            case GET_MEMBER -> AdminMembers::get;
            case UPDATE_MEMBER -> AdminMembers::update;
            case DELETE_MEMBER -> AdminMembers::delete;
            case LIST_KEYS -> AdminKeys::list;
            case CREATE_KEY -> AdminKeys::create;
            case GET_KEY -> AdminKeys::get;
            case UPDATE_KEY -> AdminKeys::update;
            case REVOKE_KEY -> AdminKeys::revoke;
            case ROTATE_KEY -> AdminKeys::rotate;
            case GET_LIMITS -> AdminLimits::get;
            case PUT_LIMITS -> AdminLimits::put;
            case DELETE_LIMITS -> AdminLimits::delete;
            case LIST_BUDGETS -> AdminBudgets::list;
            case CREATE_BUDGET -> AdminBudgets::create;
            case GET_BUDGET -> AdminBudgets::get;
            case UPDATE_BUDGET -> AdminBudgets::update;
            case DELETE_BUDGET -> AdminBudgets::delete;
            case OPEN_ACCOUNT -> AdminAccounts::open;
            case GET_ACCOUNT -> AdminAccounts::get;
            case PLACE_ORDER -> AdminAccounts::placeOrder;
            case LIST_ORDERS -> AdminAccounts::orders;
            case GET_STATEMENT -> AdminAccounts::statement;
            case LIST_AUDIT -> AdminAudit::list;
            case EXPORT_AUDIT -> AdminAudit::export;
            case VERIFY_AUDIT -> AdminAudit::verify;
            case CHANNELS -> this::channels;
            case QUEUE -> this::queue;
            case ALERTS -> this::alerts;
            case USAGE_REPORT -> AdminUsage::report;
            case USAGE_RECORDS -> AdminUsage::records;
            case USAGE_RECORD -> AdminUsage::record;
            case LIST_PROVIDERS -> AdminCatalog::listProviders;
            case CREATE_PROVIDER -> AdminCatalog::createProvider;
            case GET_PROVIDER -> AdminCatalog::getProvider;
            case UPDATE_PROVIDER -> AdminCatalog::updateProvider;
            case DELETE_PROVIDER -> AdminCatalog::deleteProvider;
            case LIST_MODELS -> AdminCatalog::listModels;
            case CREATE_MODEL -> AdminCatalog::createModel;
            case GET_MODEL -> AdminCatalog::getModel;
            case PUT_MODEL -> AdminCatalog::putModel;
            case DELETE_MODEL -> AdminCatalog::deleteModel;
            case GET_MARKUP -> AdminMarkups::get;
            case PUT_MARKUP -> AdminMarkups::put;
            case DELETE_MARKUP -> AdminMarkups::delete;
            case LIST_PRICES -> AdminPrices::list;
            case PUT_PRICE -> AdminPrices::put;
            case DELETE_PRICE -> AdminPrices::delete;
            case LIST_PRICE_VERSIONS -> AdminPrices::versions;
            case GET_PRICE_VERSION -> AdminPrices::version;
            case LIST_DEAD_LETTERS -> AdminDeadLetters::list;
            case GET_DEAD_LETTER -> AdminDeadLetters::get;
            case REPLAY_DEAD_LETTER -> AdminDeadLetters::replay;
            case DISCARD_DEAD_LETTER -> AdminDeadLetters::discard;
            case METRICS -> this::metrics;
            case CHANNEL_STATUS -> this::channelStatus;
            case DISABLE_CHANNEL -> call -> switchChannel(call, false);
            case ENABLE_CHANNEL -> call -> switchChannel(call, true);
            case TEST_CHANNEL -> this::testChannel;
            case OPENAPI -> call -> AdminReply.ok(AdminJson.MAPPER.readTree(openApi));
        };
    }

    void handle(HttpServerRequest request) {
        Exchange ex = lifecycle.open(Protocol.OPENAI_CHAT, request);
        ex.errorsIn(AdminErrorShape.INSTANCE);
        ex.response.putHeader("cache-control", "no-store");
        String path = request.path().equals("/metrics") ? AdminRoute.METRICS.pattern() : request.path();
        List<AdminRoute> onPath = Arrays.stream(AdminRoute.values())
                .filter(r -> r.match(path).isPresent()).toList();
        if (onPath.isEmpty()) {
            ex.fail(ApiError.of(ErrorKind.NOT_FOUND, "unknown_path", "Parley has no endpoint " + path + "."));
            return;
        }
        Optional<AdminRoute> route = onPath.stream().filter(r -> r.method().equals(request.method().name()))
                .findFirst();
        if (route.isEmpty()) {
            String allowed = onPath.stream().map(AdminRoute::method).collect(Collectors.joining(", "));
            ex.response.putHeader("allow", allowed);
            ex.fail(ApiError.of(ErrorKind.METHOD_NOT_ALLOWED, "method_not_allowed", request.method().name()
                    + " is not allowed on " + path + "; use " + allowed + "."));
            return;
        }
        if (!lifecycle.ready()) {
            ex.closeConnectionAfter();
            ex.fail(ApiError.of(ErrorKind.UNAVAILABLE, "Parley is shutting down; retry on another instance."));
            return;
        }
        AdminRoute matched = route.get();
        if (!matched.needsKey()) {
            json(ex, 200, openApi);
            return;
        }
        Optional<Principal> principal = principal(ex);
        if (principal.isEmpty()) {
            return;
        }
        Map<String, String> params = matched.match(path).orElseThrow();
        if (matched.hasBody()) {
            BodyReader.read(ex, MAX_BODY, bodyTimeout, body -> run(ex, matched, principal.get(), params, body));
        } else {
            run(ex, matched, principal.get(), params, new byte[0]);
        }
    }

    /**
     * Who calls: the master key, or a member by one of their active keys, presented as a Bearer key or through a
     * dashboard session (its cookie and, on every request, its CSRF token). Anything else is answered here: no key or
     * a key Parley does not know (401, and an {@code auth.failure} in the audit log), a key that is valid but is no
     * principal (403), a session cookie without its CSRF token (403), or one that has ended (401).
     */
    private Optional<Principal> principal(Exchange ex) {
        Instant now = Instant.now();
        Optional<String> presented = PresentedKey.from(ex.request);
        if (presented.isEmpty()) {
            Cookie cookie = ex.request.getCookie(UiSessions.COOKIE);
            if (cookie != null) {
                return sessionPrincipal(ex, cookie.getValue(), now);
            }
            authFailure(ex, now, "missing_api_key");
            ex.fail(ApiError.of(ErrorKind.AUTHENTICATION, "missing_api_key",
                    "No API key: send the master key or your own key as 'Authorization: Bearer <key>'."));
            return Optional.empty();
        }
        return switch (principals.byKey(presented.get(), now)) {
            case AdminPrincipals.Lookup.Found found -> Optional.of(found.principal());
            case AdminPrincipals.Lookup.Refused refused -> {
                refused.auditReason().ifPresent(reason -> authFailure(ex, now, reason));
                ex.fail(refused.error());
                yield Optional.empty();
            }
        };
    }

    private Optional<Principal> sessionPrincipal(Exchange ex, String cookie, Instant now) {
        Optional<UiSessions.Session> session = sessions.open(cookie, now, principals::hashOf);
        Optional<Principal> principal = session.flatMap(s -> principals.bySubject(s.subject(), now));
        if (principal.isEmpty()) {
            authFailure(ex, now, "invalid_session");
            ex.fail(ApiError.of(ErrorKind.AUTHENTICATION, "invalid_session",
                    "The dashboard session has ended or its key is no longer valid; log in again."));
            return Optional.empty();
        }
        if (!UiSessions.csrfMatches(session.get(), Optional.ofNullable(ex.request.getHeader(UiSessions.CSRF_HEADER)))) {
            ex.fail(ApiError.of(ErrorKind.PERMISSION, "csrf_required", "A dashboard session's calls carry its token in"
                    + " the '" + UiSessions.CSRF_HEADER + "' header; this one did not."));
            return Optional.empty();
        }
        return principal;
    }

    private void authFailure(Exchange ex, Instant now, String reason) {
        backend.audit().authFailure(now, source(ex.request), ex.request.method().name(), ex.request.path(), reason);
    }

    private void run(Exchange ex, AdminRoute route, Principal principal, Map<String, String> params, byte[] body) {
        Map<String, String> query = new HashMap<>();
        ex.request.params().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        AdminCall call = new AdminCall(principal, Instant.now(), source(ex.request), backend, params, query, body);
        AdminHandler handler = handlers.get(route);
        vertx.executeBlocking(() -> handler.handle(call), false).onComplete(result -> reply(ex, result));
    }

    private void reply(Exchange ex, AsyncResult<AdminReply> result) {
        if (ex.ended()) {
            return;
        }
        if (result.failed()) {
            ex.fail(problem(result.cause()));
            return;
        }
        switch (result.result()) {
            case AdminReply.Json answer -> json(ex, answer.status(), AdminJson.bytes(answer.body()));
            case AdminReply.NoContent none -> {
                ex.response.setStatusCode(204);
                ex.finish();
            }
            case AdminReply.Text text -> {
                ex.response.setStatusCode(200).putHeader("content-type", text.contentType());
                ex.finish(Buffer.buffer(text.body()));
            }
            case AdminReply.Lines lines -> {
                ex.response.setStatusCode(200).setChunked(true).putHeader("content-type", lines.contentType());
                nextChunk(ex, lines.chunks());
            }
        }
    }

    /** Reads the next chunk off the event loop and writes it; the next read waits for the write. */
    private void nextChunk(Exchange ex, AdminReply.Chunks chunks) {
        vertx.executeBlocking(chunks::next, true).onComplete(read -> {
            if (ex.ended()) {
                return;
            }
            if (read.failed()) {
                ex.fail(problem(read.cause()));
            } else if (read.result().isEmpty()) {
                ex.finish();
            } else {
                ex.response.write(read.result().get()).onComplete(written -> {
                    if (written.succeeded()) {
                        nextChunk(ex, chunks);
                    } else {
                        ex.end();
                    }
                });
            }
        });
    }

    private static ApiError problem(Throwable failure) {
        return switch (failure) {
            case AdminProblem problem -> problem.error();
            case TenancyConflictException conflict -> ApiError.of(ErrorKind.CONFLICT, "conflict", conflict.getMessage());
            default -> {
                LOG.error("Admin call failed", failure);
                yield ApiError.of(ErrorKind.INTERNAL, "internal", "Parley could not complete the call; see its log.");
            }
        };
    }

    private static void json(Exchange ex, int status, byte[] body) {
        ex.response.setStatusCode(status).putHeader("content-type", "application/json");
        ex.finish(Buffer.buffer(body));
    }

    static String source(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }

    /** {@code GET /admin/me}: who the key is, and the teams it acts in. */
    private AdminReply me(AdminCall call) {
        ObjectNode out = AdminJson.object();
        switch (call.principal) {
            case Principal.MasterKey master -> {
                out.put("principal", "master");
                out.put("role", master.orgRole().wire());
            }
            case Principal.MemberKey member -> {
                out.put("principal", "member");
                out.put("role", member.orgRole().wire());
                out.put("key_id", member.keyId());
                out.set("member", AdminJson.member(member.member()));
                ArrayNode teams = out.putArray("teams");
                member.memberships().forEach(m -> teams.add(AdminJson.membership(m)));
            }
        }
        return AdminReply.ok(out);
    }

    private AdminReply channels(AdminCall call) {
        call.require(Action.READ, CHANNELS);
        return AdminReply.ok(AdminJson.MAPPER.readTree(ChannelStatus.render(catalog.router(), board, upstreamKeys, Instant.now(),
                System.nanoTime())));
    }

    private AdminReply channelStatus(AdminCall call) {
        call.require(Action.READ, new Target.Org(Target.OrgResource.CHANNELS));
        return AdminReply.ok(AdminJson.MAPPER.readTree(ChannelStatus.windows(catalog.router(), board, upstreamKeys,
                channelHistory, Instant.now(), System.nanoTime())));
    }

    /**
     * Takes a channel out of routing or puts it back: a switch of this instance's {@link ChannelBoard}, held in
     * memory (every replica has its own, and a restart enables every channel again). The organization's owners and
     * admins, who may change the catalog, may switch its channels; a change is audited.
     */
    private AdminReply switchChannel(AdminCall call, boolean enabled) {
        call.require(Action.WRITE, new Target.Org(Target.OrgResource.CATALOG));
        Channel channel = routedChannel(call);
        ChannelBoard.Target target = new ChannelBoard.Target(channel.provider().name(), channel.upstreamModel());
        boolean before = board.enabled(target);
        if (board.enable(target, enabled)) {
            String name = target.provider() + "/" + target.upstreamModel();
            call.changed(enabled ? "channel.enable" : "channel.disable", name, Optional.of(channelState(target, before)),
                    Optional.of(channelState(target, enabled)));
        }
        return AdminReply.ok(channelState(target, enabled));
    }

    /**
     * Tests a channel the way Parley's health checks do: its provider's model list, fetched once with one of its
     * keys (nothing is generated, no token billed). Answers whether it answered 2xx, its status and the time taken;
     * for the organization's owners and admins, since it calls the provider.
     */
    private AdminReply testChannel(AdminCall call) {
        call.require(Action.WRITE, new Target.Org(Target.OrgResource.CATALOG));
        Channel channel = routedChannel(call);
        ObjectNode out = AdminJson.object().put("provider", channel.provider().name())
                .put("upstream_model", channel.upstreamModel());
        long started = System.nanoTime();
        try {
            int status = HealthChecks.modelList(clients, upstreamKeys, channel.provider(), timeouts)
                    .toCompletionStage().toCompletableFuture().get(PROBE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            out.put("ok", status / 100 == 2).put("status", status);
        } catch (ExecutionException e) {
            out.put("ok", false).put("error", e.getCause().getClass().getSimpleName());
        } catch (TimeoutException e) {
            out.put("ok", false).put("error", "timeout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.put("ok", false).put("error", "interrupted");
        }
        return AdminReply.ok(out.put("latency_ms", (System.nanoTime() - started) / 1_000_000));
    }

    /** The channel the body names ({@code provider}, {@code upstream_model}) among the catalog's routes, or 404. */
    private Channel routedChannel(AdminCall call) {
        AdminInput input = call.input(Set.of("provider", "upstream_model"));
        String provider = input.requiredText("provider");
        String model = input.requiredText("upstream_model");
        return catalog.router().modelNames().stream().flatMap(m -> catalog.router().resolve(m).stream())
                .flatMap(route -> route.channels().stream())
                .filter(c -> c.provider().name().equals(provider) && c.upstreamModel().equals(model))
                .findFirst().orElseThrow(() -> AdminProblem.notFound("upstream_model", "channel", provider + "/" + model));
    }

    private static ObjectNode channelState(ChannelBoard.Target target, boolean enabled) {
        return AdminJson.object().put("provider", target.provider()).put("upstream_model", target.upstreamModel())
                .put("enabled", enabled);
    }

    /** The Prometheus text exposition: read by whoever reads channels (organization admins and viewers). */
    private AdminReply metrics(AdminCall call) {
        call.require(Action.READ, new Target.Org(Target.OrgResource.CHANNELS));
        return new AdminReply.Text("text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
    }

    private AdminReply queue(AdminCall call) {
        call.require(Action.READ, QUEUE);
        return AdminReply.ok(AdminJson.MAPPER.valueToTree(room.snapshot()));
    }

    private AdminReply alerts(AdminCall call) {
        call.require(Action.READ, ALERTS);
        return AdminReply.ok(AdminJson.MAPPER.valueToTree(alerts.snapshot()));
    }

    private static byte[] openApiDocument() {
        try (InputStream in = AdminApi.class.getResourceAsStream("admin-openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("admin-openapi.json is missing from the server's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One route's work, on a worker thread. */
    interface AdminHandler {
        AdminReply handle(AdminCall call);
    }
}
