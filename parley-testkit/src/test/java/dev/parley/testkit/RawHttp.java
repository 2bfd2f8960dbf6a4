package dev.parley.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a bare socket, for what a high-level client hides: whether a chunked body ended with its
 * terminator or with a dropped connection, when each event arrives, and hanging up at a chosen moment.
 */
final class RawHttp implements AutoCloseable {

    /** What reading the next event found. */
    sealed interface Read {
        record Event(String text) implements Read {}

        /** The zero-length chunk: the server ended the body properly. */
        record Terminated() implements Read {}

        /** The connection closed inside the body. */
        record Eof() implements Read {}
    }

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final StringBuilder pending = new StringBuilder();

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        String statusLine = line().orElseThrow(() -> new EOFException("no status line"));
        this.status = Integer.parseInt(statusLine.split(" ")[1]);
        for (Optional<String> line = line(); line.isPresent() && !line.get().isEmpty(); line = line()) {
            int colon = line.get().indexOf(':');
            headers.put(line.get().substring(0, colon).trim(), line.get().substring(colon + 1).trim());
        }
    }

    /** Sends the request and reads the response head. */
    static RawHttp post(FakeProvider fake, String path, String json) throws IOException {
        return new RawHttp(send(fake, path, json));
    }

    /** Sends the request and reads nothing, for a client that leaves before the answer. */
    static Socket send(FakeProvider fake, String path, String json) throws IOException {
        Socket socket = new Socket("127.0.0.1", fake.port());
        socket.setSoTimeout(10_000);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    int status() {
        return status;
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    void timeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /** The next SSE event of a chunked body; a read timeout surfaces as SocketTimeoutException. */
    Read next() throws IOException {
        while (true) {
            int end = pending.indexOf("\n\n");
            if (end >= 0) {
                String event = pending.substring(0, end + 2);
                pending.delete(0, end + 2);
                return new Read.Event(event);
            }
            Optional<String> sizeLine = line();
            if (sizeLine.isEmpty()) {
                return new Read.Eof();
            }
            int size = Integer.parseInt(sizeLine.get().trim().toLowerCase(Locale.ROOT), 16);
            if (size == 0) {
                line();
                return new Read.Terminated();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                return new Read.Eof();
            }
            pending.append(new String(chunk, StandardCharsets.UTF_8));
            line();
        }
    }

    /** Whatever the server sends until it closes the connection. */
    byte[] readToEof() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private Optional<String> line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return Optional.of(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
            }
            line.write(b);
        }
        return Optional.empty();
    }
}
