package dev.parley.server;

import dev.parley.core.tokens.TokenEstimator;
import dev.parley.core.codec.Codecs;
import dev.parley.core.auth.VirtualKey;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.config.RetrySettings;
import dev.parley.core.routing.RetryBudget;
import dev.parley.core.protocol.Protocol;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The generation endpoints of all four protocols ({@code /v1/chat/completions}, {@code /v1/responses},
 * {@code /v1/messages}, Gemini {@code :generateContent} and {@code :streamGenerateContent}): the same protocol on
 * both sides takes the pass-through path, anything else is translated. A failure before the client has seen a
 * byte may be retried, on another channel if there is one ({@link Attempts}).
 */
final class Generate {

    private final ModelRequests requests;
    private final PassThrough passThrough;
    private final Translation translation;
    private final Policy everyModel;
    /**
     * The models with retry settings of their own, and so a budget of their own, by name and settings: a model made
     * or changed through the admin API gets its own from its first request.
     */
    private final Map<PolicyKey, Policy> ownPolicies = new ConcurrentHashMap<>();
    private final Catalog catalog;

    private record PolicyKey(String model, RetrySettings settings) {
    }

    /**
     * How one model's requests are retried. The top-level budget is shared by the whole gateway: the storm it
     * prevents is the sum of every request's retries.
     */
    private record Policy(RetrySettings settings, RetryBudget budget) {
        static Policy of(RetrySettings settings) {
            return new Policy(settings, new RetryBudget(settings.budgetPercent() / 100.0));
        }
    }

    Generate(ModelRequests requests, Upstream upstream, Catalog catalog) {
        this.requests = requests;
        this.catalog = catalog;
        this.everyModel = Policy.of(catalog.file().retries());
        this.passThrough = new PassThrough(upstream);
        this.translation = new Translation(upstream);
    }

    void handle(Exchange exchange, VirtualKey key, byte[] body, Optional<GeminiPath> gemini) {
        requests.accept(exchange, key, body, gemini.map(GeminiPath::model), gemini.map(GeminiPath::streaming), true,
                Admission.Spend.GENERATION,
                accepted -> {
                    Policy policy = policy(accepted.routed().model());
                    new Attempts(exchange, accepted.chain(), policy.settings(), requests.keys(), requests.board(),
                            policy.budget(), requests.room(), routed -> send(routed, accepted, gemini))
                            .start(accepted.routed());
                });
    }

    private Policy policy(String model) {
        return catalog.view().config().model(model)
                .flatMap(m -> m.retries().map(own -> ownPolicies.computeIfAbsent(new PolicyKey(model, own),
                        k -> Policy.of(own))))
                .orElse(everyModel);
    }

    /** One attempt; each may take the other path, when failover reaches a provider of another protocol. */
    private void send(Routed routed, ModelRequests.Accepted accepted, Optional<GeminiPath> gemini) {
        // The body as admission left it (capped under a budget), which both paths send.
        byte[] body = accepted.body().bytes();
        Map<String, String> headers = ForwardedHeaders.of(routed);
        RequestTarget target = gemini.map(g -> new RequestTarget(Optional.of(g.model()), g.streaming()))
                .orElse(RequestTarget.BODY);
        routed.exchange().inputEstimate(() -> inputTokens(routed.client(), body, target));
        if (routed.sameProtocol()) {
            passThrough.forward(routed, accepted.body(), gemini, headers, anthropicQuery(routed.exchange()));
        } else {
            translation.forward(routed, body, target, headers);
        }
    }

    /**
     * The request's input as the local tokenizer counts it, for a provider that reports no usage; read again from
     * the client's bytes, since a pass-through request is never parsed otherwise.
     */
    private static long inputTokens(Protocol client, byte[] body, RequestTarget target) {
        try {
            return TokenEstimator.request(Codecs.client(client).parseRequest(body, target));
        } catch (RuntimeException e) {
            return 0; // a body the provider accepted but Parley cannot read: nothing to count it with
        }
    }

    /** Claude Code's {@code ?beta=true}, kept for the provider; no other query parameter goes upstream. */
    static String anthropicQuery(Exchange exchange) {
        return "true".equals(exchange.request.getParam("beta")) ? "?beta=true" : "";
    }
}
