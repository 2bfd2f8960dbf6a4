package dev.parley.server;

import dev.parley.core.protocol.Protocol;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client headers an upstream request carries: only those its provider's {@code forward_headers} list names (by
 * default Anthropic's protocol headers for an Anthropic provider, nothing for the others), on the pass-through and
 * the translation path alike. The configuration refuses a list naming a credential header; here a value that holds
 * the client's own key, or anything the redaction takes for a secret, is dropped too, so that no Parley key reaches a
 * provider through a header the operator allowed for something else.
 */
final class ForwardedHeaders {

    private ForwardedHeaders() {
    }

    static Map<String, String> of(Routed routed) {
        Exchange exchange = routed.exchange();
        HttpServerRequest request = exchange.request;
        Optional<String> presented = PresentedKey.from(request);
        Map<String, String> headers = new HashMap<>();
        for (String name : routed.channel().provider().forwardHeaders()) {
            // Anthropic's version and betas describe the body an Anthropic client wrote, which is what the provider
            // receives only from such a client.
            if (name.startsWith("anthropic-") && routed.client() != Protocol.ANTHROPIC_MESSAGES) {
                continue;
            }
            List<String> values = request.headers().getAll(name);
            if (values.isEmpty()) {
                continue;
            }
            String value = String.join(", ", values);
            boolean secret = presented.map(value::contains).orElse(false)
                    || exchange.redaction.redact(value) != value;
            if (!secret) {
                headers.put(name, value);
            }
        }
        return headers;
    }
}
