package dev.parley.server;

import dev.parley.core.config.ProviderConfig;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.AttemptLog;
import dev.parley.core.usage.AttemptOutcome;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * OpenTelemetry spans of a model request, with the GenAI semantic conventions: one server span for the request (a
 * child of the client's {@code traceparent} when it sent one) and one client span per upstream attempt. They are
 * made when the exchange ends, from its usage row and attempt log, with the times those recorded, so that tracing
 * costs nothing while a request runs and the spans say exactly what the ledger says. Nothing is sent upstream:
 * a client's {@code traceparent} is forwarded only to a provider whose {@code forward_headers} names it.
 *
 * <p>Attributes name models, providers, statuses and token counts, never a key, a prompt or an answer.
 */
final class Tracing {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Long> CACHE_READ = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    static final AttributeKey<Long> CACHE_WRITE = AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private static final TextMapGetter<HttpServerRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServerRequest request) {
            return request.headers().names();
        }

        @Override
        public String get(HttpServerRequest request, String key) {
            return request == null ? null : request.getHeader(key);
        }
    };

    private final Optional<OpenTelemetry> telemetry;
    private final Optional<Tracer> tracer;
    private final Function<String, Optional<ProviderConfig>> providers;
    /** The client's path and model name are its own text, which a key may have been pasted into. */
    private final Redaction redaction;

    Tracing(Optional<OpenTelemetry> telemetry, Function<String, Optional<ProviderConfig>> providers,
            Redaction redaction) {
        this.redaction = redaction;
        this.telemetry = telemetry;
        this.tracer = telemetry.map(t -> t.getTracer("dev.parley.server"));
        this.providers = providers;
    }

    /** Makes the spans of a finished model request; does nothing when tracing is off. */
    void finished(Exchange exchange, UsageRecord row) {
        if (tracer.isEmpty()) {
            return;
        }
        Context parent = telemetry.orElseThrow().getPropagators().getTextMapPropagator()
                .extract(Context.root(), exchange.request, HEADERS);
        String path = redaction.redact(exchange.request.path());
        String operation = operation(row.protocol(), path);
        Instant end = row.startedAt().plus(row.latency());
        Span request = tracer.get().spanBuilder(exchange.request.method().name() + " " + path)
                .setParent(parent).setSpanKind(SpanKind.SERVER).setStartTimestamp(row.startedAt())
                .setAttribute("http.request.method", exchange.request.method().name())
                .setAttribute("url.path", path)
                .setAttribute("http.response.status_code", (long) row.status())
                .setAttribute(OPERATION, operation)
                .setAttribute(REQUEST_MODEL, row.model())
                .setAttribute("parley.request_id", row.requestId())
                .setAttribute("parley.attempts", (long) row.attempts())
                .startSpan();
        usage(request, row.usage());
        row.errorType().ifPresent(error -> failed(request, error));
        Context inRequest = parent.with(request);
        List<AttemptLog> attempts = row.attemptLog();
        for (int i = 0; i < attempts.size(); i++) {
            attempt(inRequest, operation, row, attempts.get(i), i == attempts.size() - 1);
        }
        request.end(end);
    }

    private void attempt(Context parent, String operation, UsageRecord row, AttemptLog attempt, boolean last) {
        Instant start = row.startedAt().plus(attempt.startedAfter());
        SpanBuilder builder = tracer.orElseThrow().spanBuilder(operation + " " + attempt.upstreamModel())
                .setParent(parent).setSpanKind(SpanKind.CLIENT).setStartTimestamp(start)
                .setAttribute(OPERATION, operation)
                .setAttribute(PROVIDER, providerName(attempt.provider()))
                .setAttribute(REQUEST_MODEL, attempt.upstreamModel())
                .setAttribute("parley.provider", attempt.provider())
                .setAttribute("parley.key_position", (long) attempt.keyPosition())
                .setAttribute("parley.attempt.outcome", attempt.outcome().name());
        if (attempt.outcome() instanceof AttemptOutcome.HttpStatus status) {
            builder.setAttribute("http.response.status_code", (long) status.status());
        }
        Span span = builder.startSpan();
        if (attempt.outcome() instanceof AttemptOutcome.Ok) {
            if (last) {
                usage(span, row.usage());
            }
        } else {
            failed(span, attempt.outcome().name());
        }
        span.end(start.plus(attempt.duration()));
    }

    private static void usage(Span span, TokenUsage usage) {
        if (usage.source() instanceof TokenUsage.Source.None) {
            return;
        }
        // The conventions count cached tokens as part of the input, as OpenAI does; Parley's buckets do not overlap.
        span.setAttribute(INPUT_TOKENS, usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens());
        span.setAttribute(OUTPUT_TOKENS, usage.outputTokens());
        span.setAttribute(CACHE_READ, usage.cacheReadTokens());
        span.setAttribute(CACHE_WRITE, usage.cacheWriteTokens());
    }

    private static void failed(Span span, String error) {
        span.setAttribute(ERROR_TYPE, error);
        span.setStatus(StatusCode.ERROR);
    }

    /** The conventions' provider name for a configured provider: its API's vendor. */
    private String providerName(String provider) {
        return providers.apply(provider).map(p -> switch (p.type()) {
            case OPENAI -> "openai";
            case ANTHROPIC -> "anthropic";
            case GEMINI -> "gcp.gemini";
            case OPENAI_COMPATIBLE -> "openai";
        }).orElse(provider);
    }

    /** The conventions' operation: a Gemini generation is {@code generate_content}; embeddings; else chat. */
    private static String operation(Protocol protocol, String path) {
        if (path.endsWith("embeddings") || path.endsWith(":embedContent") || path.endsWith(":batchEmbedContents")) {
            return "embeddings";
        }
        if (path.endsWith("count_tokens") || path.endsWith(":countTokens")) {
            return "count_tokens";
        }
        return protocol == Protocol.GEMINI ? "generate_content" : "chat";
    }
}
