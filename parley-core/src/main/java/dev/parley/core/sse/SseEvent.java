package dev.parley.core.sse;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One server-sent event as it arrived: its raw bytes (so a pass-through can forward them untouched), the
 * {@code event:} name if any, and the joined {@code data:} lines.
 */
public record SseEvent(byte[] raw, Optional<String> name, String data) {

    public SseEvent {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }

    /** An event built by Parley itself, framed the standard way. */
    public static SseEvent of(Optional<String> name, String data) {
        StringBuilder text = new StringBuilder(data.length() + 32);
        name.ifPresent(n -> text.append("event: ").append(n).append('\n'));
        for (String line : data.split("\n", -1)) {
            text.append("data: ").append(line).append('\n');
        }
        text.append('\n');
        return new SseEvent(text.toString().getBytes(StandardCharsets.UTF_8), name, data);
    }

    /** OpenAI Chat's end-of-stream marker. */
    public boolean isDone() {
        return "[DONE]".equals(data);
    }
}
