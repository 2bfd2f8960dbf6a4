package dev.parley.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import dev.parley.testkit.Usage;
import dev.parley.testkit.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The official Node SDKs (openai, @anthropic-ai/sdk, @google/genai) against Parley, each served from a provider of
 * another protocol, streaming and not; and straight against the fake, to prove the scripts. The scripts live in
 * {@code src/test/resources/e2e/sdk} and are copied into a temporary folder for each run.
 */
@ExtendWith(NpmTools.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SdkE2eTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Usage USAGE = Usage.of(21, 9);

    @RegisterExtension
    static final FakeBehindParley UPSTREAM = new FakeBehindParley();
    private final ObjectMapper json = new ObjectMapper();

    /** One SDK call: which script and mode, which protocol the SDK speaks, how Parley serves it. */
    enum Call {
        OPENAI_CHAT("openai.cjs", "chat", WireFormat.OPENAI_CHAT, E2eParley.OPENAI_CHAT_VIA_ANTHROPIC, "stop"),
        OPENAI_CHAT_STREAM("openai.cjs", "chat-stream", WireFormat.OPENAI_CHAT, E2eParley.OPENAI_CHAT_VIA_ANTHROPIC,
                "stop"),
        OPENAI_RESPONSES("openai.cjs", "responses", WireFormat.OPENAI_RESPONSES,
                E2eParley.OPENAI_RESPONSES_VIA_GEMINI, "completed"),
        OPENAI_RESPONSES_STREAM("openai.cjs", "responses-stream", WireFormat.OPENAI_RESPONSES,
                E2eParley.OPENAI_RESPONSES_VIA_GEMINI, "completed"),
        ANTHROPIC_MESSAGES("anthropic.cjs", "messages", WireFormat.ANTHROPIC, E2eParley.ANTHROPIC_VIA_CHAT,
                "end_turn"),
        ANTHROPIC_MESSAGES_STREAM("anthropic.cjs", "messages-stream", WireFormat.ANTHROPIC,
                E2eParley.ANTHROPIC_VIA_CHAT, "end_turn"),
        GENAI_GENERATE("genai.cjs", "generate", WireFormat.GEMINI, E2eParley.GENAI_VIA_ANTHROPIC, "STOP"),
        GENAI_GENERATE_STREAM("genai.cjs", "generate-stream", WireFormat.GEMINI, E2eParley.GENAI_VIA_ANTHROPIC,
                "STOP");

        final String script;
        final String mode;
        final WireFormat protocol;
        final E2eParley.Hop hop;
        final String finish;

        Call(String script, String mode, WireFormat protocol, E2eParley.Hop hop, String finish) {
            this.script = script;
            this.mode = mode;
            this.protocol = protocol;
            this.hop = hop;
            this.finish = finish;
        }

        boolean streams() {
            return mode.endsWith("-stream");
        }
    }

    static Stream<Arguments> calls() {
        return Stream.of(Call.values()).flatMap(call -> Stream.of(Arguments.of(call, "direct"),
                Arguments.of(call, "parley")));
    }

    private static Target target(Call call, String route) {
        return route.equals("direct")
                ? Target.direct(UPSTREAM.baseUrl(), "sdk-direct-" + call.protocol.name().toLowerCase(), call.protocol)
                : Target.viaParley(UPSTREAM.parley(), call.hop);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("calls")
    void generatesText(Call call, String route, @TempDir Path dir) throws Exception {
        Target target = target(call, route);
        String pong = "PONG-" + UUID.randomUUID().toString().substring(0, 8) + " and some more words";
        UPSTREAM.fake().forModel(target.upstreamModel(), Reply.text(pong).withUsage(USAGE).withTextChunks(4));

        ProcessRun.Result result = node(dir, call.script, call.mode, target);

        String context = result.describe() + "\n" + UpstreamRequests.summary(UPSTREAM.fake());
        assertThat(result.exitCode()).as(context).isZero();
        JsonNode out = json.readTree(lastLine(result.stdout()));
        assertThat(out.path("text").asString("")).as(context).isEqualTo(pong);
        if (out.has("finalText")) {
            assertThat(out.path("finalText").asString("")).as(context).isEqualTo(pong);
        }
        assertThat(out.path("finish").asString("")).as(context).isEqualTo(call.finish);
        assertThat(out.path("inputTokens").asLong(-1)).as(context + "\ninput tokens").isEqualTo(USAGE.inputTokens());
        assertThat(out.path("outputTokens").asLong(-1)).as(context + "\noutput tokens")
                .isEqualTo(USAGE.outputTokens());
        if (call.streams()) {
            assertThat(out.path("events").asInt(0)).as(context + "\nstreamed events").isGreaterThan(1);
        }
        List<RecordedRequest> turns = UpstreamRequests.generations(UPSTREAM.fake(), target.upstreamModel());
        assertThat(turns).as(context).hasSize(1);
        assertThat(turns.getFirst().format()).as(context).contains(target.upstream());
        assertThat(turns.getFirst().bodyText()).as(context).contains("Reply with the single word PONG.");
    }

    static Stream<Arguments> toolCalls() {
        return Stream.of(
                Arguments.of("openai.cjs", "chat-tools", WireFormat.OPENAI_CHAT, E2eParley.OPENAI_CHAT_VIA_ANTHROPIC,
                        "tool_calls", "stop"),
                Arguments.of("openai.cjs", "responses-tools", WireFormat.OPENAI_RESPONSES,
                        E2eParley.OPENAI_RESPONSES_VIA_GEMINI, "completed", "completed"),
                Arguments.of("anthropic.cjs", "messages-tools", WireFormat.ANTHROPIC, E2eParley.ANTHROPIC_VIA_CHAT,
                        "tool_use", "end_turn"),
                Arguments.of("genai.cjs", "generate-tools", WireFormat.GEMINI, E2eParley.GENAI_VIA_ANTHROPIC, "STOP",
                        "STOP"))
                .flatMap(args -> Stream.of("direct", "parley").map(route -> {
                    Object[] values = Arrays.copyOf(args.get(), args.get().length + 1);
                    values[values.length - 1] = route;
                    return Arguments.of(values);
                }));
    }

    /** A tool call from the model reaches the SDK whole; the SDK's tool result reaches the provider. */
    @ParameterizedTest(name = "{1} {6}")
    @MethodSource("toolCalls")
    void roundTripsAToolCall(String script, String mode, WireFormat protocol, E2eParley.Hop hop, String firstFinish,
            String finish, String route, @TempDir Path dir) throws Exception {
        Target target = route.equals("direct")
                ? Target.direct(UPSTREAM.baseUrl(), "sdk-direct-tools-" + protocol.name().toLowerCase(), protocol)
                : Target.viaParley(UPSTREAM.parley(), hop);
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        String marker = "TOOL_OK_" + nonce;
        String done = "DONE-" + nonce;
        UPSTREAM.fake().forModel(target.upstreamModel(), Reply.toolCall("get_marker", "{\"city\":\"Oslo\"}"),
                Reply.text(done));

        ProcessRun.Result result = node(dir, script, mode, target, Map.of("MARKER", marker));

        String context = result.describe() + "\n" + UpstreamRequests.summary(UPSTREAM.fake());
        assertThat(result.exitCode()).as(context).isZero();
        JsonNode out = json.readTree(lastLine(result.stdout()));
        assertThat(out.path("toolName").asString("")).as(context).isEqualTo("get_marker");
        assertThat(out.path("toolArgs").path("city").asString("")).as(context).isEqualTo("Oslo");
        assertThat(out.path("firstFinish").asString("")).as(context).isEqualTo(firstFinish);
        assertThat(out.path("text").asString("")).as(context).isEqualTo(done);
        assertThat(out.path("finish").asString("")).as(context).isEqualTo(finish);
        List<RecordedRequest> turns = UpstreamRequests.generations(UPSTREAM.fake(), target.upstreamModel());
        assertThat(turns).as(context).hasSize(2);
        assertThat(turns).as(context).allSatisfy(turn -> assertThat(turn.format()).contains(target.upstream()));
        assertThat(UpstreamRequests.toolResults(turns.get(1))).as(context).anySatisfy(
                output -> assertThat(output).contains(marker));
    }

    static Stream<Arguments> tokenCounts() {
        return Stream.of(Arguments.of("anthropic.cjs", WireFormat.ANTHROPIC, E2eParley.ANTHROPIC_VIA_CHAT, "direct"),
                Arguments.of("anthropic.cjs", WireFormat.ANTHROPIC, E2eParley.ANTHROPIC_VIA_CHAT, "parley"),
                Arguments.of("genai.cjs", WireFormat.GEMINI, E2eParley.GENAI_VIA_ANTHROPIC, "direct"),
                Arguments.of("genai.cjs", WireFormat.GEMINI, E2eParley.GENAI_VIA_ANTHROPIC, "parley"));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("tokenCounts")
    void countsTokens(String script, WireFormat protocol, E2eParley.Hop hop, String route, @TempDir Path dir)
            throws Exception {
        Target target = route.equals("direct")
                ? Target.direct(UPSTREAM.baseUrl(), "sdk-direct-count", protocol)
                : Target.viaParley(UPSTREAM.parley(), hop);

        ProcessRun.Result result = node(dir, script, "count-tokens", target);

        String context = result.describe() + "\n" + UpstreamRequests.summary(UPSTREAM.fake());
        assertThat(result.exitCode()).as(context).isZero();
        JsonNode out = json.readTree(lastLine(result.stdout()));
        assertThat(out.path("count").asLong(0)).as(context).isPositive();
    }

    static ProcessRun.Result node(Path dir, String script, String mode, Target target) {
        return node(dir, script, mode, target, Map.of());
    }

    private static ProcessRun.Result node(Path dir, String script, String mode, Target target,
            Map<String, String> extra) {
        Sandbox sandbox = Sandbox.in(dir);
        Path file = sandbox.work().resolve(script);
        try (InputStream in = SdkE2eTest.class.getResourceAsStream("/e2e/sdk/" + script)) {
            if (in == null) {
                throw new AssertionError("missing test resource e2e/sdk/" + script);
            }
            Files.copy(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = sandbox.baseEnvironment();
        env.put("NODE_PATH", NpmTools.nodeModules().toString());
        env.put("BASE_URL", target.baseUrl());
        env.put("API_KEY", target.key());
        env.put("MODEL", target.model());
        env.putAll(extra);
        return ProcessRun.of(NpmTools.node().toString(), file.toString(), mode).directory(sandbox.work())
                .environment(env).timeout(TIMEOUT).run();
    }

    private static String lastLine(String stdout) {
        String[] lines = stdout.strip().split("\n");
        return lines[lines.length - 1];
    }
}
