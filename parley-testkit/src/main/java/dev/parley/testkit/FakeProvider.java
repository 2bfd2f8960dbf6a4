package dev.parley.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A fake LLM provider on a real socket: OpenAI Chat, OpenAI Responses, Anthropic Messages and Gemini on their
 * usual paths, answering from a script of {@link Reply replies} and {@link Fault faults}, and recording what it
 * received and how each exchange ended.
 *
 * <pre>{@code
 * try (FakeProvider fake = new FakeProvider().start()) {
 *     fake.enqueue(Fault.rateLimited(RetryAfter.seconds(1)), Reply.text("Hi"));
 *     // point the gateway at fake.baseUrl(), send a request ...
 *     fake.awaitRequests(2, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>The server runs on its own single event loop; every method here is safe to call from any thread.
 */
public final class FakeProvider implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final FakeProviderConfig config;
    private final Script script;
    private final Recorder recorder;
    private Vertx vertx;
    private HttpServer server;
    private Optional<PemKeyCertOptions> tls = Optional.empty();

    public FakeProvider() {
        this(FakeProviderConfig.defaults());
    }

    public FakeProvider(FakeProviderConfig config) {
        this.config = config;
        this.script = new Script(config.defaultReply());
        this.recorder = new Recorder(config.retainedRecords());
    }

    /**
     * Serves HTTPS with this certificate chain and key (PEM files) instead of plain HTTP; call before
     * {@link #start()}. For tests of how a client checks a provider's certificate.
     */
    public synchronized FakeProvider withTls(Path certificate, Path privateKey) {
        if (server != null) {
            throw new IllegalStateException("already started on " + baseUrl());
        }
        tls = Optional.of(new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(privateKey.toString()));
        return this;
    }

    /** Binds the port and returns once the server is listening. */
    public synchronized FakeProvider start() {
        if (server != null) {
            throw new IllegalStateException("already started on " + baseUrl());
        }
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        Dispatcher dispatcher = new Dispatcher(vertx, config, script, recorder);
        HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
                .setTcpNoDelay(true).setHandle100ContinueAutomatically(true);
        tls.ifPresent(keyCert -> options.setSsl(true).setKeyCertOptions(keyCert));
        try {
            server = await(vertx.createHttpServer(options).requestHandler(dispatcher::handle).listen()
                    .toCompletionStage().toCompletableFuture());
        } catch (RuntimeException e) {
            await(vertx.close().toCompletionStage().toCompletableFuture());
            vertx = null;
            throw e;
        }
        return this;
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the fake provider is not started");
        }
        return server.actualPort();
    }

    /** {@code http://127.0.0.1:PORT} ({@code https} with TLS), without a trailing slash or a version prefix. */
    public synchronized String baseUrl() {
        return (tls.isPresent() ? "https://" : "http://") + config.host() + ":" + port();
    }

    public FakeProviderConfig config() {
        return config;
    }

    /** Queues answers for the next generation requests, whatever their protocol or model. */
    public FakeProvider enqueue(Answer... answers) {
        script.enqueue(List.of(answers));
        return this;
    }

    /** Queues answers for requests naming {@code model}; they take precedence over the shared queue. */
    public FakeProvider forModel(String model, Answer... answers) {
        script.enqueue(model, List.of(answers));
        return this;
    }

    /** What to answer when the queues are empty, until the next reset; a fault makes every request fail. */
    public FakeProvider defaultAnswer(Answer answer) {
        script.fallback(answer);
        return this;
    }

    /** {@link #defaultAnswer} for one model, e.g. to keep a routing target down for a whole test. */
    public FakeProvider defaultAnswerForModel(String model, Answer answer) {
        script.fallback(model, answer);
        return this;
    }

    /** Queued answers not yet drawn; a test that scripted exactly what it needed expects 0 at the end. */
    public int pendingAnswers() {
        return script.pending();
    }

    /** Forgets the script and every recording; the configured default reply answers again. */
    public void reset() {
        script.reset(config.defaultReply());
        recorder.reset();
    }

    /** The most recent requests, oldest first ({@link FakeProviderConfig#retainedRecords()} of them at most). */
    public List<RecordedRequest> requests() {
        return recorder.requests();
    }

    /** The most recent request; fails if none has arrived. */
    public RecordedRequest lastRequest() {
        List<RecordedRequest> requests = recorder.requests();
        if (requests.isEmpty()) {
            throw new IllegalStateException("the fake provider has received no request");
        }
        return requests.getLast();
    }

    /** Waits until at least {@code count} requests have arrived; fails with what did arrive otherwise. */
    public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
        return recorder.awaitRequests(count, timeout);
    }

    /** The most recent replies delivered completely, terminator included. */
    public List<Served> served() {
        return recorder.served();
    }

    public List<Served> awaitServed(int count, Duration timeout) {
        return recorder.awaitServed(count, timeout);
    }

    /** How many replies were delivered completely since the start or the last reset. */
    public long servedCount() {
        return recorder.servedCount();
    }

    /** The sum of the usage of every completely served reply: what a ledger should have booked. */
    public Usage tokensServed() {
        return recorder.tokensServed();
    }

    /** Exchanges the client abandoned before the fake had finished them. */
    public List<HangUp> clientHangUps() {
        return recorder.hangUps();
    }

    public List<HangUp> awaitClientHangUps(int count, Duration timeout) {
        return recorder.awaitHangUps(count, timeout);
    }

    @Override
    public synchronized void close() {
        if (vertx != null) {
            await(vertx.close().toCompletionStage().toCompletableFuture());
            vertx = null;
            server = null;
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("fake provider failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("fake provider did not respond within " + STARTUP, e);
        }
    }
}
