package dev.parley.bench.harness;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream every target is measured against: an OpenAI-compatible Chat Completions endpoint that answers from
 * bytes serialized once at start, with TCP_NODELAY, so that what it costs is the same small constant for all.
 *
 * <p>A request whose body says {@code "stream":true} gets {@link #CHUNKS} content chunks, then a finish chunk, a
 * usage chunk and {@code [DONE]}; the first chunk is written at once and the others one per pacing interval. The
 * pacing is in the model's name ({@code bench-p10}: 10 ms), so that it reaches the upstream through every gateway,
 * each of which forwards the body (Parley's configured models map {@code bench-pN} to the same upstream name).
 * Every content chunk carries the marker {@code @@} that {@link StreamClient} counts, and the time it was written
 * ({@link ChunkStamp}), from which the client tells each chunk's delay.
 */
public final class FastUpstream {

    public static final int CHUNKS = 20;
    static final String MODEL_PREFIX = "bench-p";

    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
    private static final byte[] STREAM_TRUE = "\"stream\":true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM_TRUE_SPACED = "\"stream\": true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MODEL = MODEL_PREFIX.getBytes(StandardCharsets.US_ASCII);

    private static final Buffer COMPLETION = Buffer.buffer("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\","
            + "\"created\":1700000000,\"model\":\"bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hello! This is the benchmark's fixed answer, twenty tokens or so long.\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":200,\"completion_tokens\":20,"
            + "\"total_tokens\":220}}");
    private static final String COMPLETION_LENGTH = Integer.toString(COMPLETION.length());
    private static final List<Template> CONTENT = contentChunks();
    private static final Buffer TAIL = Buffer.buffer(chunk("{}", "\"stop\"")
            + "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"bench\",\"choices\":[],\"usage\":{\"prompt_tokens\":200,\"completion_tokens\":20,"
            + "\"total_tokens\":220}}\n\n"
            + "data: [DONE]\n\n");

    private FastUpstream() {
    }

    /** Serves on {@code port} of 127.0.0.1 with one server per event loop, until the process ends. */
    public static Future<String> start(int port, int eventLoops) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true)
                .setAcceptBacklog(4096).setCompressionSupported(false);
        return vertx.deployVerticle(() -> new Loop(options), new DeploymentOptions().setInstances(eventLoops));
    }

    /** One listening server on one event loop; several share the port. */
    private static final class Loop extends VerticleBase {
        private final HttpServerOptions options;

        Loop(HttpServerOptions options) {
            this.options = options;
        }

        @Override
        public Future<?> start() {
            return vertx.createHttpServer(options).requestHandler(this::handle).listen();
        }

        private void handle(HttpServerRequest request) {
            request.body().onSuccess(body -> answer(request.response(), body.getBytes()))
                    .onFailure(failure -> request.connection().close());
        }

        private void answer(HttpServerResponse response, byte[] body) {
            MultiMap headers = response.headers();
            if (indexOf(body, STREAM_TRUE, 0) < 0 && indexOf(body, STREAM_TRUE_SPACED, 0) < 0) {
                headers.set(HttpHeaders.CONTENT_TYPE, JSON).set(HttpHeaders.CONTENT_LENGTH, COMPLETION_LENGTH);
                response.end(COMPLETION);
                return;
            }
            headers.set(HttpHeaders.CONTENT_TYPE, EVENT_STREAM).set(HttpHeaders.CACHE_CONTROL, NO_CACHE);
            response.setChunked(true);
            response.write(content(0));
            long pacing = pacingMillis(body);
            if (pacing <= 0) {
                for (int i = 1; i < CONTENT.size(); i++) {
                    response.write(content(i));
                }
                response.end(TAIL);
                return;
            }
            int[] next = {1};
            long timer = vertx.setPeriodic(pacing, id -> {
                if (next[0] < CONTENT.size() - 1) {
                    response.write(content(next[0]++));
                } else {
                    vertx.cancelTimer(id);
                    response.write(content(CONTENT.size() - 1));
                    response.end(TAIL);
                }
            });
            response.closeHandler(closed -> vertx.cancelTimer(timer));
        }
    }

    /** The pacing in milliseconds that the body's model name asks for: {@code bench-p10} → 10; none → 0. */
    static long pacingMillis(byte[] body) {
        int at = indexOf(body, MODEL, 0);
        if (at < 0) {
            return 0;
        }
        long millis = 0;
        for (int i = at + MODEL.length; i < body.length && body[i] >= '0' && body[i] <= '9'; i++) {
            millis = millis * 10 + (body[i] - '0');
        }
        return millis;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A content chunk's bytes with a zeroed stamp, and where the stamp's digits start. */
    private record Template(byte[] bytes, int digitsAt) {
        Template(byte[] bytes) {
            this(bytes, ChunkStamp.digitsAt(bytes));
        }
    }

    /** Content chunk {@code index}, stamped with the time now, just before it is written. */
    private static Buffer content(int index) {
        Template template = CONTENT.get(index);
        return Buffer.buffer(ChunkStamp.fill(template.bytes(), template.digitsAt(), System.nanoTime()));
    }

    private static List<Template> contentChunks() {
        List<Template> chunks = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            String delta = (i == 0 ? "{\"role\":\"assistant\"," : "{") + "\"content\":\"" + ChunkStamp.text(i)
                    + "\"}";
            chunks.add(new Template(chunk(delta, "null").getBytes(StandardCharsets.US_ASCII)));
        }
        return List.copyOf(chunks);
    }

    private static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + finishReason + "}]}\n\n";
    }
}
