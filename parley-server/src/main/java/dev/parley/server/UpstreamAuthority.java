package dev.parley.server;

import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A base URL taken apart once: its host and port (read from the authority, since {@link URI#getHost} has none for a
 * name with '_'), whether it is TLS, the address to connect to when the host is a literal one, and its path, to which
 * a request's path is appended. Kept per base URL, so that no request parses a URL or an address, or tries its host as
 * a literal address (which, for a name, throws).
 */
record UpstreamAuthority(String host, int port, boolean ssl, Optional<SocketAddress> literal, String path) {

    /** More base URLs than any configuration has; past it (after very many reloads), the cache starts over. */
    private static final int KEPT = 1_024;
    private static final Map<URI, UpstreamAuthority> CACHE = new ConcurrentHashMap<>();

    static UpstreamAuthority of(URI baseUrl) {
        UpstreamAuthority known = CACHE.get(baseUrl);
        if (known != null) {
            return known;
        }
        if (CACHE.size() >= KEPT) {
            CACHE.clear();
        }
        UpstreamAuthority parsed = parse(baseUrl);
        CACHE.put(baseUrl, parsed);
        return parsed;
    }

    static UpstreamAuthority parse(URI url) {
        String authority = url.getRawAuthority();
        boolean ssl = "https".equalsIgnoreCase(url.getScheme());
        int close = authority.startsWith("[") ? authority.indexOf(']') : -1;
        int colon = authority.indexOf(':', Math.max(close, 0));
        String host = colon < 0 ? authority : authority.substring(0, colon);
        String digits = colon < 0 ? "" : authority.substring(colon + 1);
        int port = digits.isEmpty() ? (ssl ? 443 : 80) : Integer.parseInt(digits);
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return new UpstreamAuthority(host.toLowerCase(Locale.ROOT), port, ssl, literal(host, port),
                path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    private static Optional<SocketAddress> literal(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return Optional.of(SocketAddress.inetSocketAddress(new InetSocketAddress(InetAddress.ofLiteral(bare), port)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
