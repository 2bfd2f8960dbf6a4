package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.RecordedRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client headers reach a provider only when its {@code forward_headers} names them, on the pass-through and the
 * translation path alike; Anthropic providers forward Anthropic's protocol headers by default, others nothing; and
 * neither the client's Parley key nor another secret travels, not even in a header the list allows.
 */
class HeaderForwardingTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    Path dataDir;

    private TestParley parley;

    @BeforeEach
    void start() {
        parley = TestParley.start("""
                server: {host: 127.0.0.1, port: 0, data_dir: "%1$s", shutdown_grace: 10s}
                retries: {max_attempts: 1}
                providers:
                  - name: listed
                    type: openai-compatible
                    base_url: %2$s/v1
                    keys: ["${UPSTREAM_KEY}"]
                    forward_headers: [X-Tenant, x-request-tag]
                  - {name: plain, type: openai-compatible, base_url: "%2$s/v1", keys: ["${UPSTREAM_KEY}"]}
                  - {name: claude, type: anthropic, base_url: "%2$s", keys: ["${UPSTREAM_KEY}"]}
                models:
                  - {name: m-listed, routes: [{provider: listed, model: up-listed}]}
                  - {name: m-plain, routes: [{provider: plain, model: up-plain}]}
                  - {name: m-claude, routes: [{provider: claude, model: up-claude}]}
                keys:
                  - {name: ci, key: "%3$s"}
                """.formatted(dataDir, UPSTREAM.baseUrl(), TestParley.KEY), dataDir);
    }

    @AfterEach
    void stop() {
        parley.close();
    }

    private RecordedRequest send(ClientWire wire, String model, Map<String, String> extra) throws Exception {
        Map<String, String> headers = new HashMap<>(wire.headers(TestParley.KEY));
        headers.putAll(extra);
        int before = UPSTREAM.fake().requests().size();
        assertThat(parley.send("POST", wire.path(model, false), headers, wire.text(model, false, "Hi")).statusCode())
                .isEqualTo(200);
        List<RecordedRequest> requests = UPSTREAM.fake().requests();
        assertThat(requests).hasSize(before + 1);
        return requests.getLast();
    }

    @Test
    void aListedHeaderReachesTheProviderOnBothPathsAndAnUnlistedOneNever() throws Exception {
        for (ClientWire wire : List.of(ClientWire.CHAT, ClientWire.ANTHROPIC, ClientWire.GEMINI)) {
            Map<String, String> extra = new HashMap<>(Map.of("x-tenant", "acme", "x-request-tag", "nightly",
                    "x-other", "nope"));
            if (wire == ClientWire.CHAT) {
                // Beside the Bearer key, which is the one read: a stray key that must go nowhere.
                extra.put("x-api-key", "sk-not-for-upstream-0123456789abcdef");
            }
            RecordedRequest sent = send(wire, "m-listed", extra);
            assertThat(sent.header("x-tenant")).as("%s", wire).contains("acme");
            assertThat(sent.header("x-request-tag")).as("%s", wire).contains("nightly");
            assertThat(sent.header("x-other")).as("%s", wire).isEmpty();
            assertThat(sent.header("x-api-key")).as("%s", wire).isEmpty();
            assertThat(sent.header("anthropic-beta")).as("%s: not listed", wire).isEmpty();
            assertThat(sent.header("authorization")).as("%s", wire).contains("Bearer " + TestParley.PROVIDER_KEY);
            assertThat(sent.headers().toString() + sent.uri() + sent.bodyText()).doesNotContain(TestParley.KEY);
        }
    }

    @Test
    void aProviderWithoutAListGetsNoClientHeader() throws Exception {
        RecordedRequest sent = send(ClientWire.ANTHROPIC, "m-plain", Map.of("x-tenant", "acme"));
        assertThat(sent.header("x-tenant")).isEmpty();
        assertThat(sent.header("anthropic-beta")).as("an Anthropic header is no OpenAI provider's business").isEmpty();
        assertThat(sent.header("anthropic-version")).isEmpty();
    }

    @Test
    void anAnthropicProviderGetsAnAnthropicClientsProtocolHeadersByDefault() throws Exception {
        RecordedRequest sent = send(ClientWire.ANTHROPIC, "m-claude", Map.of("anthropic-beta", "files-api-2025-04-14",
                "x-tenant", "acme"));
        assertThat(sent.header("anthropic-beta")).contains("files-api-2025-04-14");
        assertThat(sent.header("anthropic-version")).contains("2023-06-01");
        assertThat(sent.header("x-tenant")).isEmpty();
        assertThat(sent.header("x-api-key")).as("the provider's own key, not the client's")
                .contains(TestParley.PROVIDER_KEY);
    }

    @Test
    void aListedHeaderCarryingAKeyIsDropped() throws Exception {
        RecordedRequest sent = send(ClientWire.CHAT, "m-listed", Map.of("x-tenant", "acme " + TestParley.KEY,
                "x-request-tag", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc"));
        assertThat(sent.header("x-tenant")).as("the client's own Parley key").isEmpty();
        assertThat(sent.header("x-request-tag")).as("a credential's shape").isEmpty();
        assertThat(sent.headers().toString()).doesNotContain(TestParley.KEY);
    }
}
