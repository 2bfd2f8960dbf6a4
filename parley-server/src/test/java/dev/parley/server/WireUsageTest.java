package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireUsageTest {

    @Test
    void readsTheUsageOfAChatAnswerWhoseTextMentionsUsage() {
        TokenUsage usage = WireUsage.ofBody(Protocol.OPENAI_CHAT, utf8("""
                {"choices":[{"message":{"content":"\\"usage\\": {\\"prompt_tokens\\": 9} }"}}],
                 "usage":{"prompt_tokens":200,"completion_tokens":20,"prompt_tokens_details":{"cached_tokens":50}}}
                """)).orElseThrow();

        assertThat(usage.inputTokens()).isEqualTo(150);
        assertThat(usage.cacheReadTokens()).isEqualTo(50);
        assertThat(usage.outputTokens()).isEqualTo(20);
    }

    @Test
    void anEscapedMemberNameIsStillRead() {
        TokenUsage usage = WireUsage.ofBody(Protocol.ANTHROPIC_MESSAGES,
                utf8("{\"us\\u0061ge\":{\"input_tokens\":7,\"output_tokens\":3}}")).orElseThrow();

        assertThat(usage.inputTokens()).isEqualTo(7);
        assertThat(usage.outputTokens()).isEqualTo(3);
    }

    @Test
    void geminiKeepsItsUsageUnderItsOwnName() {
        TokenUsage usage = WireUsage.ofBody(Protocol.GEMINI,
                utf8("{\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":2}}"))
                .orElseThrow();

        assertThat(usage.inputTokens()).isEqualTo(4);
        assertThat(usage.outputTokens()).isEqualTo(2);
    }

    @Test
    void aBrokenAnswerOrUsageIsNoUsageAndNoFailure() {
        assertThat(WireUsage.ofBody(Protocol.OPENAI_CHAT, utf8("{\"usage\":{\"prompt_tokens\":1,}}"))).isEmpty();
        assertThat(WireUsage.ofBody(Protocol.OPENAI_CHAT, utf8("{\"usage\":[1}]}"))).isEmpty();
        assertThat(WireUsage.ofBody(Protocol.OPENAI_CHAT, utf8("{\"usage\":{\"prompt_tokens\":1}"))).isEmpty();
        assertThat(WireUsage.ofBody(Protocol.OPENAI_CHAT, utf8("not json"))).isEmpty();
        assertThat(WireUsage.ofBody(Protocol.OPENAI_CHAT, utf8("{\"usage\":null}"))).isEmpty();
        assertThat(WireUsage.ofBody(Protocol.OPENAI_CHAT, utf8("{\"id\":\"x\"}"))).isEmpty();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
