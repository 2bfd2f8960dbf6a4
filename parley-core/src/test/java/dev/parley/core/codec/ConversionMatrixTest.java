package dev.parley.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.Effort;
import dev.parley.core.model.Message;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.StreamAccumulator;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.model.Tool;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every client protocol against every upstream protocol, through the internal model. Three golden sets, each
 * also checked by meaning, not only by bytes:
 * <ul>
 *   <li>the captured requests of Claude Code, Codex and Gemini CLI written for each upstream protocol; the
 *       written request must read back as a valid request of that protocol with the same turns, calls and
 *       results;</li>
 *   <li>a streamed answer of each upstream protocol encoded for each client; the client's bytes, decoded again,
 *       must carry the same text, tool calls, finish reason and usage;</li>
 *   <li>the same for non-streamed answers.</li>
 * </ul>
 * Run with {@code -Dgolden.update=true} to rewrite the golden files after a deliberate change, then review the
 * diff.
 */
class ConversionMatrixTest {

    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final Path GOLDEN = Path.of("src/test/resources/golden/matrix");
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/clients");
    /** No CLI speaks Chat, so its client requests are the Chat codec's hand-written ones. */
    private static final Path CHAT_REQUESTS = Path.of("src/test/resources/golden/chat/requests");
    private static final Pattern GEMINI_PATH = Pattern.compile("/v1beta/models/([^:/]+):(\\w+)");
    private static final Pattern VOLATILE = Pattern.compile("\"(created|created_at)\":\\d+");

    static Stream<Arguments> fixturesAndUpstreams() throws IOException {
        List<Arguments> pairs = new ArrayList<>();
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path file : files.sorted().toList()) {
                if (clientProtocol(read(file).path("path").asString()).isPresent()) {
                    for (Protocol upstream : Protocol.values()) {
                        pairs.add(Arguments.of(file.getFileName().toString(), upstream));
                    }
                }
            }
        }
        try (Stream<Path> files = Files.list(CHAT_REQUESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".client.json")).sorted().toList()) {
                for (Protocol upstream : Protocol.values()) {
                    pairs.add(Arguments.of("openai-chat-" + file.getFileName().toString(), upstream));
                }
            }
        }
        return pairs.stream();
    }

    static Stream<Arguments> upstreamsAndClients() {
        List<Arguments> pairs = new ArrayList<>();
        for (Protocol upstream : Protocol.values()) {
            for (Protocol client : Protocol.values()) {
                pairs.add(Arguments.of(upstream, client));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("fixturesAndUpstreams")
    void capturedClientRequestsBecomeValidUpstreamRequests(String fixture, Protocol upstream) {
        JsonNode captured = fixture.startsWith("openai-chat-")
                ? chatRequest(CHAT_REQUESTS.resolve(fixture.substring("openai-chat-".length())))
                : read(FIXTURES.resolve(fixture));
        String path = captured.path("path").asString();
        Protocol client = clientProtocol(path).orElseThrow();
        ChatRequest request = Codecs.client(client).parseRequest(Json.bytes(captured.path("body")), target(path));

        UpstreamCall call = Codecs.upstream(upstream).writeRequest(request, "upstream-model");

        ObjectNode written = Json.objectNode();
        written.put("path", call.path());
        written.set("body", Json.object(call.body()));
        String name = fixture.replace(".json", "") + ".to-" + upstream.wireName() + ".json";
        assertGoldenJson(GOLDEN.resolve("requests").resolve(name), written);

        // The written body is a valid request of the upstream protocol, with the same conversation in it.
        String upstreamPath = call.path().startsWith("/v1/") || call.path().startsWith("/v1beta/")
                ? call.path() : "/v1" + call.path();
        ChatRequest reread = Codecs.client(upstream).parseRequest(call.body(), target(upstreamPath));
        assertThat(count(reread, Block.ToolCall.class)).as("tool calls").isEqualTo(count(request, Block.ToolCall.class));
        assertThat(count(reread, Block.ToolResult.class)).as("tool results")
                .isEqualTo(count(request, Block.ToolResult.class));
        assertThat(reread.model()).isEqualTo("upstream-model");
        // Text may be re-wrapped (a mid-conversation system message becomes a <system-reminder> turn), never lost.
        String rereadText = String.join("\n", texts(reread));
        assertThat(texts(request)).as("every text of the conversation survives")
                .allSatisfy(text -> assertThat(rereadText).contains(text));
        assertThat(new String(call.body(), StandardCharsets.UTF_8)).as("no key leaks upstream")
                .doesNotContain("sk-ant-fake").doesNotContain("parley1:");
    }

    @ParameterizedTest(name = "{0} stream -> {1} client")
    @MethodSource("upstreamsAndClients")
    void streamedAnswersReachEveryClient(Protocol upstream, Protocol client) {
        List<StreamEvent> events = decode(upstream, resource("upstream/" + upstream.wireName() + ".sse"));
        ChatResponse expected = accumulate(events);
        assertThat(expected.toolCalls()).as("the upstream sample decodes").hasSize(1);

        StreamEncoder encoder = Codecs.client(client).streamEncoder(clientRequest());
        StringBuilder sse = new StringBuilder();
        for (StreamEvent event : events) {
            sse.append(new String(encoder.encode(event), StandardCharsets.UTF_8));
        }

        assertGoldenText(GOLDEN.resolve("streams").resolve(upstream.wireName() + ".to-" + client.wireName() + ".sse"),
                VOLATILE.matcher(sse).replaceAll("\"$1\":0"));
        ChatResponse seen = accumulate(decode(client, sse.toString()));
        assertSameAnswer(seen, expected, client);
    }

    @ParameterizedTest(name = "{0} answer -> {1} client")
    @MethodSource("upstreamsAndClients")
    void answersReachEveryClient(Protocol upstream, Protocol client) {
        ChatResponse expected = Codecs.upstream(upstream)
                .parseResponse(resource("upstream/" + upstream.wireName() + ".json").getBytes(StandardCharsets.UTF_8));
        assertThat(expected.toolCalls()).as("the upstream sample parses").hasSize(1);

        byte[] body = Codecs.client(client).writeResponse(expected, clientRequest());

        ObjectNode written = Json.object(body);
        String normalized = VOLATILE.matcher(Json.text(written)).replaceAll("\"$1\":0");
        assertGoldenJson(GOLDEN.resolve("responses").resolve(upstream.wireName() + ".to-" + client.wireName() + ".json"),
                Json.object(normalized.getBytes(StandardCharsets.UTF_8)));
        assertSameAnswer(Codecs.upstream(client).parseResponse(body), expected, client);
    }

    private static void assertSameAnswer(ChatResponse seen, ChatResponse expected, Protocol client) {
        assertThat(seen.text()).isEqualTo(expected.text());
        assertThat(seen.finish()).isEqualTo(expected.finish());
        assertThat(seen.toolCalls()).hasSameSizeAs(expected.toolCalls());
        for (int i = 0; i < expected.toolCalls().size(); i++) {
            Block.ToolCall want = expected.toolCalls().get(i);
            Block.ToolCall got = seen.toolCalls().get(i);
            assertThat(got.name()).isEqualTo(want.name());
            assertThat(Json.parse(got.arguments(), "got")).isEqualTo(Json.parse(want.arguments(), "want"));
            assertThat(got.id()).as("call id kept for " + client).isEqualTo(want.id());
        }
        assertThat(seen.model()).isEqualTo("client-model");
        assertThat(seen.usage().outputTokens()).isEqualTo(expected.usage().outputTokens());
        assertThat(seen.usage().inputTokens() + seen.usage().cacheReadTokens() + seen.usage().cacheWriteTokens())
                .isEqualTo(expected.usage().inputTokens() + expected.usage().cacheReadTokens()
                        + expected.usage().cacheWriteTokens());
    }

    /** What a client asked, as the encoders need it: its model name, usage in streams, thoughts shown, a tool. */
    private static ChatRequest clientRequest() {
        return ChatRequest.builder("client-model")
                .messages(List.of(Message.user("Weather in Oslo?")))
                .tools(List.of(new Tool.Function("get_weather", "Current weather for a city",
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}",
                        Optional.empty())))
                .reasoning(new Reasoning(Optional.of(Effort.MEDIUM), OptionalInt.empty(), true))
                .stream(true)
                .streamUsage(true)
                .build();
    }

    private static List<StreamEvent> decode(Protocol protocol, String sse) {
        StreamDecoder decoder = Codecs.upstream(protocol).streamDecoder();
        List<StreamEvent> events = new ArrayList<>();
        SseParser parser = new SseParser();
        for (SseEvent event : parser.feed(sse.getBytes(StandardCharsets.UTF_8))) {
            events.addAll(decoder.decode(event));
        }
        events.addAll(decoder.end());
        return events;
    }

    private static ChatResponse accumulate(List<StreamEvent> events) {
        StreamAccumulator accumulator = new StreamAccumulator();
        events.forEach(accumulator::accept);
        assertThat(accumulator.failure()).as("no failure in " + events).isEmpty();
        assertThat(accumulator.done()).as("stream completed: " + events).isTrue();
        return accumulator.response();
    }

    private static long count(ChatRequest request, Class<? extends Block> type) {
        return request.messages().stream().flatMap(m -> m.blocks().stream()).filter(type::isInstance).count();
    }

    private static List<String> texts(ChatRequest request) {
        return request.messages().stream()
                .flatMap(m -> m.blocks().stream())
                .filter(Block.Text.class::isInstance)
                .map(b -> ((Block.Text) b).text().strip())
                .filter(t -> !t.isEmpty())
                .toList();
    }

    private static Optional<Protocol> clientProtocol(String path) {
        if (path.startsWith("/v1/messages")) {
            return Optional.of(Protocol.ANTHROPIC_MESSAGES);
        }
        if (path.startsWith("/v1/responses")) {
            return Optional.of(Protocol.OPENAI_RESPONSES);
        }
        if (path.startsWith("/v1/chat/completions")) {
            return Optional.of(Protocol.OPENAI_CHAT);
        }
        return GEMINI_PATH.matcher(path).find() ? Optional.of(Protocol.GEMINI) : Optional.empty();
    }

    private static RequestTarget target(String path) {
        Matcher gemini = GEMINI_PATH.matcher(path);
        if (gemini.find()) {
            return new RequestTarget(Optional.of(gemini.group(1)), gemini.group(2).equals("streamGenerateContent"));
        }
        return RequestTarget.BODY;
    }

    private static JsonNode chatRequest(Path file) {
        ObjectNode request = Json.objectNode();
        request.put("path", "/v1/chat/completions");
        request.set("body", read(file));
        return request;
    }

    private static JsonNode read(Path file) {
        try {
            return Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try {
            return Files.readString(GOLDEN.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertGoldenJson(Path golden, JsonNode actual) {
        try {
            if (UPDATE || !Files.exists(golden)) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
                if (!UPDATE) {
                    throw new AssertionError("golden file was missing and has been written; review it: " + golden);
                }
            }
            assertThat(actual).as(golden.toString()).isEqualTo(Json.MAPPER.readTree(Files.readAllBytes(golden)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertGoldenText(Path golden, String actual) {
        try {
            if (UPDATE || !Files.exists(golden)) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, actual);
                if (!UPDATE) {
                    throw new AssertionError("golden file was missing and has been written; review it: " + golden);
                }
            }
            assertThat(actual).as(golden.toString()).isEqualTo(Files.readString(golden));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
