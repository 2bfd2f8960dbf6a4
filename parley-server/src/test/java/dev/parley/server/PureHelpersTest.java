package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.config.ProviderType;
import dev.parley.core.protocol.Protocol;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server's small pure decisions: paths, protocol choice, header names, retry hints. */
class PureHelpersTest {

    @ParameterizedTest
    @CsvSource({
            "/v1beta/models/gemini-2.5-pro:generateContent, v1beta, gemini-2.5-pro, generateContent",
            "/v1/models/models/gemini-2.5-pro:streamGenerateContent, v1, gemini-2.5-pro, streamGenerateContent",
            "/v1alpha/models/gemini-embedding-001:batchEmbedContents, v1alpha, gemini-embedding-001, batchEmbedContents",
            "/v1beta/models/models%2Fflash:countTokens, v1beta, flash, countTokens"})
    void geminiPaths(String path, String version, String model, String method) {
        assertThat(GeminiPath.parse(path)).contains(new GeminiPath(version, model, method));
    }

    @Test
    void notGeminiPaths() {
        assertThat(GeminiPath.parse("/v1/chat/completions")).isEmpty();
        assertThat(GeminiPath.parse("/v2/models/x:generateContent")).isEmpty();
        assertThat(GeminiPath.modelOfGet("/v1beta/models/gemini-2.5-pro")).contains("gemini-2.5-pro");
        assertThat(GeminiPath.modelOfGet("/v1beta/models/a:b")).isEmpty();
    }

    @Test
    void geminiUpstreamPathKeepsTheVersionAndAsksForSse() {
        GeminiPath path = new GeminiPath("v1beta", "alias", "streamGenerateContent");
        assertThat(path.streaming()).isTrue();
        assertThat(path.upstreamPath("gemini-2.5-flash", true))
                .isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(new GeminiPath("v1", "a", "countTokens").upstreamPath("b", false)).isEqualTo("/v1/models/b:countTokens");
    }

    @ParameterizedTest
    @CsvSource({
            "OPENAI, OPENAI_CHAT, OPENAI_CHAT", "OPENAI, OPENAI_RESPONSES, OPENAI_RESPONSES",
            "OPENAI, ANTHROPIC_MESSAGES, OPENAI_RESPONSES", "OPENAI, GEMINI, OPENAI_RESPONSES",
            "OPENAI_COMPATIBLE, OPENAI_RESPONSES, OPENAI_CHAT", "OPENAI_COMPATIBLE, GEMINI, OPENAI_CHAT",
            "ANTHROPIC, OPENAI_CHAT, ANTHROPIC_MESSAGES", "GEMINI, ANTHROPIC_MESSAGES, GEMINI"})
    void whichProtocolServesAClient(ProviderType provider, Protocol client, Protocol upstream) {
        assertThat(UpstreamProtocols.forClient(provider, client)).isEqualTo(upstream);
    }

    @Test
    void rateLimitHeaderNamesMapBothWays() {
        assertThat(RateLimitHeaders.toAnthropic("x-ratelimit-remaining-tokens"))
                .contains("anthropic-ratelimit-tokens-remaining");
        assertThat(RateLimitHeaders.toAnthropic("x-ratelimit-limit-requests")).contains("anthropic-ratelimit-requests-limit");
        assertThat(RateLimitHeaders.toAnthropic("x-ratelimit-reset-requests")).isEmpty();
        assertThat(RateLimitHeaders.toOpenAi("anthropic-ratelimit-requests-remaining"))
                .contains("x-ratelimit-remaining-requests");
        assertThat(RateLimitHeaders.toOpenAi("anthropic-ratelimit-input-tokens-limit")).isEmpty();
    }

    @Test
    void retryInfoFromAGoogleErrorBody() {
        String body = "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.QuotaFailure\"},{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
                + "\"retryDelay\":\"1.5s\"}]}}";
        assertThat(UpstreamFailures.retryInfo(body.getBytes(StandardCharsets.UTF_8))).contains(Duration.ofMillis(1500));
        assertThat(UpstreamFailures.retryInfo("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void geminiRefusingTheKeyIsNotTheClientsMistake() {
        byte[] refused = "{\"error\":{\"code\":400,\"details\":[{\"reason\":\"API_KEY_INVALID\"}]}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] bad = "{\"error\":{\"code\":400,\"message\":\"bad field\"}}".getBytes(StandardCharsets.UTF_8);
        assertThat(UpstreamFailures.clientsOwnMistake(Protocol.GEMINI, 400, refused)).isFalse();
        assertThat(UpstreamFailures.clientsOwnMistake(Protocol.GEMINI, 400, bad)).isTrue();
        assertThat(UpstreamFailures.clientsOwnMistake(Protocol.OPENAI_CHAT, 429, bad)).isFalse();
        assertThat(UpstreamFailures.clientsOwnMistake(Protocol.ANTHROPIC_MESSAGES, 401, bad)).isFalse();
    }

    @Test
    void aKeptAliveConnectionIsClosedOnlyOnceIdleForTheWholeTimeout() {
        long timeout = Duration.ofMillis(300).toNanos();
        long idleSince = 1_000_000_000L;
        // The timer set after an earlier answer fires while a later request has only just ended: not yet.
        assertThat(ConnectionGuard.idleFor(0, idleSince, idleSince + Duration.ofMillis(90).toNanos(), timeout))
                .isEqualTo(new ConnectionGuard.Verdict.LookAgain(Duration.ofMillis(210).toNanos()));
        assertThat(ConnectionGuard.idleFor(0, idleSince, idleSince + timeout, timeout))
                .isEqualTo(new ConnectionGuard.Verdict.Close());
        assertThat(ConnectionGuard.idleFor(0, idleSince, idleSince + timeout + 1, timeout))
                .isEqualTo(new ConnectionGuard.Verdict.Close());
        // However long since the last answer ended, a connection with a request in progress is never closed.
        assertThat(ConnectionGuard.idleFor(1, idleSince, idleSince + 10 * timeout, timeout))
                .isEqualTo(new ConnectionGuard.Verdict.Busy());
    }

    @Test
    void headersAreTooManyByTheirNamesNotByTheirLines() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("a", "1").add("b", "2").add("c", "3");
        assertThat(Dispatcher.tooManyHeaders(headers, 3)).isFalse();
        assertThat(Dispatcher.tooManyHeaders(headers, 2)).isTrue();
        // Five lines of three names: within a limit of three, as before the lines were counted first.
        headers.add("A", "4").add("b", "5");
        assertThat(Dispatcher.tooManyHeaders(headers, 3)).isFalse();
        assertThat(Dispatcher.tooManyHeaders(headers, 2)).isTrue();
        assertThat(Dispatcher.tooManyHeaders(MultiMap.caseInsensitiveMultiMap(), 0)).isFalse();
    }
}
