package dev.parley.core.sse;

import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An incremental parser for {@code text/event-stream}: feed it byte chunks exactly as they come off the socket
 * (split anywhere, even inside a UTF-8 sequence or between CR and LF) and it returns the events completed so far.
 *
 * <p>Follows the WHATWG rules that matter for LLM streams: lines end in LF, CRLF or CR; a blank line ends an event;
 * {@code data:} lines are joined with LF; one space after the colon is dropped; comment lines ({@code : ping}) keep
 * the connection alive but make no event. Not thread-safe: one parser per stream.
 */
public final class SseParser {

    private final int maxEventBytes;
    private final Bytes raw = new Bytes();
    private final Bytes line = new Bytes();
    private final StringBuilder data = new StringBuilder();
    private Optional<String> name = Optional.empty();
    private boolean hasData;
    private boolean lastWasCr;

    /** @param maxEventBytes an event larger than this is refused: a hostile upstream cannot exhaust memory. */
    public SseParser(int maxEventBytes) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive");
        }
        this.maxEventBytes = maxEventBytes;
    }

    public SseParser() {
        this(16 * 1024 * 1024);
    }

    public List<SseEvent> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    public List<SseEvent> feed(byte[] chunk, int offset, int length) {
        List<SseEvent> events = new ArrayList<>(2);
        for (int i = offset; i < offset + length; i++) {
            byte b = chunk[i];
            if (lastWasCr && b == '\n') {
                // The LF of a CRLF pair split across chunks: the line already ended at the CR. It joins the next
                // event's raw bytes, so the concatenation of all raw bytes is still exactly the input.
                lastWasCr = false;
                raw.write(b);
                continue;
            }
            lastWasCr = b == '\r';
            raw.write(b);
            if (lastWasCr && i + 1 < offset + length && chunk[i + 1] == '\n') {
                // Keep a CRLF pair with the event it ends, so each event's raw bytes are whole.
                raw.write('\n');
                i++;
                lastWasCr = false;
            }
            if (b == '\n' || b == '\r') {
                endLine(events);
            } else {
                line.write(b);
            }
            if (raw.size() > maxEventBytes) {
                throw new SseException("an event is larger than " + maxEventBytes + " bytes");
            }
        }
        return events;
    }

    /** True when bytes of an unfinished event are buffered: a stream that ends now was cut. */
    public boolean hasPartialEvent() {
        return line.size() > 0 || hasData || name.isPresent();
    }

    private void endLine(List<SseEvent> events) {
        if (line.size() == 0) {
            dispatch(events);
            return;
        }
        String text = line.utf8();
        line.reset();
        int colon = text.indexOf(':');
        if (colon == 0) {
            return; // a comment, e.g. a keep-alive ping
        }
        String field = colon < 0 ? text : text.substring(0, colon);
        int valueStart = colon + 1 < text.length() && text.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1;
        String value = colon < 0 ? "" : text.substring(valueStart);
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> name = Optional.of(value);
            default -> { } // id, retry and unknown fields are not used by any LLM protocol
        }
    }

    private void dispatch(List<SseEvent> events) {
        if (hasData || name.isPresent()) {
            events.add(new SseEvent(raw.toByteArray(), name, data.toString()));
        }
        raw.reset();
        data.setLength(0);
        name = Optional.empty();
        hasData = false;
    }

    /** A growable byte buffer without ByteArrayOutputStream's per-call locking: this runs once per byte. */
    private static final class Bytes {
        private byte[] bytes = new byte[256];
        private int size;

        void write(int b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, size * 2);
            }
            bytes[size++] = (byte) b;
        }

        int size() {
            return size;
        }

        void reset() {
            size = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        String utf8() {
            return new String(bytes, 0, size, StandardCharsets.UTF_8);
        }
    }
}
