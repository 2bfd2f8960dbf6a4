package dev.parley.server;

import dev.parley.core.auth.VirtualKey;
import dev.parley.core.config.ProviderType;
import dev.parley.core.config.QueueSettings;
import dev.parley.core.json.JsonMember;
import dev.parley.core.json.JsonScanException;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.codec.RequestSize;
import dev.parley.core.config.InputLimits;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.ChannelBoard;
import dev.parley.core.routing.Choice;
import dev.parley.core.routing.KeyRotation;
import dev.parley.core.routing.Route;
import dev.parley.core.routing.Router;
import dev.parley.core.routing.WaitControls;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.Function;

/**
 * The steps every model endpoint shares before it knows its provider: scan the body, find the model (in the
 * body, or in the path for Gemini), check the key may use it, and pick a channel, waiting for one in the
 * {@link WaitingRoom} when every key that could serve it is rate limited.
 */
final class ModelRequests {

    /** The current catalog's router: read once per request, which keeps it through its fallbacks. */
    private final Supplier<Router> router;
    /** Shared by every event loop: a key cooled down or refused on one is out of turn on all. */
    private final KeyRotation keys;
    /** Shared by every event loop, like the keys: one channel's health is the same on all. */
    private final ChannelBoard board;
    private final WaitingRoom room;
    private final Admission admission;
    /** What a request may be at most: its JSON's nesting, its conversation's and tools' counts. */
    private final InputLimits limits;

    ModelRequests(Supplier<Router> router, KeyRotation keys, ChannelBoard board, QueueSettings queue, Admission admission,
                  InputLimits limits) {
        this.limits = limits;
        this.router = router;
        this.keys = keys;
        this.board = board;
        this.room = new WaitingRoom(keys, board, queue);
        this.admission = admission;
    }

    KeyRotation keys() {
        return keys;
    }

    WaitingRoom room() {
        return room;
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

    /**
     * A routed first attempt, the routes further attempts may take (the model's, then its fallbacks'), and the
     * body every attempt sends (as admission left it).
     */
    record FirstAttempt(Routed routed, List<Route> chain, TopLevelObject body) {
    }

    /**
     * Checks and routes a request; {@code then} runs (on the exchange's context) once it has a channel, which may
     * be after a wait in the {@link WaitingRoom}; otherwise the client has its error.
     *
     * @param pathModel the model named in the URL (Gemini), which wins over the body
     * @param stream    whether the client asked for a stream, when the URL says so
     * @param messages  whether the body must carry a {@code messages} array (Chat and Anthropic conversations)
     * @param spend     what the request can cost, for its key's limits and budgets
     */
    void accept(Exchange exchange, VirtualKey key, byte[] body, Optional<String> pathModel, Optional<Boolean> stream,
                boolean messages, Admission.Spend spend, Consumer<Accepted> then) {
        accept(exchange, key, body, pathModel, stream, messages, spend, UpstreamProtocols::forClient, then);
    }

    void accept(Exchange exchange, VirtualKey key, byte[] body, Optional<String> pathModel, Optional<Boolean> stream,
                boolean messages, Admission.Spend spend, BiFunction<ProviderType, Protocol, Protocol> upstreamProtocol,
                Consumer<Accepted> then) {
        TopLevelObject scanned;
        try {
            scanned = TopLevelObject.scan(body, limits.maxJsonDepth());
        } catch (JsonScanException e) {
            exchange.fail(ApiError.of(ErrorKind.INVALID_REQUEST, e.getMessage()));
            return;
        }
        Optional<ApiError> tooLarge = RequestSize.check(exchange.protocol, scanned, limits);
        if (tooLarge.isPresent()) {
            exchange.fail(tooLarge.get());
            return;
        }
        Optional<String> model = pathModel.or(() -> scanned.string("model")).filter(m -> !m.isBlank());
        if (model.isEmpty()) {
            exchange.fail(ApiError.of(ErrorKind.INVALID_REQUEST, "missing_model",
                    "You must provide a model parameter (a string).").withParam("model"));
            return;
        }
        Protocol client = exchange.protocol;
        if (messages && (client == Protocol.OPENAI_CHAT || client == Protocol.ANTHROPIC_MESSAGES)
                && scanned.member("messages").map(m -> m.kind() != JsonMember.Kind.ARRAY).orElse(true)) {
            exchange.fail(ApiError.of(ErrorKind.INVALID_REQUEST, "'messages' must be an array of messages.")
                    .withParam("messages"));
            return;
        }
        boolean streaming = stream.orElseGet(() -> scanned.bool("stream").orElse(false));
        firstAttempt(exchange, key, scanned, model.get(), streaming, spend, upstreamProtocol,
                first -> then.accept(new Accepted(first.routed(), first.body(), first.chain())));
    }

    private void firstAttempt(Exchange exchange, VirtualKey key, TopLevelObject body, String model, boolean stream,
                              Admission.Spend spend, BiFunction<ProviderType, Protocol, Protocol> upstreamProtocol,
                              Consumer<FirstAttempt> then) {
        exchange.requested(model, stream);
        if (!key.models().allows(model)) {
            exchange.fail(ApiError.of(ErrorKind.PERMISSION, "model_not_allowed",
                    "This key may not use the model '" + model + "'.").withParam("model"));
            return;
        }
        List<Route> configured = router.get().chain(model);
        if (configured.isEmpty()) {
            exchange.fail(ApiError.of(ErrorKind.NOT_FOUND, "model_not_found",
                    "The model '" + model + "' does not exist in this Parley.").withParam("model"));
            return;
        }
        Optional<Duration> maxWait = header(exchange, WaitControls.MAX_WAIT_HEADER, WaitControls::maxWait,
                "seconds (e.g. 2.5) or a duration (e.g. 500ms)");
        Optional<Integer> priority = header(exchange, WaitControls.PRIORITY_HEADER, WaitControls::priority,
                "an integer from -10 to 10, or low, normal or high");
        if (exchange.ended()) {
            return;
        }
        // A store key's access rules, limits and budgets; the chain keeps only the channels the key may use.
        admission.admit(exchange, key, body, model, configured, spend, admitted -> route(exchange, model, stream,
                admitted, maxWait, priority, upstreamProtocol, then));
    }

    private void route(Exchange exchange, String model, boolean stream, Admission.Admitted admitted,
                       Optional<Duration> maxWait, Optional<Integer> priority,
                       BiFunction<ProviderType, Protocol, Protocol> upstreamProtocol, Consumer<FirstAttempt> then) {
        List<Route> chain = admitted.chain();
        Consumer<Choice> routed = choice -> {
            // Claimed first: whatever happens to the exchange now, the channel's attempt is ended with it.
            exchange.claim(choice.attempt());
            Channel channel = choice.channel();
            Protocol upstream = upstreamProtocol.apply(channel.provider().type(), exchange.protocol);
            then.accept(new FirstAttempt(new Routed(exchange, channel, choice.key(), exchange.protocol, upstream,
                    model, stream, Failover.NONE, choice.attempt()), chain, admitted.body()));
        };
        Instant now = Instant.now();
        long nowNanos = System.nanoTime();
        Exchange.WaitTerms terms = new Exchange.WaitTerms(now.plus(room.maxWait(maxWait)),
                priority.orElse(WaitControls.NORMAL));
        exchange.waitTerms(terms);
        // The model's own channels first; a fallback model only when none of them can serve. A loop, not a stream:
        // it runs for every request, and the stream's own work was most of it.
        for (Route route : chain) {
            Optional<Choice> choice = Router.choose(route, board, keys, now, nowNanos, Set.of(),
                    ThreadLocalRandom.current());
            if (choice.isPresent()) {
                routed.accept(choice.get());
                return;
            }
        }
        room.await(exchange, chain, terms.left(now), terms.priority(), routed);
    }

    /**
     * A Parley control header, read with {@code parse}: empty when absent; a value that does not parse is the
     * client's 400, naming the header (the exchange has then ended).
     */
    private static <T> Optional<T> header(Exchange exchange, String name, Function<String, Optional<T>> parse,
                                          String expected) {
        Optional<String> value = Optional.ofNullable(exchange.request.getHeader(name));
        if (value.isEmpty() || exchange.ended()) {
            return Optional.empty();
        }
        Optional<T> parsed = parse.apply(value.get());
        if (parsed.isEmpty()) {
            exchange.fail(ApiError.of(ErrorKind.INVALID_REQUEST, "invalid_header",
                    "The header " + name + " must be " + expected + "."));
        }
        return parsed;
    }
}
