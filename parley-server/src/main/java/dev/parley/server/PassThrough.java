package dev.parley.server;

import dev.parley.core.codec.Codecs;
import dev.parley.core.json.JsonMember;
import dev.parley.core.json.JsonSplice;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.routing.Failures;
import dev.parley.core.routing.UpstreamOutcome;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.usage.TokenUsage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The same protocol on both sides: the body is scanned, not parsed into a tree, and only the model is rewritten
 * (for Gemini it is in the path, so the body goes up as sent); OpenAI Chat streams also get
 * {@code stream_options.include_usage}, so every stream is billed. Answers come back with their bytes unchanged.
 */
final class PassThrough {

    private static final byte[] INCLUDE_USAGE = "{\"include_usage\":true}".getBytes(StandardCharsets.UTF_8);
    private final Upstream upstream;

    PassThrough(Upstream upstream) {
        this.upstream = upstream;
    }

    /**
     * @param body the client's body, scanned
     * @param target for Gemini, the method and API version of the client's path
     */
    void forward(Routed routed, TopLevelObject body, Optional<GeminiPath> target, Map<String, String> protocolHeaders,
                 String query) {
        String upstreamModel = routed.channel().upstreamModel();
        JsonSplice splice = JsonSplice.of(body);
        if (routed.client() != Protocol.GEMINI && !upstreamModel.equals(routed.model())) {
            splice.setString("model", upstreamModel);
        }
        boolean clientWantsUsage = true;
        if (routed.client() == Protocol.OPENAI_CHAT && routed.stream()) {
            Optional<TopLevelObject> streamOptions = body.member("stream_options")
                    .filter(m -> m.kind() == JsonMember.Kind.OBJECT)
                    .map(m -> TopLevelObject.scan(body.rawValue(m)));
            clientWantsUsage = streamOptions.flatMap(o -> o.bool("include_usage")).orElse(false);
            if (!clientWantsUsage) {
                // The extra chunk this asks for is stripped on the way back.
                splice.set("stream_options", streamOptions
                        .map(o -> JsonSplice.of(o).set("include_usage", "true".getBytes(StandardCharsets.UTF_8)).apply())
                        .orElse(INCLUDE_USAGE));
            }
        }
        String path = switch (routed.client()) {
            case OPENAI_CHAT -> "/chat/completions";
            case OPENAI_RESPONSES -> "/responses";
            case ANTHROPIC_MESSAGES -> "/v1/messages" + query;
            case GEMINI -> target.map(t -> t.upstreamPath(upstreamModel, routed.stream()))
                    .orElseThrow(() -> new IllegalStateException("a Gemini request without its path"));
        };
        boolean forwardUsageChunk = clientWantsUsage;
        upstream.send(routed, path, splice.isEmpty() ? body.bytes() : splice.apply(), routed.stream(), protocolHeaders,
                (response, watch) -> onResponse(routed, response, watch, forwardUsageChunk));
    }

    private static void onResponse(Routed routed, HttpClientResponse response, UpstreamWatch watch,
                                   boolean forwardUsageChunk) {
        Exchange exchange = routed.exchange();
        int status = response.statusCode();
        if (status / 100 != 2) {
            Upstream.body(routed, response, body -> relayError(routed, response, body));
            return;
        }
        RateLimitHeaders.copy(response, exchange.response, routed);
        if (routed.stream() && Upstream.isEventStream(response)) {
            new PassThroughRelay(routed, response, watch, StreamTap.of(routed.client(), forwardUsageChunk)).start();
            return;
        }
        relayBody(routed, response, bytes -> meterAnswer(routed, bytes));
    }

    /**
     * A whole generated answer is metered as the translation path meters it (the provider codec's reading), so a
     * whole and a streamed answer, passed through or translated, bill alike.
     */
    private static void meterAnswer(Routed routed, byte[] body) {
        Exchange exchange = routed.exchange();
        // The provider's own figures are all a whole answer's bill needs, and reading only them costs a scan; the
        // whole answer is parsed only when they are missing and its text must be counted.
        Optional<TokenUsage> reported = WireUsage.ofBody(routed.upstream(), body).filter(WireUsage::reported);
        if (reported.isPresent()) {
            exchange.usage(reported.get());
            return;
        }
        ChatResponse answer;
        try {
            answer = Codecs.upstream(routed.upstream()).parseResponse(body);
        } catch (RuntimeException e) {
            // Not ours to judge: the body is relayed as the provider sent it, billed with what can be read of it.
            WireUsage.ofBody(routed.client(), body).ifPresent(exchange::usage);
            return;
        }
        exchange.meter().accept(answer);
    }

    /** A provider's whole answer to a same-protocol client, as it came; errors as {@link #relayError} says. */
    static void relay(Routed routed, HttpClientResponse response, Function<byte[], Optional<TokenUsage>> usage) {
        if (response.statusCode() / 100 != 2) {
            Upstream.body(routed, response, body -> relayError(routed, response, body));
            return;
        }
        RateLimitHeaders.copy(response, routed.exchange().response, routed);
        relayBody(routed, response, bytes -> usage.apply(bytes).ifPresent(routed.exchange()::usage));
    }

    private static void relayBody(Routed routed, HttpClientResponse response, Consumer<byte[]> meter) {
        Exchange exchange = routed.exchange();
        String contentType = response.getHeader("content-type");
        Upstream.body(routed, response, bytes -> {
            meter.accept(bytes);
            exchange.response.setStatusCode(response.statusCode())
                    .putHeader("content-type", contentType == null ? "application/json" : contentType);
            exchange.finish(Upstream.wrapped(bytes));
        });
    }

    /** What the provider's error says, read by its codec only to tell a context-length error from the rest. */
    private static ErrorKind kind(Routed routed, int status, byte[] body) {
        try {
            return Codecs.upstream(routed.upstream()).parseError(status, body).kind();
        } catch (RuntimeException e) {
            return ErrorKind.ofStatus(status); // not the protocol's error shape: the status alone says it
        }
    }

    private static void relayError(Routed routed, HttpClientResponse response, byte[] body) {
        Exchange exchange = routed.exchange();
        int status = response.statusCode();
        UpstreamOutcome outcome = UpstreamFailures.outcome(routed.upstream(), status, body, kind(routed, status, body));
        // A 408 or 409 is the client's status but the provider's passing trouble, retried like a 5xx; a request too
        // long for this model may fit a fallback.
        if (!routed.failover().wouldTryAgain(Failures.classify(outcome))
                && UpstreamFailures.clientsOwnMistake(routed.upstream(), status, body) && !exchange.ended()) {
            // Same protocol on both sides: the provider's error is already in the client's shape, code included.
            exchange.endAttempt(routed, Routed.outcomeOf(outcome, false));
            exchange.errorType("upstream_" + status);
            exchange.response.setStatusCode(status).putHeader("content-type", "application/json");
            exchange.finish(Buffer.buffer(exchange.redaction.redact(body)));
            return;
        }
        routed.failed(outcome, UpstreamFailures.fromStatus(routed.channel(), exchange.redaction, routed.upstream(),
                status, response.headers(), body));
    }
}
