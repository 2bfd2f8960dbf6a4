package dev.parley.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * {@link SseParser} over arbitrary bytes in arbitrary chunkings: the same events (names and data) and the same
 * unfinished tail whether the stream comes whole, a byte at a time or in random pieces; the raw bytes it keeps are
 * pieces of the input, in order, and each event's raw bytes parse alone to that event, which is what a pass-through forwards.
 * Seeds (upstream streams of every protocol) are in {@code SseParserFuzzTestInputs/chunkings/}.
 */
class SseParserFuzzTest {

    private record Parsed(List<Optional<String>> names, List<String> data, boolean partial) {
    }

    @FuzzTest
    void chunkings(byte[] input) {
        List<SseEvent> whole = new ArrayList<>();
        SseParser wholeParser = new SseParser();
        whole.addAll(wholeParser.feed(input));
        Parsed expected = parsed(checkedRaw(whole, input), wholeParser.hasPartialEvent());

        assertThat(chunked(input, 1)).isEqualTo(expected);
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(input));
        for (int round = 0; round < 3; round++) {
            assertThat(randomlyChunked(input, random)).isEqualTo(expected);
        }
        for (SseEvent event : whole) {
            List<SseEvent> alone = new SseParser().feed(event.raw());
            assertThat(alone).hasSize(1);
            assertThat(alone.getFirst().name()).isEqualTo(event.name());
            assertThat(alone.getFirst().data()).isEqualTo(event.data());
        }
    }

    private static Parsed chunked(byte[] input, int size) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        for (int at = 0; at < input.length; at += size) {
            events.addAll(parser.feed(input, at, Math.min(size, input.length - at)));
        }
        return parsed(checkedRaw(events, input), parser.hasPartialEvent());
    }

    private static Parsed randomlyChunked(byte[] input, SplittableRandom random) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        int at = 0;
        while (at < input.length) {
            int size = Math.min(input.length - at, random.nextInt(1, 64));
            byte[] chunk = Arrays.copyOfRange(input, at, at + size); // the parser sees only its own chunk
            events.addAll(parser.feed(chunk));
            at += size;
        }
        return parsed(checkedRaw(events, input), parser.hasPartialEvent());
    }

    /** Each event's raw bytes are a piece of the input, the pieces in order (blocks without an event are dropped). */
    private static List<SseEvent> checkedRaw(List<SseEvent> events, byte[] input) {
        int from = 0;
        for (SseEvent event : events) {
            int at = indexOf(input, event.raw(), from);
            assertThat(at).as("raw bytes of an event found in the input").isNotNegative();
            from = at + event.raw().length;
        }
        return events;
    }

    private static int indexOf(byte[] input, byte[] part, int from) {
        for (int at = from; at + part.length <= input.length; at++) {
            if (Arrays.equals(input, at, at + part.length, part, 0, part.length)) {
                return at;
            }
        }
        return -1;
    }

    private static Parsed parsed(List<SseEvent> events, boolean partial) {
        return new Parsed(events.stream().map(SseEvent::name).toList(), events.stream().map(SseEvent::data).toList(),
                partial);
    }
}
