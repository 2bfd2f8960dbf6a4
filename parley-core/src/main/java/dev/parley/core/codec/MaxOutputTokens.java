package dev.parley.core.codec;

import dev.parley.core.json.JsonMember;
import dev.parley.core.json.JsonScanException;
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
