package dev.parley.core.config;

import static dev.parley.core.config.TestConfigs.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code server.tls}, {@code server.admin} and a provider's {@code tls}, and the keys that would switch checks off. */
class TlsConfigTest {

    @Test
    void serverTlsAndTheAdminListenerAreRead() {
        var config = ConfigLoader.parse("""
                server:
                  port: 8443
                  tls: {cert: /etc/parley/fullchain.pem, key: /etc/parley/key.pem}
                  admin: {host: 10.0.0.5, port: 4001, tls: {cert: a.pem, key: b.pem, reload_check: 1s}}
                """, Map.of());

        assertThat(config.server().tls()).contains(
                new ServerTls("/etc/parley/fullchain.pem", "/etc/parley/key.pem", ServerTls.DEFAULT_RELOAD_CHECK));
        assertThat(config.server().admin()).contains(new AdminListener("10.0.0.5", 4001,
                Optional.of(new ServerTls("a.pem", "b.pem", Duration.ofSeconds(1)))));
        assertThat(config.server().withPort(9000).admin()).isEqualTo(config.server().admin());
    }

    @Test
    void withoutThemParleyListensInPlainHttpOnOnePort() {
        var config = ConfigLoader.parse("server: {port: 4000}", Map.of());

        assertThat(config.server().tls()).isEmpty();
        assertThat(config.server().admin()).isEmpty();
    }

    @Test
    void aServerCertificateNeedsItsKey() {
        assertThat(failure("server: {tls: {cert: a.pem}}").keyPath()).isEqualTo("server.tls.key");
        assertThat(failure("server: {tls: {cert: a.pem, key: b.pem, ciphers: all}}").keyPath())
                .isEqualTo("server.tls.ciphers");
    }

    @Test
    void theAdminListenerNeedsAPortOfItsOwn() {
        assertThat(failure("server: {admin: {host: 127.0.0.1}}").keyPath()).isEqualTo("server.admin.port");
        var same = failure("server: {port: 4000, admin: {port: 4000}}");
        assertThat(same.keyPath()).isEqualTo("server.admin.port");
        assertThat(same.reason()).contains("must differ from server.port");
    }

    @Test
    void aProviderNamesItsAuthorities() {
        var config = ConfigLoader.parse("""
                providers:
                  - {name: private, type: openai-compatible, base_url: "https://llm.internal/v1",
                     tls: {ca_file: /etc/parley/internal-ca.pem}}
                  - {name: public, type: openai-compatible, base_url: "https://llm.example.com/v1"}
                """, Map.of());

        assertThat(config.provider("private").orElseThrow().tls().caFile()).contains("/etc/parley/internal-ca.pem");
        assertThat(config.provider("public").orElseThrow().tls()).isEqualTo(UpstreamTls.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"insecure: true", "verify: false", "ssl_verify: false", "tls_verify: false",
        "insecure_skip_verify: true", "trust_all: true"})
    void verificationCannotBeSwitchedOffOnAProvider(String key) {
        var refused = failure("""
                providers:
                  - {name: p, type: openai-compatible, base_url: "https://llm.internal/v1", %s}
                """.formatted(key));

        assertThat(refused.keyPath()).isEqualTo("providers[0]." + key.substring(0, key.indexOf(':')));
        assertThat(refused.reason()).contains("always verified").contains("cannot be switched off");
    }

    @ParameterizedTest
    @ValueSource(strings = {"insecure: true", "verify: false", "trust_all: true"})
    void norInItsTlsSection(String key) {
        var refused = failure("""
                providers:
                  - {name: p, type: openai-compatible, base_url: "https://llm.internal/v1", tls: {%s}}
                """.formatted(key));

        assertThat(refused.keyPath()).isEqualTo("providers[0].tls." + key.substring(0, key.indexOf(':')));
        assertThat(refused.reason()).contains("cannot be switched off");
    }

    @Test
    void norInALiteLlmFile() {
        var refused = failure("""
                model_list:
                  - model_name: gpt-4o
                    litellm_params: {model: openai/gpt-4o, api_key: sk-0123456789, ssl_verify: false}
                """);

        assertThat(refused.keyPath()).isEqualTo("model_list[0].litellm_params.ssl_verify");
        assertThat(refused.reason()).contains("cannot be switched off");
    }
}
