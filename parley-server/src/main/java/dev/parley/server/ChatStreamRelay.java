package dev.parley.server;

import dev.parley.core.json.JsonMember;
import dev.parley.core.json.JsonScanException;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.openai.ChatUsage;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.Channel;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseException;
import dev.parley.core.sse.SseParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Relays an OpenAI Chat event stream to an OpenAI Chat client, event by event, with its bytes unchanged.
 *
 * <p>It reads only what it must: the usage chunk (billed, and dropped if the client did not ask for it), an
 * error inside the stream, and the {@code [DONE]} marker, so that a stream cut without one reaches the client
 * as an error event rather than a clean end. Nothing is written until the first complete event, so a request
 * that fails before producing output has sent the client no byte.
 */
final class ChatStreamRelay {

    private final Exchange exchange;
    private final Channel channel;
    private final HttpClientResponse upstream;
    private final HttpServerResponse response;
    private final boolean forwardUsageChunk;
    private final SseParser parser = new SseParser();
    private boolean sawDone;
    private boolean sawError;

    ChatStreamRelay(Exchange exchange, Channel channel, HttpClientResponse upstream, boolean forwardUsageChunk) {
        this.exchange = exchange;
        this.channel = channel;
        this.upstream = upstream;
        this.response = exchange.response;
        this.forwardUsageChunk = forwardUsageChunk;
    }

    void start() {
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        response.drainHandler(v -> upstream.resume());
        upstream.handler(this::onChunk);
        upstream.endHandler(v -> onEnd());
        upstream.exceptionHandler(this::onFailure);
    }

    private void onChunk(Buffer chunk) {
        if (exchange.ended()) {
            return;
        }
        List<SseEvent> events;
        try {
            events = parser.feed(chunk.getBytes());
        } catch (SseException e) {
            upstream.request().reset();
            exchange.fail(ApiError.of(ErrorKind.UPSTREAM, "Provider '" + channel.provider().name()
                    + "' sent a malformed stream: " + e.getMessage()));
            return;
        }
        Buffer out = null;
        for (SseEvent event : events) {
            if (forward(event)) {
                if (out == null) {
                    out = Buffer.buffer(event.raw().length);
                }
                out.appendBytes(event.raw());
            }
        }
        if (out != null) {
            response.write(out);
            if (response.writeQueueFull()) {
                // A slow client slows the upstream read instead of growing Parley's memory.
                upstream.pause();
            }
        }
    }

    private boolean forward(SseEvent event) {
        if (event.isDone()) {
            sawDone = true;
            return true;
        }
        String data = event.data();
        boolean usage = hasObjectMember(data, "\"usage\"");
        boolean error = hasObjectMember(data, "\"error\"");
        if (!usage && !error) {
            return true;
        }
        try {
            TopLevelObject chunk = TopLevelObject.scan(data.getBytes(StandardCharsets.UTF_8));
            if (error && chunk.member("error").map(m -> m.kind() == JsonMember.Kind.OBJECT).orElse(false)) {
                sawError = true;
                exchange.errorType("upstream_stream_error");
                return true;
            }
            chunk.member("usage").filter(m -> m.kind() == JsonMember.Kind.OBJECT)
                    .flatMap(m -> ChatUsage.parse(chunk.rawValue(m)))
                    .ifPresent(exchange::usage);
            boolean usageOnly = chunk.member("choices").map(m -> m.end() - m.start() <= 2 + blank(chunk, m)).orElse(true);
            return !usage || !usageOnly || forwardUsageChunk;
        } catch (JsonScanException e) {
            return true; // not ours to judge: pass it on as the provider sent it
        }
    }

    private void onEnd() {
        if (exchange.ended()) {
            return;
        }
        if (!sawDone && !sawError) {
            exchange.fail(streamCut());
            return;
        }
        response.end();
        exchange.end();
    }

    private void onFailure(Throwable cause) {
        if (exchange.ended()) {
            return;
        }
        ApiError error = UpstreamFailures.fromException(channel, cause);
        // A dropped connection mid-stream is a cut stream, whichever way the socket reported it.
        exchange.fail(error.kind() == ErrorKind.TIMEOUT ? error : streamCut());
    }

    private ApiError streamCut() {
        return ApiError.of(ErrorKind.UPSTREAM, "stream_cut",
                "Provider '" + channel.provider().name() + "' ended the stream before it was complete.");
    }

    /** Whitespace inside an empty array, e.g. {@code [ ]}. */
    private static int blank(TopLevelObject object, JsonMember member) {
        int count = 0;
        byte[] bytes = object.bytes();
        for (int i = member.start() + 1; i < member.end() - 1; i++) {
            if (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t') {
                count++;
            }
        }
        return count;
    }

    /** A cheap look for {@code "name": {} } before paying for a scan; most chunks carry {@code "usage":null}. */
    static boolean hasObjectMember(String data, String quotedName) {
        int at = data.indexOf(quotedName);
        while (at >= 0) {
            int i = at + quotedName.length();
            while (i < data.length() && Character.isWhitespace(data.charAt(i))) {
                i++;
            }
            if (i < data.length() && data.charAt(i) == ':') {
                i++;
                while (i < data.length() && Character.isWhitespace(data.charAt(i))) {
                    i++;
                }
                if (i < data.length() && data.charAt(i) == '{') {
                    return true;
                }
            }
            at = data.indexOf(quotedName, at + 1);
        }
        return false;
    }
}
