package dev.parley.server;

import dev.parley.core.protocol.AdminErrorShape;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tenancy.Principal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The web dashboard at {@code /ui}: its built files from the classpath ({@code dev/parley/ui/dist}, which the
 * {@code parley-ui} module's jar holds), every other path under {@code /ui/} answered with its {@code index.html}
 * (the pages route in the browser), and {@code /ui/session}: log in with an admin key, see the session, log out.
 * Every answer carries a strict content security policy (scripts and styles from Parley only, no inline script, no
 * eval, no framing); hashed assets are cached for good, {@code index.html} never without asking.
 */
final class Dashboard {

    static final String SESSION_PATH = "/ui/session";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    private static final String ROOT = "dev/parley/ui/dist/";
    private static final String INDEX = "index.html";
    /** Only plain relative paths: no {@code ..}, no empty segment, no backslash or encoded byte. */
    private static final Pattern SAFE_PATH = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final long MAX_LOGIN_BODY = 8 * 1024;
    /** A login is a few bytes: one that trickles in slower than this is refused. */
    private static final Duration LOGIN_BODY_TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "map", "application/json",
            "woff2", "font/woff2",
            "txt", "text/plain; charset=utf-8");

    private final Dispatcher.Lifecycle lifecycle;
    private final AdminPrincipals principals;
    private final UiSessions sessions;
    private final AuditTrail audit;
    private final ClassLoader loader;
    private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

    Dashboard(Dispatcher.Lifecycle lifecycle, AdminPrincipals principals, UiSessions sessions, AuditTrail audit) {
        this(lifecycle, principals, sessions, audit, Dashboard.class.getClassLoader());
    }

    Dashboard(Dispatcher.Lifecycle lifecycle, AdminPrincipals principals, UiSessions sessions, AuditTrail audit,
              ClassLoader loader) {
        this.lifecycle = lifecycle;
        this.principals = principals;
        this.sessions = sessions;
        this.audit = audit;
        this.loader = loader;
    }

    void handle(HttpServerRequest request) {
        secure(request.response());
        if (request.path().equals(SESSION_PATH)) {
            session(request);
            return;
        }
        Exchange ex = lifecycle.open(Protocol.OPENAI_CHAT, request);
        ex.errorsIn(AdminErrorShape.INSTANCE);
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            ex.response.putHeader("allow", "GET, HEAD");
            ex.fail(ApiError.of(ErrorKind.METHOD_NOT_ALLOWED, "method_not_allowed",
                    request.method().name() + " is not allowed on " + request.path() + "; use GET."));
            return;
        }
        String relative = request.path().equals("/ui") ? "" : request.path().substring("/ui/".length());
        Optional<byte[]> index = file(INDEX);
        if (index.isEmpty()) {
            ex.fail(ApiError.of(ErrorKind.NOT_FOUND, "dashboard_not_built", "This Parley was built without its web"
                    + " dashboard (the parley-ui module is not on its classpath)."));
            return;
        }
        Optional<byte[]> asset = relative.isEmpty() ? Optional.empty() : file(relative);
        if (asset.isPresent()) {
            boolean hashed = relative.startsWith("assets/");
            ex.response.putHeader("content-type", contentType(relative))
                    .putHeader("cache-control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
            ex.finish(Buffer.buffer(asset.get()));
            return;
        }
        if (relative.startsWith("assets/") || lastSegment(relative).contains(".")) {
            ex.fail(ApiError.of(ErrorKind.NOT_FOUND, "unknown_path", "The dashboard has no file " + request.path() + "."));
            return;
        }
        // A page of the dashboard: the same index.html, whose script reads the path.
        ex.response.putHeader("content-type", TYPES.get("html")).putHeader("cache-control", "no-cache");
        ex.finish(Buffer.buffer(index.get()));
    }

    /** {@code POST} logs in, {@code GET} shows the session (and its CSRF token), {@code DELETE} logs out. */
    private void session(HttpServerRequest request) {
        Exchange ex = lifecycle.open(Protocol.OPENAI_CHAT, request);
        ex.errorsIn(AdminErrorShape.INSTANCE);
        ex.response.putHeader("cache-control", "no-store");
        if (!lifecycle.ready()) {
            ex.response.putHeader("connection", "close");
            ex.fail(ApiError.of(ErrorKind.UNAVAILABLE, "Parley is shutting down; retry on another instance."));
            return;
        }
        Instant now = Instant.now();
        switch (request.method().name()) {
            case "POST" -> login(ex, now);
            case "GET" -> current(ex, now).ifPresentOrElse(s -> answer(ex, 200, s, now), () -> ex.fail(ApiError.of(
                    ErrorKind.AUTHENTICATION, "no_session", "Not logged in to the dashboard.")));
            case "DELETE" -> logout(ex, now);
            default -> {
                ex.response.putHeader("allow", "GET, POST, DELETE");
                ex.fail(ApiError.of(ErrorKind.METHOD_NOT_ALLOWED, "method_not_allowed",
                        request.method().name() + " is not allowed on " + SESSION_PATH + "; use GET, POST or DELETE."));
            }
        }
    }

    /** {@code {"key": "..."}} as JSON (a cross-site form cannot send that without the browser asking first). */
    private void login(Exchange ex, Instant now) {
        String type = Optional.ofNullable(ex.request.getHeader("content-type")).orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            ex.fail(ApiError.of(ErrorKind.INVALID_REQUEST, "invalid_request",
                    "Send the key as JSON, {\"key\": \"...\"}, with content-type application/json.").withParam("key"));
            return;
        }
        BodyReader.read(ex, MAX_LOGIN_BODY, LOGIN_BODY_TIMEOUT, body -> {
            Optional<String> key = keyOf(body);
            if (key.isEmpty()) {
                auditFailure(ex, now, "missing_api_key");
                ex.fail(ApiError.of(ErrorKind.AUTHENTICATION, "missing_api_key",
                        "Type the master key or your own key.").withParam("key"));
                return;
            }
            switch (principals.byKey(key.get(), now)) {
                case AdminPrincipals.Lookup.Found found -> {
                    String cookie = sessions.issue(found.subject(), now);
                    ex.response.addCookie(cookie(cookie, ex.request.isSSL(), UiSessions.LIFETIME.toSeconds()));
                    answer(ex, 200, new Current(found.principal(), sessions.open(cookie, now, principals::hashOf)
                            .orElseThrow()), now);
                }
                case AdminPrincipals.Lookup.Refused refused -> {
                    refused.auditReason().ifPresent(reason -> auditFailure(ex, now, reason));
                    ex.fail(refused.error());
                }
            }
        });
    }

    private void logout(Exchange ex, Instant now) {
        Cookie cookie = ex.request.getCookie(UiSessions.COOKIE);
        Optional<UiSessions.Session> session = cookie == null ? Optional.empty()
                : sessions.open(cookie.getValue(), now, principals::hashOf);
        if (session.isPresent() && !UiSessions.csrfMatches(session.get(),
                Optional.ofNullable(ex.request.getHeader(UiSessions.CSRF_HEADER)))) {
            ex.fail(ApiError.of(ErrorKind.PERMISSION, "csrf_required",
                    "Logging out takes the session's token in the '" + UiSessions.CSRF_HEADER + "' header."));
            return;
        }
        ex.response.addCookie(cookie("", ex.request.isSSL(), 0));
        ex.response.setStatusCode(204);
        ex.finish();
    }

    /** The request's session and its principal now, when it has one that is still valid. */
    private Optional<Current> current(Exchange ex, Instant now) {
        Cookie cookie = ex.request.getCookie(UiSessions.COOKIE);
        if (cookie == null) {
            return Optional.empty();
        }
        return sessions.open(cookie.getValue(), now, principals::hashOf)
                .flatMap(s -> principals.bySubject(s.subject(), now).map(p -> new Current(p, s)));
    }

    private record Current(Principal principal, UiSessions.Session session) {
    }

    private static void answer(Exchange ex, int status, Current current, Instant now) {
        ObjectNode out = AdminJson.object();
        switch (current.principal()) {
            case Principal.MasterKey master -> out.put("principal", "master").put("role", master.orgRole().wire());
            case Principal.MemberKey member -> out.put("principal", "member").put("role", member.orgRole().wire())
                    .put("member_id", member.member().id()).put("name", member.member().name());
        }
        out.put("csrf", current.session().csrf());
        out.put("expires_at", current.session().expires().toString());
        ex.response.setStatusCode(status).putHeader("content-type", "application/json");
        ex.finish(Buffer.buffer(AdminJson.bytes(out)));
    }

    private static Cookie cookie(String value, boolean tls, long maxAgeSeconds) {
        return Cookie.cookie(UiSessions.COOKIE, value).setPath("/").setHttpOnly(true).setSecure(tls)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAgeSeconds);
    }

    private static Optional<String> keyOf(byte[] body) {
        try {
            JsonNode key = AdminJson.MAPPER.readTree(body).path("key");
            return key.isString() && !key.asString().isBlank() ? Optional.of(key.asString().strip()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void auditFailure(Exchange ex, Instant now, String reason) {
        audit.authFailure(now, AdminApi.source(ex.request), ex.request.method().name(), SESSION_PATH, reason);
    }

    /** The headers every answer under {@code /ui} carries. */
    static void secure(HttpServerResponse response) {
        response.putHeader("content-security-policy", CONTENT_SECURITY_POLICY)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("x-frame-options", "DENY");
    }

    private Optional<byte[]> file(String relative) {
        if (!SAFE_PATH.matcher(relative).matches()) {
            return Optional.empty();
        }
        Optional<byte[]> cached = files.get(relative);
        if (cached != null) {
            return cached;
        }
        // Only files that exist are kept, so that requests for made-up paths cannot grow the map.
        Optional<byte[]> read = read(relative);
        read.ifPresent(bytes -> files.put(relative, read));
        return read;
    }

    private Optional<byte[]> read(String relative) {
        try (InputStream in = loader.getResourceAsStream(ROOT + relative)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the dashboard's " + relative, e);
        }
    }

    private static String contentType(String relative) {
        String last = lastSegment(relative);
        int dot = last.lastIndexOf('.');
        return dot < 0 ? "application/octet-stream" : TYPES.getOrDefault(last.substring(dot + 1), "application/octet-stream");
    }

    private static String lastSegment(String relative) {
        return relative.substring(relative.lastIndexOf('/') + 1);
    }
}
