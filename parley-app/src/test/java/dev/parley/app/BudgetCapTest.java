package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.tenancy.BudgetPeriod;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.RecordedRequest;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * A budgeted key's generation that names no maximum output reaches the provider with the one its budgets reserved
 * for (4096), in the provider's own field, whether passed through or translated; one that names its maximum keeps
 * it, and a key without budgets sends what it wrote, through a real Parley on SQLite in front of a fake provider.
 */
class BudgetCapTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TenantParley parley;
    static TenantParley.Tenant budgeted;
    static TenantParley.Tenant unbudgeted;

    @BeforeAll
    static void start() {
        parley = TenantParley.of(UpstreamType.yaml(UPSTREAM.baseUrl(), dataDir)
                + "master_key: \"" + TenantParley.MASTER + "\"\n", dataDir);
        budgeted = parley.tenant("capped");
        budgeted.budget(ScopeKind.TEAM, BudgetPeriod.MONTH, new BigDecimal("1000"), OptionalInt.empty());
        unbudgeted = parley.tenant("free");
        parley.reload();
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    /** Each client protocol with a provider of its own protocol (passed through) and one of another (translated). */
    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(ClientWire.CHAT, UpstreamType.COMPATIBLE),
                Arguments.of(ClientWire.CHAT, UpstreamType.OPENAI),
                Arguments.of(ClientWire.CHAT, UpstreamType.ANTHROPIC),
                Arguments.of(ClientWire.RESPONSES, UpstreamType.OPENAI),
                Arguments.of(ClientWire.RESPONSES, UpstreamType.GEMINI),
                Arguments.of(ClientWire.ANTHROPIC, UpstreamType.ANTHROPIC),
                Arguments.of(ClientWire.ANTHROPIC, UpstreamType.COMPATIBLE),
                Arguments.of(ClientWire.GEMINI, UpstreamType.GEMINI),
                Arguments.of(ClientWire.GEMINI, UpstreamType.OPENAI));
    }

    /** Where the provider's protocol says the maximum output, as a JSON pointer. */
    private static String maxPointer(UpstreamType upstream, ClientWire client) {
        return switch (upstream.protocolFor(client.protocol)) {
            case OPENAI_CHAT -> "/max_completion_tokens";
            case OPENAI_RESPONSES -> "/max_output_tokens";
            case ANTHROPIC_MESSAGES -> "/max_tokens";
            case GEMINI -> "/generationConfig/maxOutputTokens";
        };
    }

    private static boolean passedThrough(ClientWire client, UpstreamType upstream) {
        return upstream.protocolFor(client.protocol) == client.protocol;
    }

    /** The client's question, with {@code max} as its own maximum output when present. */
    private static String body(ClientWire client, UpstreamType upstream, OptionalInt max) {
        String plain = client.text(upstream.model(), false, "How far is the moon?");
        if (max.isEmpty()) {
            return plain;
        }
        return switch (client) {
            case CHAT -> plain.replace("{\"model\"", "{\"max_tokens\":" + max.getAsInt() + ",\"model\"");
            case RESPONSES -> plain.replace("{\"model\"", "{\"max_output_tokens\":" + max.getAsInt() + ",\"model\"");
            case ANTHROPIC -> plain.replace("\"max_tokens\":1024", "\"max_tokens\":" + max.getAsInt());
            case GEMINI -> plain.replace("{\"contents\"",
                    "{\"generationConfig\":{\"temperature\":0.5,\"maxOutputTokens\":" + max.getAsInt() + "},\"contents\"");
        };
    }

    private static RecordedRequest send(TenantParley.Tenant tenant, ClientWire client, UpstreamType upstream,
                                        String body) throws Exception {
        HttpResponse<String> response = parley.parley.send("POST", client.path(upstream.model(), false),
                client.headers(tenant.secret()), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // Recorded before the fake answers, so the client's answer comes after it.
        return UPSTREAM.fake().lastRequest();
    }

    /** The client's bytes as a pass-through sends them: only the model renamed (Gemini's is in the path). */
    private static String asPassedThrough(String body, UpstreamType upstream) {
        return body.replace("\"model\":\"" + upstream.model() + "\"", "\"model\":\"" + upstream.upstreamModel() + "\"");
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void aBudgetedRequestWithoutAMaximumIsSentWithTheReservedOne(ClientWire client, UpstreamType upstream)
            throws Exception {
        String body = body(client, upstream, OptionalInt.empty());

        JsonNode sent = send(budgeted, client, upstream, body).json().orElseThrow();

        // Anthropic's clients always name their maximum (1024 here): it is theirs that goes up.
        long expected = client == ClientWire.ANTHROPIC ? 1024 : 4096;
        assertThat(sent.at(maxPointer(upstream, client)).asLong()).as(sent.toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void aBudgetedRequestThatNamesItsMaximumKeepsIt(ClientWire client, UpstreamType upstream) throws Exception {
        String body = body(client, upstream, OptionalInt.of(777));

        RecordedRequest sent = send(budgeted, client, upstream, body);

        // A Chat client here names the older max_tokens, which a pass-through keeps as it is, with nothing added.
        String pointer = passedThrough(client, upstream) && client == ClientWire.CHAT ? "/max_tokens"
                : maxPointer(upstream, client);
        assertThat(sent.json().orElseThrow().at(pointer).asLong()).isEqualTo(777);
        if (passedThrough(client, upstream)) {
            assertThat(sent.bodyText()).isEqualTo(asPassedThrough(body, upstream));
        }
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void aKeyWithoutBudgetsSendsWhatItWrote(ClientWire client, UpstreamType upstream) throws Exception {
        String body = body(client, upstream, OptionalInt.empty());

        String sent = send(unbudgeted, client, upstream, body).bodyText();

        // As the configuration's key, which no budget can apply to, has it sent.
        HttpResponse<String> plain = parley.parley.send("POST", client.path(upstream.model(), false),
                client.headers(TestParley.KEY), body);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(sent).isEqualTo(UPSTREAM.fake().lastRequest().bodyText());
        if (passedThrough(client, upstream)) {
            assertThat(sent).isEqualTo(asPassedThrough(body, upstream));
        }
    }
}
