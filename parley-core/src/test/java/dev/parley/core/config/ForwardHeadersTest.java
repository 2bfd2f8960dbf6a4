package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A provider's {@code forward_headers}: its type's defaults, names kept lowercased, credentials refused. */
class ForwardHeadersTest {

    @Test
    void eachTypeForwardsItsProtocolHeadersUnlessItsListSaysOtherwise() {
        var config = ConfigLoader.parse("""
                providers:
                  - {name: a, type: anthropic, keys: [k-0123456789]}
                  - {name: o, type: openai-compatible, base_url: "http://localhost:1/v1"}
                  - {name: g, type: gemini, keys: [k-0123456789]}
                  - name: own
                    type: openai-compatible
                    base_url: "http://localhost:2/v1"
                    forward_headers: [X-Custom, anthropic-beta, x-custom]
                  - {name: none, type: anthropic, keys: [k-0123456789], forward_headers: []}
                """, Map.of());

        assertThat(config.provider("a").orElseThrow().forwardHeaders())
                .containsExactly("anthropic-version", "anthropic-beta");
        assertThat(config.provider("o").orElseThrow().forwardHeaders()).isEmpty();
        assertThat(config.provider("g").orElseThrow().forwardHeaders()).isEmpty();
        assertThat(config.provider("own").orElseThrow().forwardHeaders()).containsExactly("x-custom", "anthropic-beta");
        assertThat(config.provider("own").orElseThrow().toString()).contains("forwardHeaders=[x-custom, anthropic-beta]");
        assertThat(config.provider("none").orElseThrow().forwardHeaders()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"authorization", "X-Api-Key", "x-goog-api-key", "cookie", "proxy-authorization", "host",
            "content-length", "transfer-encoding", "x-parley-priority", "content-type"})
    void aCredentialOrAHeaderParleySetsIsRefusedNamingTheEntry(String header) {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                providers:
                  - name: a
                    type: openai-compatible
                    base_url: "http://localhost:1/v1"
                    forward_headers: [x-fine, "%s"]
                """.formatted(header), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("providers[0].forward_headers[1]:")
                .hasMessageContaining(header.toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void aBadHeaderNameIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                providers:
                  - {name: a, type: anthropic, keys: [k-0123456789], forward_headers: ["bad header"]}
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("providers[0].forward_headers[0]:");
    }

    @Test
    void theRecordRefusesACredentialHeaderToo() {
        assertThatThrownBy(() -> new ProviderConfig("p", ProviderType.OPENAI, URI.create("https://x.example/v1"),
                List.of(new Secret("k-0123456789")), Map.of(), TimeoutOverrides.NONE, OptionalInt.empty(),
                OptionalLong.empty(), Optional.empty(), Optional.empty(), UpstreamTls.DEFAULT,
                List.of("Authorization")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
