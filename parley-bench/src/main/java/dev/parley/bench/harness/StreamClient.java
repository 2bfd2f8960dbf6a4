package dev.parley.bench.harness;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streaming load: {@code concurrency} connections, each sending streamed requests one after another until the
 * run's time is up (or, with {@code once}, one each, all open together). For every stream it records the time to
 * its first content chunk (from just before the request is sent) and the gaps between the arrivals of its
 * following content chunks, and each content chunk's delay: its arrival less the send time the upstream wrote into
 * it ({@link ChunkStamp}). A content chunk is recognized by {@link #MARKER}, which only the fast upstream's content
 * deltas carry, so a gateway's extra events (or the usage chunk) are not counted as chunks.
 */
final class StreamClient {

    static final String MARKER = "@@";

    private final Vertx vertx;

    StreamClient(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * TTFT, gap and per-chunk delay samples, and how many streams completed with all their chunks, and how many did
     * not.
     */
    record Result(Samples ttft, Samples gaps, Samples delays, long completed, long failed, double seconds) {}

    /**
     * Runs streams at {@code concurrency} for {@code runMillis}; or, with {@code once}, one stream per connection,
     * their starts spread evenly over {@code runMillis} (opening a thousand connections in the same millisecond
     * measures the kernel's accept queue, not the target).
     */
    Result run(URI url, String body, Map<String, String> headers, int concurrency, long runMillis, boolean once)
            throws Exception {
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(true)
                .setConnectTimeout(10_000).setIdleTimeout(60), new PoolOptions().setHttp1MaxSize(concurrency)
                .setMaxWaitQueueSize(-1));
        Samples ttft = new Samples();
        Samples gaps = new Samples();
        Samples delays = new Samples();
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString());
        headers.forEach(options::putHeader);
        Buffer payload = Buffer.buffer(body);
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(runMillis);
        List<Future<Void>> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Promise<Void> done = Promise.promise();
            workers.add(done.future());
            Tally tally = new Tally(ttft, gaps, delays, completed, failed);
            long delay = once ? runMillis * i / concurrency : 0;
            if (delay > 0) {
                vertx.setTimer(delay, id -> loop(client, options, payload, end, true, tally, done));
            } else {
                loop(client, options, payload, end, once, tally, done);
            }
        }
        Future.all(workers).await(runMillis + 120_000, TimeUnit.MILLISECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        client.close().await(10, TimeUnit.SECONDS);
        return new Result(ttft, gaps, delays, completed.get(), failed.get(), seconds);
    }

    private record Tally(Samples ttft, Samples gaps, Samples delays, AtomicLong completed, AtomicLong failed) {}

    private void loop(HttpClientAgent client, RequestOptions options, Buffer payload, long end, boolean once,
                      Tally tally, Promise<Void> done) {
        if (!once && System.nanoTime() >= end) {
            done.tryComplete();
            return;
        }
        oneStream(client, options, payload, tally).onComplete(outcome -> {
            if (once) {
                done.tryComplete();
            } else {
                loop(client, options, payload, end, false, tally, done);
            }
        });
    }

    private Future<Void> oneStream(HttpClientAgent client, RequestOptions options, Buffer payload, Tally tally) {
        long sent = System.nanoTime();
        return client.request(options).compose(request -> request.send(payload)).compose(response -> {
            if (response.statusCode() != 200) {
                return response.body().compose(ignored -> Future.failedFuture("status " + response.statusCode()));
            }
            return read(response, sent, tally);
        }).onFailure(failure -> tally.failed.incrementAndGet()).mapEmpty();
    }

    private static Future<Void> read(HttpClientResponse response, long sent, Tally tally) {
        Promise<Void> finished = Promise.promise();
        long[] previous = {0};
        int[] chunks = {0};
        ChunkStamp.Reader stamps = new ChunkStamp.Reader(); // a stamp may be split between two buffers
        response.handler(buffer -> {
            long now = System.nanoTime();
            for (int i = 0; i < buffer.length(); i++) {
                long stamp = stamps.next(buffer.getByte(i));
                if (stamp == ChunkStamp.NONE) {
                    continue;
                }
                if (chunks[0] == 0) {
                    tally.ttft.add(now - sent);
                } else {
                    tally.gaps.add(now - previous[0]);
                }
                tally.delays.add(now - stamp);
                chunks[0]++;
                previous[0] = now;
            }
        });
        response.exceptionHandler(finished::tryFail);
        response.endHandler(ended -> {
            if (chunks[0] == FastUpstream.CHUNKS) {
                tally.completed.incrementAndGet();
                finished.tryComplete();
            } else {
                finished.tryFail("stream ended after " + chunks[0] + " chunks");
            }
        });
        return finished.future();
    }
}
