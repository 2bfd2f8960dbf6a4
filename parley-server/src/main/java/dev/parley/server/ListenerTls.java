package dev.parley.server;

import dev.parley.core.config.ConfigException;
import dev.parley.core.config.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.ServerSSLOptions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTPS on one listener: TLS 1.2 and 1.3 only, forward-secret AEAD cipher suites, HTTP/2 or HTTP/1.1 by ALPN; and
 * the certificate renewed without a restart. Every {@code reload_check} the two PEM files are read off the event
 * loops and compared with the pair being served (by the SHA-256 of their bytes, since a copy may keep the
 * modification time); a new pair that passes {@link TlsMaterial}'s checks is applied to every server of the
 * listener, and new connections get it, while open ones keep theirs. A pair that does not pass is refused with one
 * warning and the served one stays.
 */
final class ListenerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerTls.class);
    static final Set<String> PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");
    /** TLS 1.3's suites, then TLS 1.2's with ECDHE and AES-GCM or ChaCha20-Poly1305 only (no CBC, no RSA kex). */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final List<HttpVersion> ALPN = List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1);
    private static final List<String> ALPN_NAMES = List.of("h2", "http/1.1");

    private final Vertx vertx;
    private final ServerTls tls;
    private final String keyPath;
    private final List<HttpServer> servers;
    private final AtomicReference<TlsMaterial> served;
    /** The digest of the last pair refused, so that a broken pair left on disk is warned about once. */
    private volatile String refused = "";
    /** One look at a time: a look that finds a new pair lasts until every server has it. */
    private final AtomicBoolean looking = new AtomicBoolean();
    private long timer = -1;

    private ListenerTls(Vertx vertx, ServerTls tls, String keyPath, List<HttpServer> servers, TlsMaterial first) {
        this.vertx = vertx;
        this.tls = tls;
        this.keyPath = keyPath;
        this.servers = servers;
        this.served = new AtomicReference<>(first);
    }

    /**
     * Reads and checks the pair (a problem fails start-up naming {@code keyPath.cert} or {@code keyPath.key}) and
     * sets HTTPS up on {@code options}. {@code servers} are the listener's servers, filled as they start.
     */
    static ListenerTls configure(Vertx vertx, ServerTls tls, String keyPath, HttpServerOptions options,
                                 List<HttpServer> servers) {
        TlsMaterial material = TlsMaterial.load(vertx, tls, keyPath);
        options.setSsl(true).setUseAlpn(true).setAlpnVersions(ALPN).setKeyCertOptions(material.options())
                .setEnabledSecureTransportProtocols(PROTOCOLS);
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        if (material.notAfter().isBefore(Instant.now())) {
            // Served all the same (clients will refuse it): stopping would take the gateway down with it.
            LOG.warn("The certificate of {} expired at {}; renew it, and Parley takes the new one without a restart",
                    keyPath, material.notAfter());
        }
        return new ListenerTls(vertx, tls, keyPath, servers, material);
    }

    /** Starts comparing the files with the served pair. */
    void watch() {
        timer = vertx.setPeriodic(tls.reloadCheck().toMillis(), id -> {
            if (looking.compareAndSet(false, true)) {
                vertx.executeBlocking(this::poll, false).onFailure(e -> looking.set(false));
            }
        });
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One look at the files, off the event loops; ends the look unless a new pair is being applied. */
    private Void poll() {
        if (!changed()) {
            looking.set(false);
        }
        return null;
    }

    private boolean changed() {
        TlsMaterial.PemFiles files;
        try {
            files = TlsMaterial.readFiles(tls, keyPath);
        } catch (ConfigException e) {
            refuse(e.getMessage(), "missing:" + e.getMessage());
            return false;
        }
        if (files.digest().equals(served.get().digest()) || files.digest().equals(refused)) {
            return false;
        }
        TlsMaterial next;
        try {
            next = TlsMaterial.check(vertx, files, tls, keyPath);
        } catch (ConfigException e) {
            refuse(e.getMessage(), files.digest());
            return false;
        }
        apply(next);
        return true;
    }

    private void refuse(String why, String digest) {
        if (!digest.equals(refused)) {
            refused = digest;
            LOG.warn("The new certificate of {} is refused, the one in use is kept: {}", keyPath, why);
        }
    }

    private void apply(TlsMaterial next) {
        ServerSSLOptions options = new ServerSSLOptions().setKeyCertOptions(next.options()).setUseAlpn(true)
                .setApplicationLayerProtocols(ALPN_NAMES).setEnabledSecureTransportProtocols(PROTOCOLS);
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        // Servers that share a port share one TLS context; each is updated all the same, so none is left behind.
        Future.all(servers.stream().map(s -> s.updateSSLOptions(options)).toList()).onComplete(done -> {
            if (done.succeeded()) {
                served.set(next);
                refused = "";
                LOG.info("{} now serves certificate serial {} (valid until {})", keyPath, next.serial().toString(16),
                        next.notAfter());
            } else {
                refuse(done.cause().getMessage() == null ? done.cause().getClass().getSimpleName()
                        : done.cause().getMessage(), next.digest());
            }
            looking.set(false);
        });
    }
}
