package dev.parley.server;

import dev.parley.core.config.KeyConfig;
import dev.parley.core.config.ParleyConfig;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.Secret;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.secrets.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one redaction layer of a running server: every sink that writes text someone else reads (the access log,
 * every log line through the app's log layout, spans, error bodies, the audit log, upstream error texts relayed or
 * kept) goes through {@link #redact}. It knows the secrets of the current catalog (provider keys and header values),
 * the configured virtual keys, the master key and the server secret's text; the catalog's changes are followed, so a
 * provider key added through the admin API is known from the moment it can be used.
 *
 * <p>The log layout has no server to ask, so the servers of the process register here while they run
 * ({@link #forLogs}); a process running none (the admin commands) still has every secret shape blanked out.
 */
public final class Redaction {

    private static final Set<Redaction> LIVE = ConcurrentHashMap.newKeySet();

    /** What does not change while the server runs: the server secret's text forms. */
    private final List<String> fixed;
    private volatile Redactor current;

    Redaction(List<String> fixed, ParleyConfig config) {
        this.fixed = List.copyOf(fixed);
        this.current = build(config);
    }

    /** A server's redaction when nothing but the configuration is known. */
    static Redaction of(ParleyConfig config) {
        return new Redaction(List.of(), config);
    }

    /** The catalog changed: its secrets are known from now on. */
    void follow(ParleyConfig config) {
        current = build(config);
    }

    private Redactor build(ParleyConfig config) {
        List<String> values = new ArrayList<>(fixed);
        config.masterKey().map(Secret::value).ifPresent(values::add);
        config.keys().stream().map(KeyConfig::key).map(Secret::value).forEach(values::add);
        for (ProviderConfig provider : config.providers()) {
            provider.keys().stream().map(Secret::value).forEach(values::add);
            // Extra headers are where a provider's other credentials travel (api-key, an organization token).
            values.addAll(provider.headers().values());
        }
        return Redactor.of(values);
    }

    Redactor redactor() {
        return current;
    }

    String redact(String text) {
        return current.redact(text);
    }

    byte[] redact(byte[] utf8) {
        return current.redact(utf8);
    }

    /** The error with its message and parameter redacted; the same instance when they had nothing to hide. */
    ApiError redact(ApiError error) {
        Redactor r = current;
        String message = r.redact(error.message());
        var param = error.param().map(r::redact);
        if (message == error.message() && param.equals(error.param())) {
            return error;
        }
        return new ApiError(error.kind(), message, error.code(), param, error.retryAfter());
    }

    /** Logs go through this server's redaction until {@link #unregister}. */
    void register() {
        LIVE.add(this);
    }

    void unregister() {
        LIVE.remove(this);
    }

    /**
     * A log line's text with the secrets of every server of the process blanked out (several run in one process only
     * in tests); without a server, the shapes alone.
     */
    public static String forLogs(String text) {
        if (LIVE.isEmpty()) {
            return Redactor.SHAPES.redact(text);
        }
        String clean = text;
        for (Redaction live : LIVE) {
            clean = live.redact(clean);
        }
        return clean;
    }
}
