package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.sse.SseParser;
import dev.parley.testkit.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a stream's events are written to the client, seen in the HTTP chunks on the wire: events that arrive from
 * the provider together (one read) leave together, in a few writes rather than one per event, and events that
 * arrive apart leave apart, each as soon as it came. Passed through and translated.
 */
class StreamWritesTest extends MatrixParley {

    private static final int DELTAS = 40;

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(ClientWire.CHAT, UpstreamType.OPENAI),
                Arguments.of(ClientWire.ANTHROPIC, UpstreamType.ANTHROPIC),
                Arguments.of(ClientWire.GEMINI, UpstreamType.GEMINI),
                Arguments.of(ClientWire.ANTHROPIC, UpstreamType.OPENAI),
                Arguments.of(ClientWire.CHAT, UpstreamType.ANTHROPIC));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void eventsThatArriveTogetherLeaveInAFewWrites(ClientWire client, UpstreamType upstream) throws IOException {
        // No pacing: the fake writes the whole stream at once.
        UPSTREAM.enqueue(Reply.text("word ".repeat(DELTAS)).withTextChunks(DELTAS));

        Wire wire = stream(client, upstream);

        assertThat(wire.events()).isGreaterThanOrEqualTo(DELTAS);
        // One write as the output starts, the rest with the end; a read split across two rounds of the event loop
        // would add a write or two, never one per event.
        assertThat(wire.chunks()).as(wire.toString()).isLessThanOrEqualTo(6);
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void eventsThatArriveApartLeaveApart(ClientWire client, UpstreamType upstream) throws IOException {
        int deltas = 5;
        UPSTREAM.enqueue(Reply.text("word ".repeat(deltas)).withTextChunks(deltas)
                .withChunkDelay(Duration.ofMillis(30)));

        Wire wire = stream(client, upstream);

        // Each delta is an event of its own, 30 ms after the one before: none waits for the next.
        assertThat(wire.chunks()).as(wire.toString()).isGreaterThanOrEqualTo(deltas);
    }

    /** The client's HTTP chunks and the events in them. */
    record Wire(int chunks, int events, String body) {
    }

    /** Sends a streaming request over a plain socket and reads the chunked response to its end. */
    private static Wire stream(ClientWire client, UpstreamType upstream) throws IOException {
        URI uri = parley.uri(client.path(upstream.model(), true));
        byte[] body = client.text(upstream.model(), true, "Count to forty.").getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST " + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n")
                .append("host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("content-type: application/json\r\n")
                .append("content-length: ").append(body.length).append("\r\n")
                .append("connection: close\r\n");
        for (Map.Entry<String, String> h : client.headers(TestParley.KEY).entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return chunked(socket.getInputStream());
        }
    }

    private static Wire chunked(InputStream in) throws IOException {
        String status = line(in);
        assertThat(status).startsWith("HTTP/1.1 200");
        String header;
        boolean chunkedEncoding = false;
        while (!(header = line(in)).isEmpty()) {
            chunkedEncoding |= header.equalsIgnoreCase("transfer-encoding: chunked");
        }
        assertThat(chunkedEncoding).as("a chunked response").isTrue();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int chunks = 0;
        while (true) {
            int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            chunks++;
            data.write(in.readNBytes(size));
            assertThat(line(in)).isEmpty();
        }
        int events = new SseParser().feed(data.toByteArray()).size();
        return new Wire(chunks, events, data.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the response ended mid-line: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
