package dev.parley.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.Codecs;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.UsageFields;
import dev.parley.core.codec.anthropic.AnthropicUsage;
import dev.parley.core.codec.chat.ChatUsage;
import dev.parley.core.codec.gemini.GeminiUsage;
import dev.parley.core.codec.responses.ResponsesUsage;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import dev.parley.core.tokens.UsageMeter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Recorded-style usage of each protocol, whole and streamed, → the normalized {@link TokenUsage}, against the
 * golden files in {@code golden/usage} ({@code name.json} or {@code name.sse} → {@code name.usage.txt}). Run with
 * {@code -Dgolden.update=true} to rewrite them, then check each against spec 7.9 before committing.
 */
class UsageGoldenTest {

    private static final Path DIR = Path.of("src/test/resources/golden/usage");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static Stream<Arguments> wholeUsage() {
        return Stream.of(
                Arguments.of("chat-plain", (Function<JsonNode, Optional<TokenUsage>>) ChatUsage::read),
                Arguments.of("chat-cached-reasoning", (Function<JsonNode, Optional<TokenUsage>>) ChatUsage::read),
                Arguments.of("responses-cached-reasoning",
                        (Function<JsonNode, Optional<TokenUsage>>) ResponsesUsage::read),
                Arguments.of("anthropic-cache-ttl", (Function<JsonNode, Optional<TokenUsage>>) AnthropicUsage::read),
                Arguments.of("gemini-cached-thoughts", (Function<JsonNode, Optional<TokenUsage>>) GeminiUsage::read));
    }

    @ParameterizedTest
    @MethodSource("wholeUsage")
    void aWholeAnswersUsageIsNormalized(String name, Function<JsonNode, Optional<TokenUsage>> reader) {
        JsonNode usage = Json.parse(read(name + ".json"), name);

        TokenUsage normalized = reader.apply(usage).orElseThrow();

        assertGolden(name, normalized);
        assertThat(Json.parse(normalized.raw().orElseThrow(), "raw")).isEqualTo(usage);
    }

    static Stream<Arguments> wholeUsageWithText() {
        return Stream.of(
                Arguments.of("chat-plain", (BiFunction<JsonNode, String, Optional<TokenUsage>>) ChatUsage::read),
                Arguments.of("chat-cached-reasoning",
                        (BiFunction<JsonNode, String, Optional<TokenUsage>>) ChatUsage::read),
                Arguments.of("responses-cached-reasoning",
                        (BiFunction<JsonNode, String, Optional<TokenUsage>>) ResponsesUsage::read),
                Arguments.of("anthropic-cache-ttl",
                        (BiFunction<JsonNode, String, Optional<TokenUsage>>) AnthropicUsage::read),
                Arguments.of("gemini-cached-thoughts",
                        (BiFunction<JsonNode, String, Optional<TokenUsage>>) GeminiUsage::read));
    }

    /** Read with the text it came from, a usage has the same counts, and that text, as sent, is its raw text. */
    @ParameterizedTest
    @MethodSource("wholeUsageWithText")
    void aUsageReadWithItsTextKeepsThatTextAsItsRawText(String name,
                                                        BiFunction<JsonNode, String, Optional<TokenUsage>> reader) {
        String text = read(name + ".json");
        JsonNode usage = Json.parse(text, name);

        TokenUsage withText = reader.apply(usage, text).orElseThrow();

        assertThat(withText.raw()).contains(text);
        assertThat(withText).usingRecursiveComparison().ignoringFields("raw")
                .isEqualTo(reader.apply(usage, UsageFields.raw(usage)).orElseThrow());
        assertThat(reader.apply(Json.parse("null", "null"), "null")).isEmpty();
    }

    @Test
    void chatUsageFromItsBytesKeepsThemAsItsRawText() {
        String text = read("chat-cached-reasoning.json");

        TokenUsage fromBytes = UsageFields.parse(text.getBytes(StandardCharsets.UTF_8), ChatUsage::read).orElseThrow();

        assertThat(fromBytes.raw()).contains(text);
        assertThat(fromBytes).usingRecursiveComparison().ignoringFields("raw")
                .isEqualTo(ChatUsage.read(Json.parse(text, "chat")).orElseThrow());
        assertThat(UsageFields.parse("null".getBytes(StandardCharsets.UTF_8), ChatUsage::read)).isEmpty();
    }

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("chat-stream", Protocol.OPENAI_CHAT),
                Arguments.of("chat-stream-cut", Protocol.OPENAI_CHAT),
                Arguments.of("anthropic-stream", Protocol.ANTHROPIC_MESSAGES),
                Arguments.of("anthropic-stream-cut", Protocol.ANTHROPIC_MESSAGES),
                Arguments.of("gemini-stream", Protocol.GEMINI));
    }

    /** A stream metered as the relays meter it; a cut one is estimated (the request's input counts 10 here). */
    @ParameterizedTest
    @MethodSource("streams")
    void aStreamsUsageIsMeteredAndEstimatedWhenCut(String name, Protocol protocol) {
        StreamDecoder decoder = Codecs.upstream(protocol).streamDecoder();
        UsageMeter meter = new UsageMeter();
        for (SseEvent event : new SseParser().feed(read(name + ".sse").getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            decoder.decode(event).forEach(meter::accept);
        }
        decoder.end().forEach(meter::accept);

        assertGolden(name, meter.settle(() -> 10));
    }

    private static void assertGolden(String name, TokenUsage usage) {
        String text = describe(usage);
        Path golden = DIR.resolve(name + ".usage.txt");
        if (UPDATE) {
            write(golden, text);
        }
        assertThat(text).as(name).isEqualTo(read(name + ".usage.txt"));
    }

    /** One line per figure, so that a change in one shows in review. */
    private static String describe(TokenUsage u) {
        return "input " + u.inputTokens() + "\ncache_read " + u.cacheReadTokens() + "\ncache_write "
                + u.cacheWriteTokens() + "\ncache_write_5m " + u.cacheWrites().fiveMinutes() + "\ncache_write_1h "
                + u.cacheWrites().oneHour() + "\noutput " + u.outputTokens() + "\nreasoning " + u.reasoningTokens()
                + "\naudio_input " + u.modalities().audioInput() + "\nimage_input " + u.modalities().imageInput()
                + "\naudio_output " + u.modalities().audioOutput() + "\nimage_output " + u.modalities().imageOutput()
                + "\nsource " + u.source() + "\nraw " + u.raw().orElse("-") + "\n";
    }

    private static String read(String file) {
        try {
            return Files.readString(DIR.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
