package dev.parley.core.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static final String STREAM = """
            event: message_start
            data: {"type":"message_start"}

            : ping

            data: {"a":1}
            data: {"b":"é"}

            data: [DONE]

            """;

    @Test
    void parsesNamedEventsMultiLineDataAndSkipsComments() {
        List<SseEvent> events = new SseParser().feed(utf8(STREAM));

        assertThat(events).extracting(SseEvent::name)
                .containsExactly(Optional.of("message_start"), Optional.empty(), Optional.empty());
        assertThat(events).extracting(SseEvent::data)
                .containsExactly("{\"type\":\"message_start\"}", "{\"a\":1}\n{\"b\":\"é\"}", "[DONE]");
        assertThat(events.get(2).isDone()).isTrue();
    }

    @Test
    void rawBytesOfEachEventAreForwardableUnchanged() {
        List<SseEvent> events = new SseParser().feed(utf8("data: x\r\n\r\ndata: y\n\n"));

        assertThat(new String(events.get(0).raw(), StandardCharsets.UTF_8)).isEqualTo("data: x\r\n\r\n");
        assertThat(new String(events.get(1).raw(), StandardCharsets.UTF_8)).isEqualTo("data: y\n\n");
    }

    @Test
    void acceptsCrOnlyLineEndings() {
        List<SseEvent> events = new SseParser().feed(utf8("data: a\r\rdata: b\r\r"));

        assertThat(events).extracting(SseEvent::data).containsExactly("a", "b");
    }

    @Test
    void reportsAnUnfinishedEventSoACutStreamIsDetected() {
        SseParser parser = new SseParser();
        parser.feed(utf8("data: {\"partial\""));

        assertThat(parser.hasPartialEvent()).isTrue();
    }

    @Test
    void refusesAnEventOverTheLimit() {
        SseParser parser = new SseParser(64);

        assertThatThrownBy(() -> parser.feed(utf8("data: " + "x".repeat(100))))
                .isInstanceOf(SseException.class)
                .hasMessageContaining("64 bytes");
    }

    @Test
    void builtEventsRoundTrip() {
        SseEvent built = SseEvent.of(Optional.of("error"), "{\"x\":1}\nsecond");

        List<SseEvent> parsed = new SseParser().feed(built.raw());

        assertThat(parsed).singleElement().satisfies(e -> {
            assertThat(e.name()).contains("error");
            assertThat(e.data()).isEqualTo("{\"x\":1}\nsecond");
        });
    }

    @Property
    void anySplitOfTheBytesGivesTheSameEvents(@ForAll @IntRange(min = 1, max = 40) int chunkSize,
                                             @ForAll @IntRange(min = 0, max = 7) int offset) {
        byte[] all = utf8(STREAM.replace("\n", offset % 2 == 0 ? "\n" : "\r\n"));
        SseParser parser = new SseParser();
        List<String> data = new ArrayList<>();
        int first = Math.min(offset, all.length);
        parser.feed(all, 0, first).forEach(e -> data.add(e.data()));
        for (int i = first; i < all.length; i += chunkSize) {
            parser.feed(all, i, Math.min(chunkSize, all.length - i)).forEach(e -> data.add(e.data()));
        }

        assertThat(data).containsExactly("{\"type\":\"message_start\"}", "{\"a\":1}\n{\"b\":\"é\"}", "[DONE]");
        assertThat(parser.hasPartialEvent()).isFalse();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
