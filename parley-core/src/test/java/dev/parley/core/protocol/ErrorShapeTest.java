package dev.parley.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class ErrorShapeTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void openAiShapeForAnUnknownModel() {
        RenderedError r = ErrorShape.of(Protocol.OPENAI_CHAT)
                .render(ApiError.of(ErrorKind.NOT_FOUND, "The model 'x' does not exist").withParam("model"));

        JsonNode error = json.readTree(r.body()).get("error");
        assertThat(r.status()).isEqualTo(404);
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asString()).isEqualTo("model_not_found");
        assertThat(error.get("param").asString()).isEqualTo("model");
        assertThat(error.get("message").asString()).isEqualTo("The model 'x' does not exist");
    }

    @Test
    void anthropicOverloadIs529() {
        RenderedError r = ErrorShape.of(Protocol.ANTHROPIC_MESSAGES).render(ApiError.of(ErrorKind.OVERLOADED, "busy"));

        JsonNode body = json.readTree(r.body());
        assertThat(r.status()).isEqualTo(529);
        assertThat(body.get("type").asString()).isEqualTo("error");
        assertThat(body.at("/error/type").asString()).isEqualTo("overloaded_error");
    }

    @Test
    void aSpentBudgetIsNeverA429SoThatNoSdkRetriesIt() {
        ApiError budget = ApiError.of(ErrorKind.BUDGET_EXCEEDED, "team t1's daily budget of $5 is spent.");

        RenderedError chat = ErrorShape.of(Protocol.OPENAI_CHAT).render(budget);
        RenderedError responses = ErrorShape.of(Protocol.OPENAI_RESPONSES).render(budget);
        RenderedError anthropic = ErrorShape.of(Protocol.ANTHROPIC_MESSAGES).render(budget);
        RenderedError gemini = ErrorShape.of(Protocol.GEMINI).render(budget);

        assertThat(chat.status()).isEqualTo(402);
        assertThat(json.readTree(chat.body()).at("/error/type").asString()).isEqualTo("budget_exceeded");
        assertThat(json.readTree(chat.body()).at("/error/code").asString()).isEqualTo("budget_exceeded");
        assertThat(responses.status()).isEqualTo(402);
        assertThat(anthropic.status()).isEqualTo(402);
        assertThat(json.readTree(anthropic.body()).at("/error/type").asString()).isEqualTo("billing_error");
        assertThat(gemini.status()).isEqualTo(400);
        assertThat(json.readTree(gemini.body()).at("/error/status").asString()).isEqualTo("FAILED_PRECONDITION");
        assertThat(json.readTree(gemini.body()).at("/error/message").asString()).isEqualTo(budget.message());
    }

    @Test
    void onlyAnthropicClientsEverSee529() {
        for (Protocol p : EnumSet.complementOf(EnumSet.of(Protocol.ANTHROPIC_MESSAGES))) {
            for (ErrorKind kind : ErrorKind.values()) {
                assertThat(ErrorShape.of(p).render(ApiError.of(kind, "m")).status()).as("%s %s", p, kind).isNotEqualTo(529);
            }
        }
    }

    @Test
    void geminiRateLimitCarriesRetryInfo() {
        RenderedError r = ErrorShape.of(Protocol.GEMINI)
                .render(ApiError.of(ErrorKind.RATE_LIMITED, "slow down").withRetryAfter(Duration.ofSeconds(12)));

        JsonNode error = json.readTree(r.body()).get("error");
        assertThat(r.status()).isEqualTo(429);
        assertThat(error.get("status").asString()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.at("/details/0/retryDelay").asString()).isEqualTo("12s");
        assertThat(r.retryAfter()).contains(Duration.ofSeconds(12));
    }

    @Test
    void everyKindRendersValidJsonInEveryProtocolWithHostileText() {
        String hostile = "quote \" backslash \\ newline \n </script> \u0000";
        for (Protocol p : Protocol.values()) {
            for (ErrorKind kind : ErrorKind.values()) {
                ErrorShape shape = ErrorShape.of(p);
                RenderedError r = shape.render(ApiError.of(kind, hostile));
                assertThat(json.readTree(r.body()).toString()).contains("quote");
                assertThat(r.status()).isBetween(400, 599);
                String event = new String(shape.streamEvent(ApiError.of(kind, hostile)), StandardCharsets.UTF_8);
                assertThat(event).endsWith("\n\n").doesNotContain("\n\n\n");
            }
        }
    }
}
