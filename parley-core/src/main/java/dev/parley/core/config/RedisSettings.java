package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Redis that several Parley replicas share their counters and key health through. Absent, each instance keeps
 * them in memory on its own.
 *
 * @param url {@code redis://[user:password@]host[:port][/db]} or {@code rediss://...}; it may carry a password,
 *            so it is never shown (see {@link #redacted()})
 * @param keyPrefix put before every key and channel Parley uses, so that several deployments share one Redis
 * @param onUnavailable what a replica does while Redis cannot be reached
 * @param timeout the longest a request waits for Redis before the replica treats it as unavailable
 */
public record RedisSettings(String url, String keyPrefix, OnUnavailable onUnavailable, Duration timeout) {

    /** What admission does while Redis is unavailable. */
    public enum OnUnavailable {
        /** Each replica holds the limits with its own in-memory books. */
        OPEN,
        /** Requests under a limit or budget are refused with a 503 until Redis is back. */
        CLOSED
    }

    public static final String DEFAULT_KEY_PREFIX = "parley:";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);
    static final String URL_FORMS = "redis://[user:password@]host[:port][/db] or rediss://...";
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9:._{}-]{1,64}");
    static final String PREFIX_RULE = "1 to 64 letters, digits or : . _ - { }";

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(onUnavailable, "onUnavailable");
        Objects.requireNonNull(timeout, "timeout");
        check(problem(url).isEmpty(), "unsupported redis url; expected " + URL_FORMS);
        check(PREFIX.matcher(keyPrefix).matches(), "keyPrefix must be " + PREFIX_RULE);
        check(timeout.compareTo(MIN_TIMEOUT) >= 0 && timeout.compareTo(MAX_TIMEOUT) <= 0,
                "timeout must be from 10ms to 10s");
    }

    /** Why {@code url} is not usable, if it is not. Never quotes the URL: it may carry a password. */
    static Optional<String> problem(String url) {
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            return Optional.of("expected " + URL_FORMS);
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                return Optional.of("expected a host after \"" + uri.getScheme() + "://\"");
            }
            String path = Optional.ofNullable(uri.getPath()).orElse("");
            if (!path.isEmpty() && !path.matches("/[0-9]{0,2}")) {
                return Optional.of("expected a database number after the host, such as /0");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("not a valid URL (a password with special characters must be percent-encoded)");
        }
    }

    static boolean validPrefix(String prefix) {
        return PREFIX.matcher(prefix).matches();
    }

    /** The URL with its password, if any, replaced by {@code ****}, fit for logs. */
    public String redacted() {
        int authority = url.indexOf("//") + 2;
        int at = url.lastIndexOf('@');
        if (at < authority) {
            return url;
        }
        String userInfo = url.substring(authority, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        return url.substring(0, authority) + user + ":****" + url.substring(at);
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + redacted() + ", keyPrefix=" + keyPrefix + ", onUnavailable=" + onUnavailable
                + ", timeout=" + timeout + "]";
    }
}
