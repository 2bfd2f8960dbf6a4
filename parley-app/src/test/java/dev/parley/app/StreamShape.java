package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Checks on a whole streamed body, read as its protocol's client reads it: that it is one answer (one message, one
 * response, one completion id), not two glued together, and that it ends with the protocol's error event.
 */
final class StreamShape {

    private StreamShape() {
    }

    static void assertOneStreamEndingInError(ClientWire client, String body) {
        List<SseEvent> events = new SseParser().feed(body.getBytes(StandardCharsets.UTF_8));
        assertThat(events).as(body).isNotEmpty();
        assertThat(events.stream().filter(SseEvent::isDone)).as("a failed stream is never marked done: " + body)
                .isEmpty();
        List<JsonNode> data = events.stream().map(e -> ClientWire.JSON.readTree(e.data())).toList();
        switch (client) {
            case CHAT -> {
                assertThat(ids(data, "id")).as("one completion: " + body).hasSizeLessThanOrEqualTo(1);
                assertThat(data.getLast().has("error")).as("ends with an error object: " + body).isTrue();
            }
            case RESPONSES -> {
                assertThat(names(events, "response.created")).as("one response: " + body).isEqualTo(1);
                assertThat(events.getLast().name().orElse(data.getLast().path("type").asString("")))
                        .as("ends with an error event: " + body).isIn("error", "response.failed");
            }
            case ANTHROPIC -> {
                assertThat(names(events, "message_start")).as("one message: " + body).isEqualTo(1);
                assertThat(events.getLast().name()).as("ends with an error event: " + body).contains("error");
            }
            case GEMINI -> {
                assertThat(ids(data, "responseId")).as("one response: " + body).hasSizeLessThanOrEqualTo(1);
                assertThat(data.getLast().has("error")).as("ends with an error object: " + body).isTrue();
            }
        }
    }

    private static long names(List<SseEvent> events, String name) {
        return events.stream().filter(e -> e.name().filter(name::equals).isPresent()).count();
    }

    private static Set<String> ids(List<JsonNode> data, String field) {
        return data.stream().map(d -> d.path(field).asString("")).filter(id -> !id.isEmpty())
                .collect(Collectors.toSet());
    }
}
