package dev.parley.server;

import dev.parley.core.protocol.Protocol;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upstream response headers a client may see: rate-limit state and timing. Everything else (cookies, the
 * provider's own request ids and organization names) stays behind Parley. When the client speaks another
 * vendor's protocol, the request and token limits are also given under that vendor's names (limits and
 * remainders copy as they are; reset times use different formats and are left under the provider's names).
 */
final class RateLimitHeaders {

    private static final Pattern OPENAI = Pattern.compile("x-ratelimit-(limit|remaining)-(requests|tokens)");
    private static final Pattern ANTHROPIC = Pattern.compile("anthropic-ratelimit-(requests|tokens)-(limit|remaining)");

    private RateLimitHeaders() {
    }

    static void copy(HttpClientResponse upstream, HttpServerResponse response, Routed routed) {
        boolean anthropicClient = routed.client() == Protocol.ANTHROPIC_MESSAGES;
        boolean openAiClient = routed.client() == Protocol.OPENAI_CHAT || routed.client() == Protocol.OPENAI_RESPONSES;
        for (Map.Entry<String, String> header : upstream.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-ratelimit-") || name.startsWith("anthropic-ratelimit-")
                    || name.equals("retry-after") || name.equals("openai-processing-ms")) {
                response.headers().add(name, header.getValue());
            }
            Optional<String> mapped = anthropicClient ? toAnthropic(name) : openAiClient ? toOpenAi(name) : Optional.empty();
            mapped.filter(m -> !upstream.headers().contains(m)).ifPresent(m -> response.headers().add(m, header.getValue()));
        }
    }

    static Optional<String> toAnthropic(String openAiName) {
        Matcher m = OPENAI.matcher(openAiName);
        return m.matches() ? Optional.of("anthropic-ratelimit-" + m.group(2) + "-" + m.group(1)) : Optional.empty();
    }

    static Optional<String> toOpenAi(String anthropicName) {
        Matcher m = ANTHROPIC.matcher(anthropicName);
        return m.matches() ? Optional.of("x-ratelimit-" + m.group(2) + "-" + m.group(1)) : Optional.empty();
    }
}
