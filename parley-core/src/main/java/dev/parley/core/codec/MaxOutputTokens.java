package dev.parley.core.codec;

import dev.parley.core.json.JsonMember;
import dev.parley.core.json.JsonScanException;
import dev.parley.core.json.JsonSplice;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.protocol.Protocol;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The most output tokens a request asks for, read from its scanned body without parsing it: Chat's
 * {@code max_completion_tokens} or older {@code max_tokens}, Responses' {@code max_output_tokens}, Anthropic's
 * {@code max_tokens}, Gemini's {@code generationConfig.maxOutputTokens} (or the snake-case spellings Google's JSON
 * also accepts). What access rules and budgets bound a request by.
 *
 * @param param the member that says it, as the client wrote it, for an error to name
 * @param value the number of tokens (a fraction rounds up; the provider refuses it anyway)
 */
public record MaxOutputTokens(String param, long value) {

    /**
     * The smallest maximum any upstream writer sends: OpenAI's Responses API refuses less, so a smaller one is raised
     * to it, and whoever reserves for a request's output must reserve at least this much.
     */
    public static final int SMALLEST_SENT = 16;

    private static final List<String> CHAT = List.of("max_completion_tokens", "max_tokens");

    /** The largest output the body allows, when it says; empty when it names none (or not as a number). */
    public static Optional<MaxOutputTokens> of(Protocol protocol, TopLevelObject body) {
        return switch (protocol) {
            case OPENAI_CHAT -> CHAT.stream().flatMap(name -> number(body, name).stream())
                    .max((a, b) -> Long.compare(a.value(), b.value()));
            case OPENAI_RESPONSES -> number(body, "max_output_tokens");
            case ANTHROPIC_MESSAGES -> number(body, "max_tokens");
            case GEMINI -> gemini(body, "generationConfig", "maxOutputTokens")
                    .or(() -> gemini(body, "generation_config", "max_output_tokens"));
        };
    }

    /** The name of the member a client of {@code protocol} sets to bound its output. */
    public static String paramOf(Protocol protocol) {
        return switch (protocol) {
            case OPENAI_CHAT -> "max_completion_tokens";
            case OPENAI_RESPONSES -> "max_output_tokens";
            case ANTHROPIC_MESSAGES -> "max_tokens";
            case GEMINI -> "generationConfig.maxOutputTokens";
        };
    }

    /**
     * The body with its maximum output set to {@code tokens} when it names none, every other byte copied
     * unchanged; the body's own bytes when it names one (Anthropic's is required, so it always does). What bounds a
     * budgeted request's output to what its budgets reserved for. Chat gets {@code max_completion_tokens}, the name
     * every Chat model accepts (OpenAI's reasoning models refuse {@code max_tokens}), and the one the Chat writer
     * sends every Chat upstream already.
     */
    public static byte[] cap(Protocol protocol, TopLevelObject body, long tokens) {
        if (of(protocol, body).isPresent()) {
            return body.bytes();
        }
        byte[] value = Long.toString(tokens).getBytes(StandardCharsets.US_ASCII);
        return switch (protocol) {
            case OPENAI_CHAT, OPENAI_RESPONSES -> JsonSplice.of(body).set(paramOf(protocol), value).apply();
            case ANTHROPIC_MESSAGES -> body.bytes();
            case GEMINI -> capGemini(body, value);
        };
    }

    /**
     * Into the configuration object the client wrote, in its spelling; a {@code generationConfig} of its own when
     * it wrote none (or one that is not an object, which the provider would refuse anyway).
     */
    private static byte[] capGemini(TopLevelObject body, byte[] value) {
        Optional<JsonMember> snake = body.member("generation_config").filter(m -> m.kind() == JsonMember.Kind.OBJECT);
        Optional<JsonMember> camel = body.member("generationConfig").filter(m -> m.kind() == JsonMember.Kind.OBJECT);
        if (camel.isPresent()) {
            return JsonSplice.of(body).set("generationConfig", into(body, camel.get(), "maxOutputTokens", value)).apply();
        }
        if (snake.isPresent() && body.member("generationConfig").isEmpty()) {
            return JsonSplice.of(body).set("generation_config", into(body, snake.get(), "max_output_tokens", value))
                    .apply();
        }
        byte[] config = ("{\"maxOutputTokens\":" + new String(value, StandardCharsets.US_ASCII) + "}")
                .getBytes(StandardCharsets.US_ASCII);
        return JsonSplice.of(body).set("generationConfig", config).apply();
    }

    private static byte[] into(TopLevelObject body, JsonMember config, String name, byte[] value) {
        return JsonSplice.of(TopLevelObject.scan(body.rawValue(config))).set(name, value).apply();
    }

    private static Optional<MaxOutputTokens> gemini(TopLevelObject body, String config, String name) {
        Optional<JsonMember> member = body.member(config).filter(m -> m.kind() == JsonMember.Kind.OBJECT);
        if (member.isEmpty()) {
            return Optional.empty();
        }
        try {
            return number(TopLevelObject.scan(body.rawValue(member.get())), name)
                    .map(found -> new MaxOutputTokens(config + "." + name, found.value()));
        } catch (JsonScanException e) {
            return Optional.empty(); // cannot happen for a member the scan saw as an object; nothing to bound by
        }
    }

    private static Optional<MaxOutputTokens> number(TopLevelObject body, String name) {
        return body.member(name).filter(m -> m.kind() == JsonMember.Kind.NUMBER).flatMap(m -> {
            try {
                return Optional.of(new MaxOutputTokens(name, tokens(new BigDecimal(new String(body.rawValue(m),
                        StandardCharsets.US_ASCII)))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** Compared before rounding, so that an exponent such as {@code 1e999999999} is never expanded. */
    private static long tokens(BigDecimal value) {
        if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) {
            return Long.MAX_VALUE;
        }
        if (value.compareTo(BigDecimal.ONE) < 0) {
            return value.signum() > 0 ? 1 : 0;
        }
        return value.setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
