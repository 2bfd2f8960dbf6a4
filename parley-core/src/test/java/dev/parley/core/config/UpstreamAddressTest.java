package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "http://169.254.169.254/latest", "http://169.254.0.1:8080/v1", "http://metadata.google.internal/v1",
        "http://METADATA.GOOGLE.INTERNAL./v1", "http://2852039166/v1", "http://0xA9FEA9FE/v1", "http://0251.0376.0251.0376/",
        "http://169.254.43518/", "http://[fe80::1]/v1", "http://[fe80::1%25eth0]:80/", "http://[::ffff:169.254.169.254]/",
        "http://[fd00:ec2::254]/", "http://100.100.100.200/", "http://0.0.0.0:8000/v1", "http://[::]/",
        "http://instance-data/latest",
    })
    void metadataAndLinkLocalHostsAreRefused(String url) {
        assertThat(UpstreamAddress.forbidden(URI.create(url))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://api.openai.com/v1", "http://localhost:11434/v1", "http://127.0.0.1:8000/v1", "http://10.0.0.5/v1",
        "http://192.168.1.10:4000", "http://[::1]:8080/v1", "http://ollama_host:11434", "http://169.255.1.1/",
        "http://1.2.3.4/", "http://metadata-proxy.internal/v1",
    })
    void ordinaryLocalAndPublicHostsAreAllowed(String url) {
        assertThat(UpstreamAddress.forbidden(URI.create(url))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "169.254.0.1", "fe80::1", "febf::1", "fd00:ec2::254", "100.100.100.200",
        "0.0.0.0", "::", "::ffff:169.254.169.254"})
    void resolvedMetadataAndLinkLocalAddressesAreRefused(String address) {
        assertThat(UpstreamAddress.forbidden(InetAddress.ofLiteral(address))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.0.0.5", "192.168.1.10", "169.255.1.1", "100.100.100.201",
        "fec0::1", "fd00:ec2::253", "1.2.3.4", "2001:db8::1"})
    void resolvedLoopbackPrivateAndPublicAddressesAreAllowed(String address) {
        assertThat(UpstreamAddress.forbidden(InetAddress.ofLiteral(address))).isEmpty();
    }

    @Test
    void theConfigurationRefusesOneUnlessTheProviderAllowsIt() {
        String yaml = """
                providers:
                  - {name: meta, type: openai-compatible, base_url: "http://169.254.169.254/v1", keys: [k]%s}
                """;
        assertThatThrownBy(() -> ConfigLoader.parse(yaml.formatted(""), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("providers[0].base_url:")
                .hasMessageContaining("allow_link_local");
        assertThat(ConfigLoader.parse(yaml.formatted(", allow_link_local: true"), Map.of()).providers())
                .singleElement().extracting(ProviderConfig::allowLinkLocal).isEqualTo(true);
        assertThat(ConfigLoader.parse(yaml.formatted("").replace("169.254.169.254", "127.0.0.1"), Map.of()).providers())
                .singleElement().extracting(ProviderConfig::allowLinkLocal).isEqualTo(false);
    }

    @Test
    void liteLlmApiBasesAreCheckedToo() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                model_list:
                  - model_name: m
                    litellm_params: {model: openai/m, api_base: "http://169.254.169.254/v1", api_key: k}
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("api_base");
    }
}
