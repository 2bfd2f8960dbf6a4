package dev.parley.core.codec.anthropic;

import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test plumbing: SSE text through a decoder, events through an encoder. */
final class Sse {

    private Sse() {
    }

    /** Decodes the whole text, then the end of the stream, as the server does at EOF. */
    static List<StreamEvent> decode(StreamDecoder decoder, String text) {
        List<StreamEvent> events = new ArrayList<>();
        for (SseEvent event : new SseParser().feed(text.getBytes(StandardCharsets.UTF_8))) {
            events.addAll(decoder.decode(event));
        }
        events.addAll(decoder.end());
        return events;
    }

    static String encode(StreamEncoder encoder, List<StreamEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (StreamEvent event : events) {
            out.writeBytes(encoder.encode(event));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
