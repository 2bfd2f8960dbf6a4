package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScriptModelTest {

    @Test
    void factoriesInferTheFinishFromThePieces() {
        assertThat(Reply.text("hi").finish()).isEqualTo(Finish.STOP);
        assertThat(Reply.toolCall("f", "{}").finish()).isEqualTo(Finish.TOOL_USE);
        assertThat(Reply.text("hi").thenToolCall("f", "{}").finish()).isEqualTo(Finish.TOOL_USE);
        assertThat(Reply.text("hi").withFinish(Finish.LENGTH).thenToolCall("f", "{}").finish())
                .as("an explicit finish stays").isEqualTo(Finish.LENGTH);
        assertThat(Reply.of().pieces()).isEmpty();
    }

    @Test
    void thinkingComesFirstAndTextConcatenates() {
        Reply reply = Reply.text("a").thenToolCall("f", "{}").thenText("b").withThinking("hmm");

        assertThat(reply.pieces().getFirst()).isEqualTo(new Piece.Thinking("hmm"));
        assertThat(reply.text()).isEqualTo("ab");
        assertThat(reply.thinking()).isEqualTo("hmm");
        assertThat(reply.toolCalls()).containsExactly(new Piece.ToolCall("f", "{}", Optional.empty()));
    }

    @Test
    void toolArgumentsMustBeAJsonObject() {
        assertThatThrownBy(() -> Reply.toolCall("f", "[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.toolCall("f", "{oops")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Piece.ToolCall("f", "{\"a\":[1,2]}").arguments().path("a").get(1).asInt()).isEqualTo(2);
    }

    @Test
    void usageKeepsItsBucketsConsistent() {
        Usage usage = Usage.of(100, 50).withCacheRead(30).withCacheWrite(20).withReasoning(10);

        assertThat(usage.uncachedInputTokens()).isEqualTo(50);
        assertThat(usage.totalTokens()).isEqualTo(150);
        assertThat(usage.plus(usage)).isEqualTo(new Usage(200, 100, 60, 40, 20));
        assertThatThrownBy(() -> Usage.of(10, 5).withCacheRead(11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Usage.of(10, 5).withReasoning(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Usage.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void faultsRejectNonsense() {
        assertThatThrownBy(() -> Fault.status(200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.cutAfterChunks(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.stallAfterChunks(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.stallBeforeHeaders(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.text("x").withTextChunks(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryAfterRendersBothHeaderForms() {
        Instant at = Instant.parse("2026-10-21T07:28:00Z");

        assertThat(RetryAfter.seconds(12).headerValue()).hasValue("12");
        assertThat(RetryAfter.at(at).headerValue()).hasValue("Wed, 21 Oct 2026 07:28:00 GMT");
        assertThat(RetryAfter.none().headerValue()).isEmpty();
        assertThat(RetryAfter.at(at).delayFrom(at.minusSeconds(5))).hasValue(Duration.ofSeconds(5));
        assertThat(RetryAfter.at(at).delayFrom(at.plusSeconds(5))).hasValue(Duration.ZERO);
    }

    @Test
    void textSplitsIntoNearlyEqualDeltasNeverInsideACodePoint() {
        assertThat(Chunks.split("abcdefgh", 3)).containsExactly("ab", "cde", "fgh");
        assertThat(Chunks.split("ab", 5)).containsExactly("a", "b");
        assertThat(Chunks.split("", 3)).isEmpty();
        assertThat(Chunks.split("😀😀😀😀", 2)).containsExactly("😀😀", "😀😀");
        assertThat(String.join("", Chunks.split("Hello from the fake provider.", 7)))
                .isEqualTo("Hello from the fake provider.");
    }
}
