package dev.parley.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an item's answer means, when a batch ends, and the lines of its files. */
class BatchRulesTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(60);

    @Test
    void aRateLimitOrParleyUnavailableIsTriedAgainAndAnythingElseIsTheResult() {
        assertThat(ItemVerdict.of(200, true, Optional.empty(), Optional.empty(), true, 1))
                .isEqualTo(new ItemVerdict.Succeeded());
        assertThat(ItemVerdict.of(429, true, Optional.of("rate_limit_error"), Optional.of(Duration.ofSeconds(7)), false, 1))
                .isEqualTo(new ItemVerdict.RetryLater(Duration.ofSeconds(7)));
        assertThat(ItemVerdict.of(429, true, Optional.of("rate_limit_error"), Optional.of(Duration.ofHours(1)), false, 1))
                .isEqualTo(new ItemVerdict.RetryLater(ItemVerdict.MAX_DELAY));
        assertThat(ItemVerdict.of(503, true, Optional.empty(), Optional.empty(), false, 3))
                .isEqualTo(new ItemVerdict.RetryLater(Duration.ofSeconds(4)));
        assertThat(ItemVerdict.of(502, false, Optional.empty(), Optional.empty(), false, 30))
                .isEqualTo(new ItemVerdict.RetryLater(Duration.ofSeconds(64)));
        assertThat(ItemVerdict.of(429, true, Optional.of("insufficient_quota"), Optional.empty(), true, 1))
                .isEqualTo(new ItemVerdict.Failed());
        assertThat(ItemVerdict.of(503, true, Optional.empty(), Optional.empty(), true, 1))
                .isEqualTo(new ItemVerdict.Failed());
        assertThat(ItemVerdict.of(500, true, Optional.empty(), Optional.empty(), true, 1))
                .isEqualTo(new ItemVerdict.Failed());
        assertThat(ItemVerdict.of(402, true, Optional.of("budget_exceeded"), Optional.empty(), false, 1))
                .isEqualTo(new ItemVerdict.Failed());
    }

    @Test
    void aBatchEndsOnlyOnceNothingOfItRuns() {
        assertThat(BatchLifecycle.next(BatchStatus.IN_PROGRESS, LATER, 5, 2, NOW)).isEqualTo(new BatchLifecycle.Next.Claim());
        assertThat(BatchLifecycle.next(BatchStatus.IN_PROGRESS, LATER, 0, 2, NOW)).isEqualTo(new BatchLifecycle.Next.Wait());
        assertThat(BatchLifecycle.next(BatchStatus.IN_PROGRESS, LATER, 0, 0, NOW))
                .isEqualTo(new BatchLifecycle.Next.End(BatchStatus.COMPLETED, ItemState.EXPIRED));
        assertThat(BatchLifecycle.next(BatchStatus.CANCELLING, LATER, 5, 1, NOW)).isEqualTo(new BatchLifecycle.Next.Wait());
        assertThat(BatchLifecycle.next(BatchStatus.CANCELLING, LATER, 5, 0, NOW))
                .isEqualTo(new BatchLifecycle.Next.End(BatchStatus.CANCELLED, ItemState.CANCELLED));
        assertThat(BatchLifecycle.next(BatchStatus.IN_PROGRESS, NOW, 5, 1, NOW)).isEqualTo(new BatchLifecycle.Next.Wait());
        assertThat(BatchLifecycle.next(BatchStatus.IN_PROGRESS, NOW, 5, 0, NOW))
                .isEqualTo(new BatchLifecycle.Next.End(BatchStatus.EXPIRED, ItemState.EXPIRED));
        assertThat(BatchLifecycle.next(BatchStatus.COMPLETED, LATER, 0, 0, NOW)).isEqualTo(new BatchLifecycle.Next.Wait());
    }

    @Test
    void linesAreInOpenAisFormatWithTheAnswerKeptByteForByte() {
        assertThat(BatchLines.answered("batch_req_1", "a", 200, Optional.of("req-1"), "{\"x\":1.50}\n"))
                .isEqualTo("{\"id\":\"batch_req_1\",\"custom_id\":\"a\",\"response\":{\"status_code\":200,"
                        + "\"request_id\":\"req-1\",\"body\":{\"x\":1.50}},\"error\":null}");
        assertThat(BatchLines.answered("batch_req_2", "b", 502, Optional.empty(), "not json"))
                .contains("\"request_id\":null", "\"body\":\"not json\"");
        assertThat(BatchLines.notRun("batch_req_3", "c", ItemState.EXPIRED))
                .isEqualTo("{\"id\":\"batch_req_3\",\"custom_id\":\"c\",\"response\":null,\"error\":{\"code\":"
                        + "\"batch_expired\",\"message\":\"This request could not be executed before the completion"
                        + " window expired.\"}}");
    }

    @Test
    void idsSortByAgeAndALineIdIsTheSameOnEveryTry() {
        java.util.Random random = new java.util.Random(1);
        String older = BatchIds.batch(NOW, random);
        String newer = BatchIds.batch(NOW.plusMillis(1), random);

        assertThat(older).startsWith("batch_").isLessThan(newer);
        assertThat(BatchIds.file(NOW, random)).startsWith("file-");
        assertThat(BatchIds.requestLine(older, 7)).isEqualTo("batch_req_" + older.substring(6) + "_7");
    }
}
