package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link LimitBook} one request at a time: each limit, the all-or-nothing step, settlement and the sliding minute. */
class LimitBookTest {

    private static final Instant T0 = Instant.parse("2026-11-24T03:00:00Z");
    static final Scope KEY = new Scope(ScopeKind.KEY, "k1");
    static final Scope PROJECT = new Scope(ScopeKind.PROJECT, "p1");
    static final Scope TEAM = new Scope(ScopeKind.TEAM, "t1");

    static Limits rpm(Scope scope, int rpm) {
        return new Limits(scope, OptionalInt.of(rpm), OptionalLong.empty(), OptionalInt.empty());
    }

    static Limits tpm(Scope scope, long tpm) {
        return new Limits(scope, OptionalInt.empty(), OptionalLong.of(tpm), OptionalInt.empty());
    }

    static Limits concurrency(Scope scope, int concurrency) {
        return new Limits(scope, OptionalInt.empty(), OptionalLong.empty(), OptionalInt.of(concurrency));
    }

    static Limits none(Scope scope) {
        return new Limits(scope, OptionalInt.empty(), OptionalLong.empty(), OptionalInt.empty());
    }

    static LimitBook.Ticket admitted(LimitBook.Admission admission) {
        assertThat(admission).isInstanceOf(LimitBook.Admitted.class);
        return ((LimitBook.Admitted) admission).ticket();
    }

    static LimitBook.Refused refused(LimitBook.Admission admission) {
        assertThat(admission).isInstanceOf(LimitBook.Refused.class);
        return (LimitBook.Refused) admission;
    }

    @Test
    void aSlidingMinuteOfRequestsPerMinute() {
        LimitBook book = new LimitBook();
        List<Limits> limits = List.of(rpm(PROJECT, 2));
        admitted(book.admit(limits, 0, T0));
        admitted(book.admit(limits, 0, T0.plusSeconds(30)));

        LimitBook.Refused third = refused(book.admit(limits, 0, T0.plusSeconds(59)));
        assertThat(third.scope()).isEqualTo(PROJECT);
        assertThat(third.limit()).isEqualTo(LimitKind.RPM);
        assertThat(third.value()).isEqualTo(2);
        assertThat(third.retryAt()).contains(T0.plusSeconds(60));
        assertThat(third.message(0)).isEqualTo("project p1 is at its limit of 2 requests per minute.");

        admitted(book.admit(limits, 0, T0.plusSeconds(60)));
        assertThat(refused(book.admit(limits, 0, T0.plusSeconds(61))).retryAt()).contains(T0.plusSeconds(90));
    }

    @Test
    void theRetryMomentOfAnRpmLoweredBelowTheRequestsInTheWindowIsWhenEnoughHaveLeft() {
        LimitBook book = new LimitBook();
        for (int i = 0; i < 5; i++) {
            book.admit(List.of(none(KEY)), 0, T0.plusSeconds(i));
        }

        assertThat(refused(book.admit(List.of(rpm(KEY, 2)), 0, T0.plusSeconds(10))).retryAt())
                .contains(T0.plusSeconds(63));
    }

    @Test
    void tokensPerMinuteReserveTheEstimateAndSettleTheRealUsage() {
        LimitBook book = new LimitBook();
        List<Limits> limits = List.of(tpm(KEY, 1000));
        LimitBook.Ticket first = admitted(book.admit(limits, 600, T0));
        LimitBook.Refused second = refused(book.admit(limits, 600, T0.plusSeconds(1)));
        assertThat(second.limit()).isEqualTo(LimitKind.TPM);
        // Only a reservation stands in the way: when it settles cannot be known.
        assertThat(second.retryAt()).contains(T0.plusSeconds(1).plus(LimitBook.SOON));

        assertThat(first.settle(100, T0.plusSeconds(10))).isTrue();
        assertThat(book.tokensInWindow(KEY, T0.plusSeconds(10))).isEqualTo(100);
        LimitBook.Ticket third = admitted(book.admit(limits, 600, T0.plusSeconds(11)));
        third.settle(600, T0.plusSeconds(12));
        // 700 settled in the window: a 400 estimate waits for the first 100 to leave it, at 10 s + 1 min.
        assertThat(refused(book.admit(limits, 400, T0.plusSeconds(20))).retryAt()).contains(T0.plusSeconds(70));
        admitted(book.admit(limits, 400, T0.plusSeconds(70)));
    }

    @Test
    void anEstimateLargerThanTheTokensPerMinuteCanNeverPass() {
        LimitBook book = new LimitBook();
        LimitBook.Refused refused = refused(book.admit(List.of(tpm(TEAM, 1000)), 1001, T0));

        assertThat(refused.retryAt()).isEmpty();
        assertThat(refused.message(1001))
                .isEqualTo("This request (an estimated 1001 tokens) is larger than team t1's limit of 1000 tokens per minute.");
    }

    @Test
    void concurrencyCountsRequestsUntilTheyAreSettled() {
        LimitBook book = new LimitBook();
        List<Limits> limits = List.of(concurrency(KEY, 2));
        LimitBook.Ticket first = admitted(book.admit(limits, 0, T0));
        admitted(book.admit(limits, 0, T0));
        LimitBook.Refused refused = refused(book.admit(limits, 0, T0));
        assertThat(refused.limit()).isEqualTo(LimitKind.CONCURRENCY);
        assertThat(refused.message(0)).isEqualTo("key k1 is at its limit of 2 concurrent requests.");

        first.settle(0, T0);
        admitted(book.admit(limits, 0, T0));
        assertThat(book.inFlight(KEY)).isEqualTo(2);
    }

    @Test
    void aTicketSettlesOnce() {
        LimitBook book = new LimitBook();
        LimitBook.Ticket ticket = admitted(book.admit(List.of(concurrency(KEY, 1), tpm(PROJECT, 100)), 50, T0));

        assertThat(ticket.settle(40, T0)).isTrue();
        assertThat(ticket.settle(40, T0)).isFalse();

        assertThat(book.inFlight(KEY)).isZero();
        assertThat(book.tokensInWindow(PROJECT, T0)).isEqualTo(40);
    }

    @Test
    void aRefusalTakesNothingFromTheScopesThatHadRoom() {
        LimitBook book = new LimitBook();
        admitted(book.admit(List.of(rpm(TEAM, 1)), 0, T0));

        LimitBook.Refused refused = refused(book.admit(List.of(rpm(KEY, 5), concurrency(PROJECT, 5), rpm(TEAM, 1)),
                10, T0));

        assertThat(refused.scope()).isEqualTo(TEAM);
        assertThat(book.requestsInWindow(KEY, T0)).isZero();
        assertThat(book.inFlight(PROJECT)).isZero();
        assertThat(book.tokensInWindow(KEY, T0)).isZero();
    }

    @Test
    void scopesWithoutLimitsAreCountedSoThatALimitAddedLaterSeesTheRequestsInFlight() {
        LimitBook book = new LimitBook();
        admitted(book.admit(List.of(none(KEY)), 0, T0));
        admitted(book.admit(List.of(none(KEY)), 0, T0));

        assertThat(refused(book.admit(List.of(concurrency(KEY, 2)), 0, T0)).limit()).isEqualTo(LimitKind.CONCURRENCY);
        assertThat(refused(book.admit(List.of(rpm(KEY, 2)), 0, T0)).limit()).isEqualTo(LimitKind.RPM);
    }

    @Test
    void timeThatRunsBackwardsDoesNotReorderTheWindow() {
        LimitBook book = new LimitBook();
        admitted(book.admit(List.of(rpm(KEY, 1)), 0, T0.plusSeconds(30)));

        // A caller whose clock read a moment earlier is counted at the book's latest time, not before it.
        assertThat(refused(book.admit(List.of(rpm(KEY, 1)), 0, T0)).retryAt()).contains(T0.plusSeconds(90));
    }

    @Test
    void theWindowEmptiesAMinuteAfterTheLastSettlement() {
        LimitBook book = new LimitBook();
        LimitBook.Ticket ticket = admitted(book.admit(List.of(rpm(KEY, 1), tpm(KEY, 10)), 5, T0));
        ticket.settle(7, T0.plusSeconds(30));

        assertThat(book.requestsInWindow(KEY, T0.plusSeconds(59))).isEqualTo(1);
        assertThat(book.requestsInWindow(KEY, T0.plusSeconds(60))).isZero();
        assertThat(book.tokensInWindow(KEY, T0.plusSeconds(89))).isEqualTo(7);
        assertThat(book.tokensInWindow(KEY, T0.plusSeconds(90))).isZero();
        assertThat(book.admit(List.of(none(KEY)), 0, T0.plusSeconds(90))).isInstanceOf(LimitBook.Admitted.class);
    }

    @Test
    void aRequestWithNoScopesIsAlwaysAdmitted() {
        LimitBook.Ticket ticket = admitted(new LimitBook().admit(List.of(), 100, T0));

        assertThat(ticket.settle(0, T0)).isTrue();
        assertThat(ticket.estimate()).isEqualTo(100);
    }

    @Test
    void limitsAreNamedInGoodEnglish() {
        assertThat(LimitKind.RPM.describe(1)).isEqualTo("1 request per minute");
        assertThat(LimitKind.RPM.describe(10)).isEqualTo("10 requests per minute");
        assertThat(LimitKind.CONCURRENCY.describe(1)).isEqualTo("1 concurrent request");
        assertThat(LimitKind.TPM.describe(2000)).isEqualTo("2000 tokens per minute");
    }
}
