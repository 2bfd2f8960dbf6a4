package dev.parley.core.codec.chat;

import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Message;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.model.Tool;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Shared test inputs: a fixed clock, a client request with a function and a freeform tool, SSE plumbing. */
final class Fixtures {

    static final Instant NOW = Instant.ofEpochSecond(1767225600);
    static final ChatCodec CODEC = new ChatCodec(Clock.fixed(NOW, ZoneOffset.UTC));

    private Fixtures() {
    }

    /** What a Chat client asked: its model name, a function tool and a freeform (custom) tool. */
    static ChatRequest clientRequest(boolean stream, boolean streamUsage) {
        return ChatRequest.builder("my-client-model")
                .messages(List.of(Message.user("Weather in Oslo and Bergen?")))
                .tools(List.of(
                        new Tool.Function("get_weather", "", "{\"type\":\"object\"}", Optional.empty()),
                        new Tool.Custom("apply_patch", "", Optional.empty())))
                .stream(stream)
                .streamUsage(streamUsage)
                .build();
    }

    static List<SseEvent> sse(String text) {
        return new SseParser().feed(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every event the decoder makes from the stream, {@code end()} included (the upstream's EOF). */
    static List<StreamEvent> decode(String sse) {
        StreamDecoder decoder = CODEC.streamDecoder();
        List<StreamEvent> events = new ArrayList<>();
        for (SseEvent event : sse(sse)) {
            events.addAll(decoder.decode(event));
        }
        events.addAll(decoder.end());
        return events;
    }

    static String encode(List<StreamEvent> events, ChatRequest request) {
        StreamEncoder encoder = CODEC.streamEncoder(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(e -> out.writeBytes(encoder.encode(e)));
        return out.toString(StandardCharsets.UTF_8);
    }
}
