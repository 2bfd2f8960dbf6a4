package dev.parley.server;

import dev.parley.core.auth.VirtualKey;
import dev.parley.core.config.ProviderType;
import dev.parley.core.json.JsonMember;
import dev.parley.core.json.JsonScanException;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.ChannelBoard;
import dev.parley.core.routing.Choice;
import dev.parley.core.routing.KeyRotation;
import dev.parley.core.routing.Route;
import dev.parley.core.routing.Router;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;

/**
 * The steps every model endpoint shares before it knows its provider: scan the body, find the model (in the
 * body, or in the path for Gemini), check the key may use it, and pick a channel.
 */
final class ModelRequests {

    private final Router router;
    /** Shared by every event loop: a key cooled down or refused on one is out of turn on all. */
    private final KeyRotation keys;
    /** Shared by every event loop, like the keys: one channel's health is the same on all. */
    private final ChannelBoard board;

    ModelRequests(Router router, KeyRotation keys, ChannelBoard board) {
        this.router = router;
        this.keys = keys;
        this.board = board;
    }

    KeyRotation keys() {
        return keys;
    }

    ChannelBoard board() {
        return board;
    }

    /**
     * A request that named its model and passed the checks, with its body scanned, its first attempt routed, and
     * the route further attempts may take.
     */
    record Accepted(Routed routed, TopLevelObject body, List<Route> chain) {
    }

    /** A routed first attempt, and the routes further attempts may take: the model's, then its fallbacks'. */
    record FirstAttempt(Routed routed, List<Route> chain) {
    }

    /**
     * @param pathModel the model named in the URL (Gemini), which wins over the body
     * @param stream    whether the client asked for a stream, when the URL says so
     * @param messages  whether the body must carry a {@code messages} array (Chat and Anthropic conversations)
     */
    Optional<Accepted> accept(Exchange exchange, VirtualKey key, byte[] body, Optional<String> pathModel,
                              Optional<Boolean> stream, boolean messages) {
        return accept(exchange, key, body, pathModel, stream, messages, UpstreamProtocols::forClient);
    }

    Optional<Accepted> accept(Exchange exchange, VirtualKey key, byte[] body, Optional<String> pathModel,
                              Optional<Boolean> stream, boolean messages,
                              BiFunction<ProviderType, Protocol, Protocol> upstreamProtocol) {
        TopLevelObject scanned;
        try {
            scanned = TopLevelObject.scan(body);
        } catch (JsonScanException e) {
            exchange.fail(ApiError.of(ErrorKind.INVALID_REQUEST, e.getMessage()));
            return Optional.empty();
        }
        Optional<String> model = pathModel.or(() -> scanned.string("model")).filter(m -> !m.isBlank());
        if (model.isEmpty()) {
            exchange.fail(ApiError.of(ErrorKind.INVALID_REQUEST, "missing_model",
                    "You must provide a model parameter (a string).").withParam("model"));
            return Optional.empty();
        }
        Protocol client = exchange.protocol;
        if (messages && (client == Protocol.OPENAI_CHAT || client == Protocol.ANTHROPIC_MESSAGES)
                && scanned.member("messages").map(m -> m.kind() != JsonMember.Kind.ARRAY).orElse(true)) {
            exchange.fail(ApiError.of(ErrorKind.INVALID_REQUEST, "'messages' must be an array of messages.")
                    .withParam("messages"));
            return Optional.empty();
        }
        boolean streaming = stream.orElseGet(() -> scanned.bool("stream").orElse(false));
        return firstAttempt(exchange, key, model.get(), streaming, upstreamProtocol)
                .map(first -> new Accepted(first.routed(), scanned, first.chain()));
    }

    /** The channel for {@code model}, or the client's error when the key may not use it or it does not exist. */
    Optional<Routed> route(Exchange exchange, VirtualKey key, String model, boolean stream) {
        return route(exchange, key, model, stream, UpstreamProtocols::forClient);
    }

    /** The same, for endpoints whose upstream protocol follows other rules (embeddings). */
    Optional<Routed> route(Exchange exchange, VirtualKey key, String model, boolean stream,
                           BiFunction<ProviderType, Protocol, Protocol> upstreamProtocol) {
        return firstAttempt(exchange, key, model, stream, upstreamProtocol).map(FirstAttempt::routed);
    }

    private Optional<FirstAttempt> firstAttempt(Exchange exchange, VirtualKey key, String model, boolean stream,
                                                BiFunction<ProviderType, Protocol, Protocol> upstreamProtocol) {
        exchange.requested(model, stream);
        if (!key.models().allows(model)) {
            exchange.fail(ApiError.of(ErrorKind.PERMISSION, "model_not_allowed",
                    "This key may not use the model '" + model + "'.").withParam("model"));
            return Optional.empty();
        }
        List<Route> chain = router.chain(model);
        if (chain.isEmpty()) {
            exchange.fail(ApiError.of(ErrorKind.NOT_FOUND, "model_not_found",
                    "The model '" + model + "' does not exist in this Parley.").withParam("model"));
            return Optional.empty();
        }
        Instant now = Instant.now();
        long nowNanos = System.nanoTime();
        // The model's own channels first; a fallback model only when none of them can serve.
        Optional<Choice> choice = chain.stream()
                .flatMap(route -> Router.choose(route, board, keys, now, nowNanos, Set.of(), ThreadLocalRandom.current())
                        .stream())
                .findFirst();
        if (choice.isEmpty()) {
            exchange.fail(Attempts.noChannel(chain, keys, board, Optional.empty()));
            return Optional.empty();
        }
        exchange.claim(choice.get().attempt());
        Channel channel = choice.get().channel();
        Protocol upstream = upstreamProtocol.apply(channel.provider().type(), exchange.protocol);
        return Optional.of(new FirstAttempt(new Routed(exchange, channel, choice.get().key(), exchange.protocol, upstream,
                model, stream, Failover.NONE, choice.get().attempt()), chain));
    }
}
