package dev.parley.server;

import dev.parley.core.auth.VirtualKey;
import dev.parley.core.json.JsonMember;
import dev.parley.core.json.JsonScanException;
import dev.parley.core.json.JsonSplice;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.openai.ChatUsage;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.KeyRotation;
import dev.parley.core.routing.Route;
import dev.parley.core.routing.Router;
import dev.parley.core.usage.TokenUsage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /v1/chat/completions} to OpenAI and OpenAI-compatible upstreams: the pass-through path. The body
 * is scanned, not parsed into a tree; only {@code model} and {@code stream_options} are rewritten, every other
 * byte goes upstream as the client sent it.
 */
final class ChatCompletionsHandler {

    private static final byte[] INCLUDE_USAGE = "{\"include_usage\":true}".getBytes(StandardCharsets.UTF_8);
    private final Router router;
    private final UpstreamClients clients;
    private final KeyRotation rotation = new KeyRotation();

    ChatCompletionsHandler(Router router, UpstreamClients clients) {
        this.router = router;
        this.clients = clients;
    }

    void handle(Exchange exchange, VirtualKey key, byte[] body) {
        TopLevelObject request;
        try {
            request = TopLevelObject.scan(body);
        } catch (JsonScanException e) {
            exchange.fail(ApiError.of(ErrorKind.INVALID_REQUEST, e.getMessage()));
            return;
        }
        Optional<String> model = request.string("model").filter(m -> !m.isBlank());
        if (model.isEmpty()) {
            exchange.fail(ApiError.of(ErrorKind.INVALID_REQUEST, "missing_model",
                    "You must provide a model parameter (a string).").withParam("model"));
            return;
        }
        if (request.member("messages").map(m -> m.kind() != JsonMember.Kind.ARRAY).orElse(true)) {
            exchange.fail(ApiError.of(ErrorKind.INVALID_REQUEST, "'messages' must be an array of messages.")
                    .withParam("messages"));
            return;
        }
        boolean stream = request.bool("stream").orElse(false);
        exchange.requested(model.get(), stream);
        if (!key.models().allows(model.get())) {
            exchange.fail(ApiError.of(ErrorKind.PERMISSION, "model_not_allowed",
                    "This key may not use the model '" + model.get() + "'.").withParam("model"));
            return;
        }
        Optional<Route> route = router.resolve(model.get());
        if (route.isEmpty()) {
            exchange.fail(ApiError.of(ErrorKind.NOT_FOUND, "model_not_found",
                    "The model '" + model.get() + "' does not exist in this Parley.").withParam("model"));
            return;
        }
        Channel channel = Router.pick(route.get(), ThreadLocalRandom.current());
        switch (channel.provider().type()) {
            case OPENAI, OPENAI_COMPATIBLE -> forward(exchange, channel, request, model.get(), stream);
            case ANTHROPIC, GEMINI -> exchange.fail(ApiError.of(ErrorKind.INVALID_REQUEST, "unsupported_route",
                    "The model '" + model.get() + "' is served by a " + channel.provider().type().wireName()
                            + " provider, which this Parley cannot reach from /v1/chat/completions."));
        }
    }

    private void forward(Exchange exchange, Channel channel, TopLevelObject request, String model, boolean stream) {
        JsonSplice splice = JsonSplice.of(request);
        if (!channel.upstreamModel().equals(model)) {
            splice.setString("model", channel.upstreamModel());
        }
        Optional<TopLevelObject> streamOptions = stream ? streamOptions(request) : Optional.empty();
        boolean clientWantsUsage = streamOptions.flatMap(o -> o.bool("include_usage")).orElse(false);
        if (stream && !clientWantsUsage) {
            // Ask for usage so every streamed request is billed; the extra chunk is stripped on the way back.
            splice.set("stream_options", withIncludeUsage(streamOptions));
        }
        Buffer upstreamBody = Buffer.buffer(splice.apply());
        clients.client(channel.provider())
                .request(UpstreamClients.post(channel.provider(), "/chat/completions",
                        rotation.next(channel.provider()), stream))
                .onSuccess(upstream -> send(exchange, channel, upstream, upstreamBody, stream, clientWantsUsage))
                .onFailure(e -> exchange.fail(UpstreamFailures.fromException(channel, e)));
    }

    private void send(Exchange exchange, Channel channel, HttpClientRequest upstream, Buffer body, boolean stream,
                      boolean clientWantsUsage) {
        if (exchange.ended()) {
            upstream.reset();
            return;
        }
        exchange.attempt(channel, upstream);
        exchange.passport.upstreamSent();
        upstream.send(body)
                .onSuccess(response -> onResponse(exchange, channel, response, stream, clientWantsUsage))
                .onFailure(e -> exchange.fail(UpstreamFailures.fromException(channel, e)));
    }

    private void onResponse(Exchange exchange, Channel channel, HttpClientResponse upstream, boolean stream,
                            boolean clientWantsUsage) {
        exchange.passport.firstUpstreamByte();
        int status = upstream.statusCode();
        if (status / 100 != 2) {
            upstream.body().onSuccess(b -> upstreamError(exchange, channel, upstream, b.getBytes()))
                    .onFailure(e -> exchange.fail(UpstreamFailures.fromException(channel, e)));
            return;
        }
        UpstreamHeaders.copy(upstream, exchange.response);
        String contentType = upstream.getHeader("content-type");
        if (stream && contentType != null && contentType.startsWith("text/event-stream")) {
            new ChatStreamRelay(exchange, channel, upstream, clientWantsUsage).start();
            return;
        }
        upstream.body().onSuccess(b -> {
            byte[] bytes = b.getBytes();
            usageOf(bytes).ifPresent(exchange::usage);
            exchange.response.setStatusCode(status)
                    .putHeader("content-type", contentType == null ? "application/json" : contentType)
                    .end(b);
            exchange.end();
        }).onFailure(e -> exchange.fail(UpstreamFailures.fromException(channel, e)));
    }

    private static void upstreamError(Exchange exchange, Channel channel, HttpClientResponse upstream, byte[] body) {
        int status = upstream.statusCode();
        boolean clientsOwnMistake = status >= 400 && status < 500 && status != 401 && status != 402
                && status != 403 && status != 429;
        if (clientsOwnMistake && !exchange.ended()) {
            // Same protocol on both sides: the provider's error is already in the client's shape, code included.
            exchange.errorType("upstream_" + status);
            exchange.response.setStatusCode(status).putHeader("content-type", "application/json").end(Buffer.buffer(body));
            exchange.end();
            return;
        }
        exchange.fail(UpstreamFailures.fromStatus(channel, status, upstream.headers(), body));
    }

    /** The client's {@code stream_options} object, scanned once; empty when absent or not an object. */
    private static Optional<TopLevelObject> streamOptions(TopLevelObject request) {
        return request.member("stream_options")
                .filter(m -> m.kind() == JsonMember.Kind.OBJECT)
                .map(m -> TopLevelObject.scan(request.rawValue(m)));
    }

    private static byte[] withIncludeUsage(Optional<TopLevelObject> streamOptions) {
        return streamOptions
                .map(o -> JsonSplice.of(o).set("include_usage", "true".getBytes(StandardCharsets.UTF_8)).apply())
                .orElse(INCLUDE_USAGE);
    }

    static Optional<TokenUsage> usageOf(byte[] responseBody) {
        try {
            TopLevelObject response = TopLevelObject.scan(responseBody);
            return response.member("usage")
                    .filter(m -> m.kind() == JsonMember.Kind.OBJECT)
                    .flatMap(m -> ChatUsage.parse(response.rawValue(m)));
        } catch (JsonScanException e) {
            return Optional.empty();
        }
    }
}
