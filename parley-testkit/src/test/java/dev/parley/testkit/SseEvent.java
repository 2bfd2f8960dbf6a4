package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** One server-sent event as a strict client parses it, so that framing mistakes fail the test. */
record SseEvent(Optional<String> event, String data) {

    JsonNode json() {
        return TestHttp.json(data);
    }

    /** Splits a whole stream body; every event must end with a blank line and carry exactly one data line. */
    static List<SseEvent> parse(String stream) {
        assertThat(stream).as("a stream ends with a blank line").endsWith("\n\n");
        List<SseEvent> events = new ArrayList<>();
        for (String block : stream.substring(0, stream.length() - 2).split("\n\n", -1)) {
            events.add(parseBlock(block));
        }
        return events;
    }

    static SseEvent parseBlock(String block) {
        Optional<String> event = Optional.empty();
        Optional<String> data = Optional.empty();
        for (String line : block.split("\n", -1)) {
            if (line.startsWith("event: ")) {
                assertThat(event).as("one event line in %s", block).isEmpty();
                event = Optional.of(line.substring("event: ".length()));
            } else if (line.startsWith("data: ")) {
                assertThat(data).as("one data line in %s", block).isEmpty();
                data = Optional.of(line.substring("data: ".length()));
            } else {
                throw new AssertionError("unexpected SSE line: '" + line + "' in " + block);
            }
        }
        return new SseEvent(event, data.orElseThrow(() -> new AssertionError("no data line in " + block)));
    }

    static List<String> names(List<SseEvent> events) {
        return events.stream().map(e -> e.event().orElse("")).toList();
    }

    static List<JsonNode> payloads(List<SseEvent> events) {
        return events.stream().map(SseEvent::json).toList();
    }
}
