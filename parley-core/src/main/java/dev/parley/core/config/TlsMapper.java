package dev.parley.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads {@code server.tls}, {@code server.admin} and a provider's {@code tls}. */
final class TlsMapper {

    private static final List<String> SERVER_TLS_KEYS = List.of("cert", "key", "reload_check");
    private static final List<String> ADMIN_KEYS = List.of("host", "port", "tls");
    private static final List<String> UPSTREAM_TLS_KEYS = List.of("ca_file");
    /**
     * Keys other gateways and HTTP clients use to turn certificate checks off. Parley has no such switch; naming one
     * is refused rather than ignored, so that nobody believes it took effect.
     */
    private static final List<String> SWITCH_OFF_KEYS = List.of("insecure", "insecure_skip_verify", "skip_verify",
            "verify", "verify_ssl", "ssl_verify", "tls_verify", "verify_tls", "verify_host", "verify_certificate",
            "trust_all", "no_verify");

    private TlsMapper() {}

    static ServerTls server(Node node) {
        var fields = node.fields(SERVER_TLS_KEYS);
        return new ServerTls(path(fields.required("cert")), path(fields.required("key")),
                fields.optional("reload_check").map(Node::positiveDuration).orElse(ServerTls.DEFAULT_RELOAD_CHECK));
    }

    static AdminListener admin(Node node, int mainPort) {
        var fields = node.fields(ADMIN_KEYS);
        var port = fields.required("port").integer(ServerSettings.MIN_PORT, ServerSettings.MAX_PORT);
        if (port != 0 && port == mainPort) {
            throw fields.failAt("port", "must differ from server.port (" + mainPort + ")");
        }
        return new AdminListener(fields.optional("host").map(Node::nonBlankText).orElse(ServerSettings.DEFAULT_HOST),
                port, fields.optional("tls").map(TlsMapper::server));
    }

    static UpstreamTls upstream(Node node) {
        var fields = node.anyFields();
        refuseSwitchOff(fields);
        fields.requireOnly(UPSTREAM_TLS_KEYS);
        return new UpstreamTls(fields.optional("ca_file").map(TlsMapper::path));
    }

    /** Fails on a key that asks for upstream certificates not to be checked, naming it. */
    static void refuseSwitchOff(Fields fields) {
        for (var field : fields.all()) {
            if (SWITCH_OFF_KEYS.contains(field.key().toLowerCase(Locale.ROOT))) {
                throw fields.failAt(field.key(), "upstream TLS certificates are always verified and this cannot be"
                        + " switched off; to trust a private authority, name its PEM bundle in tls.ca_file");
            }
        }
    }

    /** A LiteLLM {@code ssl_verify: false}, which Parley would otherwise have ignored silently. */
    static Optional<ConfigException> liteLlmSwitchOff(Fields params) {
        return params.optional("ssl_verify").filter(node -> !node.text().strip().equalsIgnoreCase("true"))
                .map(node -> node.fail("upstream TLS certificates are always verified and this cannot be switched"
                        + " off; Parley's own configuration names a private authority with providers[].tls.ca_file"));
    }

    private static String path(Node node) {
        return node.nonBlankText().strip();
    }
}
