package dev.parley.server;

import dev.parley.core.pricing.Markup;
import dev.parley.core.auth.VirtualKey;
import dev.parley.core.health.Attempt;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.ErrorShape;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.protocol.RenderedError;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.KeySlot;
import dev.parley.core.routing.ChannelVerdict;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.tokens.AnswerMeter;
import dev.parley.core.tokens.UsageMeter;
import dev.parley.core.usage.AttemptOutcome;
import dev.parley.core.usage.CapturedBodies;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One client request from arrival to its usage row. Lives on one event loop, so it needs no locking. It ends
 * exactly once, whichever comes first: the response completes, Parley fails it, or the client hangs up.
 */
final class Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    final String id = RequestIds.next();
    final Instant startedAt = Instant.now();
    final Passport passport = new Passport();
    final Protocol protocol;
    final HttpServerRequest request;
    final HttpServerResponse response;

    private final Function<Exchange, CompletionStage<Void>> onEnd;
    /** The most of each body kept when the key's rules keep them ({@code usage.bodies.max_bytes}). */
    private final int bodyLimit;
    /** Who picks the error statuses and bodies: the protocol's shape, or the admin API's. */
    private ErrorShape errorShape;
    /** What blanks secrets out of what this exchange writes about itself: errors, its row, its log line. */
    final Redaction redaction;
    /** The event loop the exchange lives on, to come back to from the ledger's acknowledgement. */
    private final Optional<Context> context = Optional.ofNullable(Vertx.currentContext());
    private CompletionStage<Void> acknowledged = CompletableFuture.completedStage(null);
    private Optional<String> keyName = Optional.empty();
    private Attribution attribution = Attribution.NONE;
    /** What admission took for this request from the limits and budgets, given back once when it ends. */
    private Optional<Admission.Settlement> settlement = Optional.empty();
    private Optional<Markup> markup = Optional.empty();
    private String model = "";
    private Optional<Channel> channel = Optional.empty();
    private boolean stream;
    private int attempts;
    private Optional<String> errorType = Optional.empty();
    private TokenUsage usage = TokenUsage.NONE;
    /** What the answering attempt received, when usage is to be settled from it rather than set outright. */
    private Optional<AnswerMeter> meter = Optional.empty();
    private LongSupplier inputEstimate = () -> 0;
    private Optional<HttpClientRequest> upstream = Optional.empty();
    private Optional<Runnable> onClientGone = Optional.empty();
    private Optional<WaitTerms> waitTerms = Optional.empty();
    /** The attempts sent upstream, in order; only the last may still be open. */
    private final List<AttemptTrace> traces = new ArrayList<>();
    /** Every channel attempt chosen for this request, sent or not: each must end, at the latest with the exchange. */
    private final List<Attempt<Channel>> claimed = new ArrayList<>();
    private Optional<ApiError> failure = Optional.empty();
    /** The bodies, when the key's rules keep them ({@code log_bodies}); otherwise nothing of them is held. */
    private Optional<BodyCapture> bodies = Optional.empty();
    /** What the client is sent, kept for the duplicates of an idempotent request. */
    private Optional<ResultRecorder> recorder = Optional.empty();
    /** Run once the exchange has ended, after its row is handed on (an idempotency key's settlement). */
    private final List<Runnable> afterEnd = new ArrayList<>();
    /** Sent by Parley itself ({@link InternalCalls}): its error answers list its attempts for the sender. */
    private boolean internal;
    /** A duplicate answered with the first request's result: no provider was called, so no row is written. */
    private boolean replay;
    private boolean clientGone;
    private boolean ended;
    /** Whether this round of the event loop has written stream bytes; see {@link #writeInRound}. */
    private boolean roundOpen;
    /** Stream bytes written after the round's first write, sent when the round ends. */
    private Buffer heldInRound = Buffer.buffer();

    Exchange(Protocol protocol, HttpServerRequest request, int bodyLimit, Redaction redaction,
             Function<Exchange, CompletionStage<Void>> onEnd) {
        this.protocol = protocol;
        this.redaction = redaction;
        this.bodyLimit = bodyLimit;
        this.request = request;
        this.response = request.response();
        this.onEnd = onEnd;
        this.errorShape = ErrorShape.of(protocol);
        response.putHeader("x-parley-request-id", id);
        // A client that goes away mid-request must not keep an upstream call (and its cost) running.
        response.closeHandler(v -> clientHungUp());
    }

    /**
     * Asks an HTTP/1.x client not to reuse the connection after this answer. HTTP/2 has no such header (a client
     * treats it as a malformed answer), and its other streams must go on: there the stream alone ends.
     */
    void closeConnectionAfter() {
        if (request.version() != HttpVersion.HTTP_2) {
            response.putHeader("connection", "close");
        }
    }

    /** Whether the connection is HTTP/1.x, which a refused body leaves unusable. */
    boolean http1() {
        return request.version() != HttpVersion.HTTP_2;
    }

    /** Errors of this exchange are rendered in {@code shape} (the admin API speaks no model protocol). */
    void errorsIn(ErrorShape shape) {
        this.errorShape = shape;
    }

    /** This request is one Parley sends itself, on a key's behalf. */
    void internal() {
        this.internal = true;
    }

    void authenticated(VirtualKey key) {
        keyName = Optional.of(key.name());
        attribution = key.attribution();
    }

    /** Admission took places in the limits and budgets; they are given back when the exchange ends. */
    void admitted(Admission.Settlement taken) {
        this.settlement = Optional.of(taken);
    }

    /** The markup of the key's team, project or key, which the request's row is priced at. */
    void pricedWith(Markup charged) {
        this.markup = Optional.of(charged);
    }

    /** The markup admission chose; empty for a configured key, whose row gets the configuration's. */
    Optional<Markup> markup() {
        return markup;
    }

    /** What to settle when the exchange ends: empty for a request admission never took anything for. */
    Optional<Admission.Settlement> settlement() {
        return settlement;
    }

    /** Keeps this exchange's bodies, each up to the configured size, starting with the client's {@code request}. */
    void keepBodies(byte[] request) {
        bodies = Optional.of(new BodyCapture(request, bodyLimit));
    }

    /** What the client is sent, as it is written: kept when the bodies are. */
    void sent(Buffer bytes) {
        bodies.ifPresent(b -> b.sent(bytes));
    }

    /** The bodies kept, when they are. */
    Optional<CapturedBodies> keptBodies() {
        return bodies.map(b -> b.bodies(id, startedAt));
    }

    void requested(String model, boolean stream) {
        // The client's text, kept in the ledger and the access log: a key pasted into it is not.
        this.model = redaction.redact(model);
        this.stream = stream;
    }

    /** A channel was chosen for an attempt; its health attempt ends with the attempt, or with the exchange. */
    void claim(Attempt<Channel> health) {
        claimed.add(health);
    }

    /** An attempt begins (counted even if it never connects); the headers name the latest. */
    void attempt(Routed routed) {
        Channel channel = routed.channel();
        traces.add(new AttemptTrace(routed));
        this.channel = Optional.of(channel);
        attempts++;
        response.putHeader("x-parley-provider", channel.provider().name());
        response.putHeader("x-parley-upstream-model", channel.upstreamModel());
        response.putHeader("x-parley-attempts", Integer.toString(attempts));
    }

    /** The provider of {@code routed}'s attempt answered with {@code status}. */
    void responded(Routed routed, int status) {
        trace(routed).ifPresent(t -> t.responded(status));
    }

    /** The attempt of {@code routed} ended so (the first ending counts). */
    void endAttempt(Routed routed, AttemptOutcome outcome) {
        trace(routed).ifPresentOrElse(t -> t.end(outcome),
                () -> ChannelVerdict.of(outcome).report(routed.health(), System.nanoTime()));
    }

    private Optional<AttemptTrace> trace(Routed routed) {
        for (int i = traces.size() - 1; i >= 0; i--) {
            if (traces.get(i).routed() == routed) {
                return Optional.of(traces.get(i));
            }
        }
        return Optional.empty();
    }

    /** The upstream request of the current attempt, reset if the client hangs up. */
    void upstreamRequest(HttpClientRequest upstreamRequest) {
        this.upstream = Optional.of(upstreamRequest);
    }

    /** What to undo if the client hangs up before an upstream call starts (a place in the waiting room). */
    /**
     * Until when this request may wait for a rate-limited key, over all its waits (its first attempt's and its
     * retries'), and its place in the queue: the client's say, within {@code queue.max_wait}.
     */
    record WaitTerms(Instant until, int priority) {

        /** What is left of the wait at {@code now}; zero once it has passed. */
        Duration left(Instant now) {
            Duration left = Duration.between(now, until);
            return left.isNegative() ? Duration.ZERO : left;
        }
    }

    void waitTerms(WaitTerms terms) {
        this.waitTerms = Optional.of(terms);
    }

    /** Empty for a request that was never routed through the waiting room's checks (nothing may wait then). */
    Optional<WaitTerms> waitTerms() {
        return waitTerms;
    }

    void onClientGone(Runnable leave) {
        this.onClientGone = Optional.of(leave);
    }

    int attempts() {
        return attempts;
    }

    /** Usage known outright (token counts, embeddings); replaces any meter. */
    void usage(TokenUsage usage) {
        this.usage = usage;
        this.meter = Optional.empty();
    }

    /**
     * A provider began to answer: what this attempt receives from now on is what the row bills. Each attempt gets a
     * new meter, so an attempt abandoned before its output leaves nothing behind.
     */
    UsageMeter meter() {
        return metered(new UsageMeter());
    }

    /** The same, with the meter the caller chose. */
    <M extends AnswerMeter> M metered(M fresh) {
        meter = Optional.of(fresh);
        return fresh;
    }

    /** How to count the request's input locally, should no provider report it; counted at most once. */
    void inputEstimate(LongSupplier estimate) {
        long[] memo = {-1};
        this.inputEstimate = () -> {
            if (memo[0] < 0) {
                memo[0] = estimate.getAsLong();
            }
            return memo[0];
        };
    }

    void errorType(String type) {
        if (errorType.isEmpty()) {
            errorType = Optional.of(type);
        }
    }

    boolean clientGone() {
        return clientGone;
    }

    /** Keeps what the client is sent from now on, up to {@code limit} bytes of body. */
    ResultRecorder record(long limit) {
        ResultRecorder fresh = new ResultRecorder(limit);
        recorder = Optional.of(fresh);
        return fresh;
    }

    /** {@code then} runs once the exchange has ended (at once if it has). */
    void afterEnd(Runnable then) {
        if (ended) {
            then.run();
        } else {
            afterEnd.add(then);
        }
    }

    /** This exchange replays another request's result: it writes no usage row. */
    void replay() {
        replay = true;
    }

    /** Writes body bytes to the client (kept if the exchange records what it sends). */
    void write(Buffer bytes) {
        keep(bytes);
        response.write(bytes);
    }

    /** Bytes the client is sent, for the bodies kept and for the result an idempotency key replays. */
    private void keep(Buffer bytes) {
        sent(bytes);
        recorder.ifPresent(r -> r.append(bytes));
    }

    /**
     * Writes stream bytes to the client, sending what one round of the event loop writes together: the round's
     * first write goes out at once (a lone event is not held back, and the response's head is written with the first
     * bytes, as with {@link #write}), later ones when the round ends, or with the response's end if that comes first.
     * One read of an upstream stream often holds many events, each in an HTTP chunk of its own; written one by one,
     * each cost a system call and a wake-up of the client. What a round holds back is bounded by what one round reads.
     */
    void writeInRound(Buffer bytes) {
        if (roundOpen) {
            keep(bytes);
            heldInRound.appendBuffer(bytes);
            return;
        }
        write(bytes);
        context.ifPresent(c -> {
            roundOpen = true;
            LoopTimer.afterThisRound(c, this::endRound);
        });
    }

    /** What the round held back goes out when it ends, unless the response ended first and took it along. */
    private void endRound() {
        roundOpen = false;
        Buffer out = takeHeldInRound();
        if (out.length() > 0 && !response.ended() && !response.closed()) {
            response.write(out);
        }
    }

    private Buffer takeHeldInRound() {
        Buffer out = heldInRound;
        heldInRound = Buffer.buffer();
        return out;
    }

    boolean ended() {
        return ended;
    }

    /**
     * Answers with an error in the client's protocol, unless the response has already started. The future
     * completes once the error is written.
     */
    Future<Void> fail(ApiError failed) {
        // The one way an error reaches a client: whatever raised it, no secret is in what it says.
        ApiError error = redaction.redact(failed);
        errorType(error.kind().name().toLowerCase(Locale.ROOT));
        if (failure.isEmpty() && !ended) {
            failure = Optional.of(error);
        }
        if (clientGone || ended) {
            end();
            return Future.succeededFuture();
        }
        if (response.headWritten()) {
            // Bytes already reached the client: the error can only be an event in its stream.
            return finish(Buffer.buffer(errorShape.streamEvent(error)));
        }
        RenderedError rendered = errorShape.render(error);
        if (internal) {
            response.putHeader(InternalCalls.ATTEMPT_LOG_HEADER, attemptLog(error));
        }
        response.setStatusCode(rendered.status()).putHeader("content-type", "application/json");
        rendered.retryAfter().ifPresent(d -> response.putHeader("retry-after", Long.toString(Math.max(1, d.toSeconds()))));
        return finish(Buffer.buffer(rendered.body()));
    }

    /** Ends the exchange, then the response (see {@link #finish(Buffer)}). */
    Future<Void> finish() {
        return finish(Buffer.buffer());
    }

    /**
     * Ends the exchange, then ends the response with {@code last} once the usage row is acknowledged. With a
     * journalled ledger the acknowledgement waits for the disk, so that no client sees a response end whose row a
     * crash could still lose; otherwise it is immediate. The future completes once the last bytes are written.
     */
    Future<Void> finish(Buffer last) {
        if (!ended) {
            keep(last);
        }
        end();
        // Stream bytes this round held back go first, in the same write as the end.
        Buffer held = takeHeldInRound();
        Buffer out = held.length() == 0 ? last : held.appendBuffer(last);
        CompletableFuture<Void> ack = acknowledged.toCompletableFuture();
        if (ack.isDone() || context.isEmpty()) {
            return response.end(out);
        }
        Promise<Void> written = Promise.promise();
        ack.whenComplete((ok, e) -> context.get().runOnContext(v -> response.end(out).onComplete(written)));
        return written.future();
    }

    /**
     * Marks the exchange done; the first call records it, later calls do nothing. An answer whose usage must be
     * estimated (a cut stream, a provider that reported none) is counted on a worker first ({@link OffLoop}): its
     * text and the prompt can take milliseconds to count, and the first count loads the vocabulary. The row, the
     * limits and the budgets are settled on this loop once it is counted; {@link #finish} waits for that.
     */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        passport.finished();
        closeAttempts();
        Optional<AnswerMeter> counting = meter.filter(AnswerMeter::counts);
        if (counting.isEmpty() || context.isEmpty()) {
            record();
            return;
        }
        // Nothing feeds the meter once the exchange has ended, so the worker has it to itself.
        meter = Optional.empty();
        AnswerMeter counted = counting.get();
        LongSupplier input = inputEstimate;
        CompletableFuture<Void> recorded = new CompletableFuture<>();
        acknowledged = recorded;
        OffLoop.run(() -> counted.settle(input)).onComplete(settled -> {
            if (settled.succeeded()) {
                usage = settled.result();
            } else {
                // The class only: a message could quote the client's text, which no log line carries.
                LOG.warn("Could not estimate the usage of {}: {}", id, settled.cause().getClass().getName());
            }
            record().whenComplete((ok, e) -> recorded.complete(null));
        });
    }

    /** Hands the row on, and runs what waits for that; the stage says when the row is acknowledged. */
    private CompletionStage<Void> record() {
        acknowledged = onEnd.apply(this);
        afterEnd.forEach(Runnable::run);
        afterEnd.clear();
        return acknowledged;
    }

    /**
     * The attempt still open ends with what became of the exchange: the client left (no verdict), a failure
     * reported to the client without passing the failover (a stream failing after output, say), or a complete
     * answer. Chosen attempts never sent end without a verdict.
     */
    private void closeAttempts() {
        if (!traces.isEmpty() && !traces.getLast().ended()) {
            AttemptTrace last = traces.getLast();
            last.end(clientGone ? AttemptOutcome.ABANDONED
                    : failure.map(e -> outcomeOf(e, last)).orElse(AttemptOutcome.OK));
        }
        claimed.forEach(Attempt::abandoned);
    }

    /**
     * The attempts so far and how each ended (the open one as this error will end it), for an internal request's
     * sender: base64url of a JSON array of {@code provider, upstream_model, outcome, status}. Names and statuses only.
     */
    private String attemptLog(ApiError error) {
        ArrayNode log = AdminJson.MAPPER.createArrayNode();
        for (AttemptTrace trace : traces) {
            AttemptOutcome outcome = trace.outcome().orElseGet(() -> outcomeOf(error, trace));
            ObjectNode entry = log.addObject().put("provider", trace.routed().providerName())
                    .put("upstream_model", trace.routed().channel().upstreamModel()).put("outcome", outcome.name());
            trace.upstreamStatus().ifPresent(status -> entry.put("status", status));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(AdminJson.MAPPER.writeValueAsBytes(log));
    }

    private AttemptOutcome outcomeOf(ApiError error, AttemptTrace attempt) {
        if (error.code().filter(SseRelay.STREAM_CUT::equals).isPresent()) {
            return AttemptOutcome.CUT;
        }
        if (error.kind() == ErrorKind.TIMEOUT) {
            return AttemptOutcome.TIMED_OUT;
        }
        OptionalInt status = attempt.upstreamStatus();
        if (!response.headWritten() && status.isPresent() && status.getAsInt() / 100 != 2) {
            return new AttemptOutcome.HttpStatus(status.getAsInt(), error.kind());
        }
        return new AttemptOutcome.StreamError(error.kind());
    }

    private void clientHungUp() {
        if (ended) {
            return;
        }
        clientGone = true;
        errorType("client_closed");
        onClientGone.ifPresent(Runnable::run);
        upstream.ifPresent(u -> u.reset());
        end();
    }

    /** The key and the usage of the attempt that answered, for limits counted in tokens. */
    Optional<KeySlot> answeredWith() {
        return traces.isEmpty() ? Optional.empty() : Optional.of(traces.getLast().routed().key());
    }

    /**
     * What the request used: the answer's meter settled (once: a stream's estimate decodes what it kept), or the
     * usage known outright.
     */
    TokenUsage usage() {
        meter.ifPresent(m -> {
            usage = m.settle(inputEstimate);
            meter = Optional.empty();
        });
        return usage;
    }

    /**
     * The ledger row, or empty for a request that never proved who sent it (nothing to bill) or that replayed an
     * idempotent request's result (nothing was sent upstream).
     */
    Optional<UsageRecord> usageRecord() {
        return keyName.filter(name -> !replay).map(name -> new UsageRecord(id, startedAt, name, protocol, model,
                channel.map(c -> c.provider().name()), channel.map(Channel::upstreamModel), stream,
                clientGone && !response.headWritten() ? 499 : response.getStatusCode(), errorType,
                passport.total(), passport.timeToFirstByte(), usage(),
                attempts,
                traces.stream().map(t -> t.log(passport.received())).toList()).withAttribution(attribution));
    }
}
