package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.ToolNames;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.UsageRecord;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import dev.parley.testkit.Usage;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client protocol against every provider type, streaming and not: plain text, a tool call round trip with
 * a tool name too long for OpenAI, and an image. Same-protocol pairs take the pass-through path, the others are
 * translated; the client must see its own protocol's official shapes either way.
 */
class ConversionMatrixTest extends MatrixParley {

    /** An MCP-style name of 75 characters: valid for Anthropic and Gemini, too long for OpenAI. */
    static final String LONG_TOOL = "mcp__weather_service_for_the_whole_planet__get_the_current_weather_for_a_city";
    /** A 1×1 PNG. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    @ParameterizedTest(name = "{0} client, {1} provider, stream={2}")
    @MethodSource("matrix")
    void text(ClientWire client, UpstreamType upstream, boolean stream) throws Exception {
        UPSTREAM.enqueue(Reply.text("Hello from upstream, in parts.").withTextChunks(3)
                .withUsage(Usage.of(20, 5).withCacheRead(4)));

        HttpResponse<String> response = send(client, upstream, stream, client.text(upstream.model(), stream, "Say hello"));

        assertOk(response);
        if (stream) {
            assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        }
        ClientWire.Answer answer = client.read(response.body(), stream);
        assertThat(answer.text()).isEqualTo("Hello from upstream, in parts.");
        assertThat(answer.cleanEnd()).isTrue();
        assertThat(answer.finish()).isEqualTo(switch (client) {
            case CHAT -> "stop";
            case RESPONSES -> "completed";
            case ANTHROPIC -> "end_turn";
            case GEMINI -> "STOP";
        });
        assertThat(response.headers().firstValue("x-parley-provider")).contains(upstream.provider());

        RecordedRequest sent = UPSTREAM.fake().lastRequest();
        assertThat(sent.path()).isEqualTo(upstream.generationPath(client.protocol, stream));
        assertThat(sent.model()).contains(upstream.upstreamModel());
        assertThat(sent.bodyText()).contains("Say hello");
        String[] auth = upstream.authHeader(TestParley.PROVIDER_KEY);
        assertThat(sent.header(auth[0])).contains(auth[1]);
        // The client's own key never travels upstream, under any header.
        assertThat(sent.headers().values()).allSatisfy(values -> assertThat(values)
                .noneMatch(v -> v.contains(TestParley.KEY)));
        boolean anthropicBoth = client == ClientWire.ANTHROPIC && upstream == UpstreamType.ANTHROPIC;
        assertThat(sent.headers().containsKey("anthropic-beta")).isEqualTo(anthropicBoth);
        if (upstream == UpstreamType.ANTHROPIC) {
            assertThat(sent.header("anthropic-version")).contains("2023-06-01");
        }

        UsageRecord row = awaitRow(response);
        assertThat(row.protocol()).isEqualTo(client.protocol);
        assertThat(row.model()).isEqualTo(upstream.model());
        assertThat(row.stream()).isEqualTo(stream);
        assertThat(row.status()).isEqualTo(200);
        assertThat(row.usage().inputTokens()).isEqualTo(16);
        assertThat(row.usage().cacheReadTokens()).isEqualTo(4);
        assertThat(row.usage().outputTokens()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0} client, {1} provider, stream={2}")
    @MethodSource("matrix")
    void toolCallRoundTrip(ClientWire client, UpstreamType upstream, boolean stream) throws Exception {
        Protocol upstreamProtocol = upstream.protocolFor(client.protocol);
        // Pass-through forwards the client's tools as they are; translation makes names valid for the provider.
        String upstreamName = upstreamProtocol == client.protocol ? LONG_TOOL
                : ToolNames.forProtocol(LONG_TOOL, upstreamProtocol);
        UPSTREAM.enqueue(Reply.toolCall(upstreamName, "{\"city\":\"Oslo\"}", "call_oslo_1"));

        HttpResponse<String> first = send(client, upstream, stream,
                client.withTool(upstream.model(), stream, "Weather in Oslo?", LONG_TOOL));

        assertOk(first);
        assertThat(UPSTREAM.fake().lastRequest().bodyText()).contains(upstreamName);
        ClientWire.Answer call = client.read(first.body(), stream);
        assertThat(call.cleanEnd()).isTrue();
        assertThat(call.calls()).hasSize(1);
        ClientWire.Call made = call.calls().getFirst();
        assertThat(made.name()).isEqualTo(LONG_TOOL);
        assertThat(made.arguments()).isEqualTo(ClientWire.JSON.readTree("{\"city\":\"Oslo\"}"));
        assertThat(call.finish()).isEqualTo(switch (client) {
            case CHAT -> "tool_calls";
            case RESPONSES -> "completed";
            case ANTHROPIC -> "tool_use";
            case GEMINI -> "STOP";
        });
        if (client != ClientWire.GEMINI) {
            assertThat(made.id()).isNotBlank();
        }

        UPSTREAM.enqueue(Reply.text("It is 12 degrees in Oslo."));
        HttpResponse<String> second = send(client, upstream, stream, client.toolResult(upstream.model(), stream,
                "Weather in Oslo?", LONG_TOOL, made, "Sunny, 12 degrees"));

        assertOk(second);
        assertThat(client.read(second.body(), stream).text()).isEqualTo("It is 12 degrees in Oslo.");
        String sentBack = UPSTREAM.fake().lastRequest().bodyText();
        assertThat(sentBack).contains("Sunny, 12 degrees").contains(upstreamName);
    }

    @ParameterizedTest(name = "{0} client, {1} provider, stream={2}")
    @MethodSource("matrix")
    void imageInTheRequest(ClientWire client, UpstreamType upstream, boolean stream) throws Exception {
        UPSTREAM.enqueue(Reply.text("A single pixel."));

        HttpResponse<String> response = send(client, upstream, stream, client.image(upstream.model(), stream, PNG));

        assertOk(response);
        assertThat(client.read(response.body(), stream).text()).isEqualTo("A single pixel.");
        RecordedRequest sent = UPSTREAM.fake().lastRequest();
        assertThat(sent.bodyText()).contains(PNG).contains("image/png").contains("What is this?");
    }

}
