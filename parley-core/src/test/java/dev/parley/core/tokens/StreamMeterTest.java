package dev.parley.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.Codecs;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import dev.parley.core.usage.TokenUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lazy meter of a passed-through stream against a full decode of every event, on every stream of the golden
 * files and a few irregular ones, cut after each of its events, with and without the upstream's end (a cut
 * stream, a client that hung up), and with the kept events bounded so that it decodes as it goes.
 */
class StreamMeterTest {

    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final Path GOLDEN = RESOURCES.resolve("golden");

    static Stream<Arguments> streams() {
        return Stream.of(
                streams(Protocol.OPENAI_CHAT, "chat/streams", "", "usage", "chat-stream", "chat-"),
                streams(Protocol.ANTHROPIC_MESSAGES, "anthropic/stream", "", "usage", "anthropic-stream",
                        "anthropic-"),
                streams(Protocol.OPENAI_RESPONSES, "responses", "stream", "usage", "responses-stream", "responses-"),
                streams(Protocol.GEMINI, "gemini/streams", "", "usage", "gemini-stream", "gemini-"))
                .flatMap(s -> s);
    }

    /** The protocol's own stream goldens, its usage streams, its matrix streams, and the irregular fixtures. */
    private static Stream<Arguments> streams(Protocol protocol, String dir, String dirFilter, String usageDir,
            String usagePrefix, String fixturePrefix) {
        String wire = protocol.name().toLowerCase().replace('_', '-');
        List<Path> files = new ArrayList<>();
        files.addAll(sse(GOLDEN.resolve(dir), dirFilter));
        files.addAll(sse(GOLDEN.resolve(usageDir), usagePrefix));
        files.addAll(sse(GOLDEN.resolve("matrix/upstream"), wire + "."));
        files.addAll(sse(GOLDEN.resolve("matrix/streams"), "").stream()
                .filter(p -> p.getFileName().toString().endsWith(".to-" + wire + ".sse")).toList());
        files.addAll(sse(RESOURCES.resolve("fixtures/meter"), fixturePrefix));
        assertThat(files).as(protocol + " streams").hasSizeGreaterThan(3);
        return files.stream().map(f -> Arguments.of(protocol, RESOURCES.relativize(f).toString()));
    }

    private static List<Path> sse(Path dir, String contains) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".sse"))
                    .filter(p -> p.getFileName().toString().contains(contains)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("streams")
    void settlesAsAFullDecodeWhereverTheStreamStops(Protocol protocol, String file) {
        List<SseEvent> events = events(file);
        for (int cut = 0; cut <= events.size(); cut++) {
            for (boolean ended : new boolean[] {true, false}) {
                TokenUsage full = fullDecode(protocol, events.subList(0, cut), ended);
                for (int keep : new int[] {StreamMeter.KEEP_BYTES, 0, 400}) {
                    StreamMeter meter = new StreamMeter(decoders(protocol, new int[1]), keep);
                    events.subList(0, cut).forEach(meter::accept);
                    if (ended) {
                        meter.end();
                    }
                    String at = "%s after %d of %d events, %s, keeping %d bytes".formatted(file, cut,
                            events.size(), ended ? "ended" : "hung up", keep);
                    assertThat(meter.counts()).as("counts, " + at).isEqualTo(!full.isReported());
                    assertThat(meter.settle(() -> 7)).as(at).isEqualTo(full);
                }
            }
        }
    }

    /** A complete answer with its usage decodes only the few events that carry it, whatever the protocol. */
    @ParameterizedTest
    @MethodSource("completeAnswers")
    void aCompleteAnswerDecodesOnlyWhatTheBillNeeds(Protocol protocol, String file, int billingEvents) {
        List<SseEvent> events = events(file);
        int[] decoded = new int[1];
        StreamMeter meter = new StreamMeter(decoders(protocol, decoded));
        events.forEach(meter::accept);
        meter.end();

        boolean counts = meter.counts();
        TokenUsage usage = meter.settle(() -> 7);

        assertThat(counts).isFalse();
        assertThat(usage.isReported()).isTrue();
        assertThat(usage).isEqualTo(fullDecode(protocol, events, true));
        assertThat(decoded[0]).as("events decoded of %d", events.size()).isEqualTo(billingEvents);
    }

    static Stream<Arguments> completeAnswers() {
        return Stream.of(
                // the usage chunk and [DONE]
                Arguments.of(Protocol.OPENAI_CHAT, "golden/matrix/upstream/openai-chat.sse", 2),
                // message_start, message_delta, message_stop
                Arguments.of(Protocol.ANTHROPIC_MESSAGES, "golden/matrix/upstream/anthropic-messages.sse", 3),
                // response.completed
                Arguments.of(Protocol.OPENAI_RESPONSES, "golden/matrix/upstream/openai-responses.sse", 1),
                // the finishing chunk and the last running usage before it, of four chunks that all carry usage
                Arguments.of(Protocol.GEMINI, "golden/matrix/upstream/gemini.sse", 2));
    }

    /** A stream cut before its usage needs the text: every event is decoded then, once. */
    @Test
    void aCutStreamIsDecodedOnceWhenSettled() {
        List<SseEvent> events = events("golden/usage/anthropic-stream-cut.sse");
        int[] decoded = new int[1];
        StreamMeter meter = new StreamMeter(decoders(Protocol.ANTHROPIC_MESSAGES, decoded));
        events.forEach(meter::accept);
        meter.end();
        boolean counts = meter.counts();
        int beforeSettling = decoded[0];

        TokenUsage usage = meter.settle(() -> 7);
        TokenUsage again = meter.settle(() -> 7);

        assertThat(counts).isTrue();
        assertThat(beforeSettling).as("asking whether it counts decodes nothing more").isEqualTo(1); // message_start
        assertThat(decoded[0]).isEqualTo(beforeSettling + events.size());
        assertThat(usage.source()).isEqualTo(TokenUsage.Source.PARTIAL);
        assertThat(again).isEqualTo(usage);
    }

    /** Past the bound the kept events are decoded at once, and each later one as it arrives. */
    @Test
    void pastTheBoundEventsAreDecodedAsTheyArrive() {
        List<SseEvent> events = events("golden/matrix/upstream/anthropic-messages.sse");
        int[] decoded = new int[1];
        StreamMeter meter = new StreamMeter(decoders(Protocol.ANTHROPIC_MESSAGES, decoded),
                events.getFirst().raw().length + events.get(1).raw().length);
        meter.accept(events.getFirst());
        meter.accept(events.get(1));
        assertThat(decoded[0]).isEqualTo(1);

        meter.accept(events.get(2));
        assertThat(decoded[0]).as("the billing decode, then the three kept ones").isEqualTo(4);
        meter.accept(events.get(3));
        assertThat(decoded[0]).isEqualTo(5);
    }

    private static TokenUsage fullDecode(Protocol protocol, List<SseEvent> events, boolean ended) {
        StreamDecoder decoder = Codecs.upstream(protocol).streamDecoder();
        UsageMeter meter = new UsageMeter();
        boolean readable = true;
        for (SseEvent event : events) {
            readable = readable && feed(meter, () -> decoder.decode(event));
        }
        if (ended && readable) {
            feed(meter, decoder::end);
        }
        return meter.settle(() -> 7);
    }

    private static boolean feed(UsageMeter meter, Supplier<List<StreamEvent>> events) {
        try {
            events.get().forEach(meter::accept);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Fresh decoders of the protocol that count the events they decode, in {@code count[0]}. */
    private static Supplier<StreamDecoder> decoders(Protocol protocol, int[] count) {
        return () -> new StreamDecoder() {
            private final StreamDecoder decoder = Codecs.upstream(protocol).streamDecoder();

            @Override
            public List<StreamEvent> decode(SseEvent event) {
                count[0]++;
                return decoder.decode(event);
            }

            @Override
            public List<StreamEvent> end() {
                return decoder.end();
            }

            @Override
            public Billing billing(SseEvent event) {
                return decoder.billing(event);
            }
        };
    }

    private static List<SseEvent> events(String file) {
        try {
            return new SseParser().feed(Files.readAllBytes(RESOURCES.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
