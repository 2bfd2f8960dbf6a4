package dev.parley.testkit;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/** Turns each request into an answer: records it, routes it, draws from the script and hands the wire work on. */
final class Dispatcher {

    /** A generation request, understood. */
    private record Call(Exchange exchange, RecordedRequest recorded, WireFormat format, Wire wire, String model,
            boolean streaming, boolean includeUsage, String requestId) {}

    /** How a chunk fault ends its stream, once the number of events sent before it is known. */
    private interface EndingFactory {
        Exchange.Ending create(int events, Turn turn);
    }

    private record RenderKey(Reply reply, WireFormat format, boolean streaming, boolean includeUsage, String model) {}

    private final Vertx vertx;
    private final FakeProviderConfig config;
    private final Script script;
    private final Recorder recorder;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<RenderKey, List<Buffer>> renderings = new ConcurrentHashMap<>();

    Dispatcher(Vertx vertx, FakeProviderConfig config, Script script, Recorder recorder) {
        this.vertx = vertx;
        this.config = config;
        this.script = script;
        this.recorder = recorder;
    }

    void handle(HttpServerRequest request) {
        Instant received = Instant.now();
        long receivedNanos = System.nanoTime();
        request.exceptionHandler(ignored -> {});
        request.body().onSuccess(body -> dispatch(request, body.getBytes(), received, receivedNanos));
    }

    private void dispatch(HttpServerRequest request, byte[] body, Instant received, long receivedNanos) {
        long number = sequence.incrementAndGet();
        Route route = Route.resolve(request.method(), request.path(), request.headers());
        Optional<JsonNode> json = Json.parse(body);
        RecordedRequest recorded = new RecordedRequest(number, request.method().name(), request.uri(),
                request.path(), headers(request.headers()), body, json, format(route), model(route, json), received,
                receivedNanos);
        long epoch = recorder.request(recorded);
        Exchange exchange = new Exchange(vertx, request, recorded, recorder, epoch);
        String requestId = "req_fake" + String.format("%06d", number);
        WireFormat errorFormat = recorded.format().orElse(WireFormat.OPENAI_CHAT);
        try {
            switch (route) {
                case Route.Generate generate -> generate(exchange, recorded, generate, requestId);
                case Route.CountTokens(WireFormat format) -> ok(exchange, format, requestId,
                        format == WireFormat.ANTHROPIC ? Catalog.anthropicCount(object(recorded))
                                : Catalog.geminiCount(object(recorded)));
                case Route.ListModels(WireFormat format) -> ok(exchange, format, requestId, switch (format) {
                    case ANTHROPIC -> Catalog.anthropicModels(config.models());
                    case GEMINI -> Catalog.geminiModels(config.models());
                    case OPENAI_CHAT, OPENAI_RESPONSES -> Catalog.openAiModels(config.models());
                });
                case Route.Embed(Route.EmbedApi api) -> embed(exchange, recorded, api, requestId);
                case Route.NotFound() -> exchange.respond(OpenAiErrors.notFound(
                        "Unknown request URL: " + request.method() + " " + request.path() + ".", requestId),
                        "application/json", Map.of());
            }
        } catch (BadRequest e) {
            Wire wire = Wire.of(errorFormat);
            exchange.respond(wire.error(Fault.status(400).withMessage(e.getMessage()), requestId, Instant.now()),
                    wire.jsonContentType(), wire.headers(requestId));
        }
    }

    private void generate(Exchange exchange, RecordedRequest recorded, Route.Generate route, String requestId) {
        JsonNode body = object(recorded);
        String model = recorded.model().orElseThrow(() -> new BadRequest("model is required"));
        WireFormat format = route.format();
        boolean streaming = route.pathStreaming()
                || (format != WireFormat.GEMINI && body.path("stream").asBoolean(false));
        boolean includeUsage = format == WireFormat.OPENAI_CHAT
                && body.path("stream_options").path("include_usage").asBoolean(false);
        Call call = new Call(exchange, recorded, format, Wire.of(format), model, streaming, includeUsage, requestId);
        Script.Drawn drawn = script.next(Optional.of(model));
        switch (drawn.answer()) {
            case Reply reply -> exchange.later(reply.pacing().headerDelay(),
                    () -> deliver(call, reply, !drawn.scripted()));
            case Fault.Status status -> statusFault(call, status);
            case Fault.StallBeforeHeaders(Duration duration) -> exchange.stallThenClose(duration);
            case Fault.StallAfterChunks(int chunks, Duration duration, Optional<Reply> reply) ->
                    partial(call, reply, chunks, (events, turn) -> new Exchange.Ending.Stall(events, duration));
            case Fault.CutAfterChunks(int chunks, Optional<Reply> reply) ->
                    partial(call, reply, chunks, (events, turn) -> new Exchange.Ending.Cut(events));
            case Fault.ErrorEventAfterChunks(int chunks, Optional<Reply> reply, Optional<String> message) -> {
                if (streaming) {
                    partial(call, reply, chunks, (events, turn) ->
                            new Exchange.Ending.ErrorEvent(events, call.wire().streamError(turn, events, message)));
                } else {
                    statusFault(call, Fault.status(500));
                }
            }
            case Fault.CloseBeforeResponse() -> exchange.reset();
        }
    }

    private void statusFault(Call call, Fault.Status status) {
        ErrorResponse error = call.wire().error(status, call.requestId(), Instant.now());
        call.exchange().respond(error, call.wire().jsonContentType(), call.wire().headers(call.requestId()));
    }

    /** A chunk fault: the reply goes out as usual until the fault strikes, so never in full. */
    private void partial(Call call, Optional<Reply> scripted, int chunks, EndingFactory ending) {
        Reply reply = scripted.orElse(config.defaultReply());
        call.exchange().later(reply.pacing().headerDelay(), () -> {
            Turn turn = turn(call, reply);
            if (call.streaming()) {
                List<Buffer> frames = call.wire().stream(turn);
                int events = Math.min(chunks, frames.size() - 1);
                call.exchange().stream(call.wire().streamContentType(), call.wire().headers(call.requestId()),
                        frames, reply.pacing().chunkDelay(), ending.create(events, turn), () -> {});
            } else {
                Exchange.Ending end = ending.create(0, turn);
                Optional<Duration> stall = end instanceof Exchange.Ending.Stall(_, Duration duration)
                        ? Optional.of(duration) : Optional.empty();
                call.exchange().partialBody(call.wire().jsonContentType(), call.wire().headers(call.requestId()),
                        call.wire().body(turn), stall);
            }
        });
    }

    private void deliver(Call call, Reply reply, boolean standing) {
        Runnable served = () -> call.exchange().recordServed(call.format(), call.streaming(), reply.usage());
        Map<String, String> headers = new LinkedHashMap<>(call.wire().headers(call.requestId()));
        headers.putAll(reply.headers());
        List<Buffer> rendered = render(call, reply, standing);
        if (call.streaming()) {
            call.exchange().stream(call.wire().streamContentType(), headers, rendered, reply.pacing().chunkDelay(),
                    new Exchange.Ending.Complete(), served);
        } else {
            call.exchange().respond(200, call.wire().jsonContentType(), headers, rendered.getFirst(), served);
        }
    }

    /** The stream's events, or the body as a single element. */
    private List<Buffer> render(Call call, Reply reply, boolean standing) {
        if (standing && config.reuseRenderings()) {
            RenderKey key = new RenderKey(reply, call.format(), call.streaming(), call.includeUsage(), call.model());
            return renderings.computeIfAbsent(key, k -> renderFresh(call, reply));
        }
        return renderFresh(call, reply);
    }

    private List<Buffer> renderFresh(Call call, Reply reply) {
        Turn turn = turn(call, reply);
        return call.streaming() ? call.wire().stream(turn) : List.of(call.wire().body(turn));
    }

    private static Turn turn(Call call, Reply reply) {
        return new Turn(reply, call.model(), call.recorded().sequence(), Instant.now(), call.includeUsage());
    }

    private void embed(Exchange exchange, RecordedRequest recorded, Route.EmbedApi api, String requestId) {
        JsonNode body = object(recorded);
        switch (api) {
            case OPENAI -> ok(exchange, WireFormat.OPENAI_CHAT, requestId, Embeddings.openAi(body,
                    recorded.model().orElseThrow(() -> new BadRequest("model is required"))));
            case GEMINI_SINGLE -> ok(exchange, WireFormat.GEMINI, requestId, Embeddings.geminiSingle(body));
            case GEMINI_BATCH -> ok(exchange, WireFormat.GEMINI, requestId, Embeddings.geminiBatch(body));
        }
    }

    private static void ok(Exchange exchange, WireFormat format, String requestId, Buffer body) {
        Wire wire = Wire.of(format);
        exchange.respond(200, wire.jsonContentType(), wire.headers(requestId), body, () -> {});
    }

    private static JsonNode object(RecordedRequest recorded) {
        return recorded.json().filter(JsonNode::isObject)
                .orElseThrow(() -> new BadRequest("The request body must be a JSON object."));
    }

    private static Optional<WireFormat> format(Route route) {
        return switch (route) {
            case Route.Generate generate -> Optional.of(generate.format());
            case Route.CountTokens(WireFormat format) -> Optional.of(format);
            case Route.ListModels(WireFormat format) -> Optional.of(format);
            case Route.Embed(Route.EmbedApi api) -> Optional.of(
                    api == Route.EmbedApi.OPENAI ? WireFormat.OPENAI_CHAT : WireFormat.GEMINI);
            case Route.NotFound() -> Optional.empty();
        };
    }

    private static Optional<String> model(Route route, Optional<JsonNode> json) {
        if (route instanceof Route.Generate(_, Optional<String> pathModel, _)
                && pathModel.isPresent()) {
            return pathModel;
        }
        return json.map(node -> node.path("model")).filter(JsonNode::isString).map(JsonNode::asString);
    }

    private static Map<String, List<String>> headers(MultiMap headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String name : headers.names()) {
            map.put(name, headers.getAll(name));
        }
        return map;
    }
}
