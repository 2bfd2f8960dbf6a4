package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WaitQueueTest {

    private static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");

    @Test
    void higherPriorityFirstThenTheEarlierDeadlineThenArrival() {
        WaitQueue<String> queue = new WaitQueue<>(10);
        queue.offer("low", -5, NOW.plusSeconds(1));
        queue.offer("normal-late", 0, NOW.plusSeconds(30));
        queue.offer("normal-soon", 0, NOW.plusSeconds(5));
        queue.offer("high", 5, NOW.plusSeconds(60));
        queue.offer("normal-soon-2", 0, NOW.plusSeconds(5));

        assertThat(queue.inOrder()).extracting(WaitQueue.Ticket::item)
                .containsExactly("high", "normal-soon", "normal-soon-2", "normal-late", "low");
        assertThat(queue.release(Optional::of)).extracting(r -> r.ticket().item())
                .containsExactly("high", "normal-soon", "normal-soon-2", "normal-late", "low");
        assertThat(queue.size()).isZero();
    }

    @Test
    void aWaiterThatFindsNothingKeepsItsPlace() {
        WaitQueue<String> queue = new WaitQueue<>(10);
        queue.offer("a", 0, NOW.plusSeconds(1));
        queue.offer("b", 1, NOW.plusSeconds(1));
        queue.offer("c", 0, NOW.plusSeconds(2));

        List<WaitQueue.Released<String, Integer>> released =
                queue.release(item -> item.equals("a") ? Optional.of(1) : Optional.empty());

        assertThat(released).extracting(WaitQueue.Released::result).containsExactly(1);
        assertThat(queue.inOrder()).extracting(WaitQueue.Ticket::item).containsExactly("b", "c");
    }

    @Test
    void aFullQueueTakesNoMoreAndARemovedWaiterFreesItsSlot() {
        WaitQueue<String> queue = new WaitQueue<>(2);
        WaitQueue.Ticket<String> first = queue.offer("a", 0, NOW.plusSeconds(1)).orElseThrow();
        queue.offer("b", 0, NOW.plusSeconds(1)).orElseThrow();
        assertThat(queue.offer("c", 10, NOW.plusSeconds(1))).isEmpty();
        assertThat(queue.admit(NOW, NOW.plusSeconds(10), NOW.plusSeconds(3)))
                .isEqualTo(new WaitQueue.Decision.Refuse(WaitQueue.Reason.FULL, Duration.ofSeconds(3)));

        assertThat(queue.remove(first)).isTrue();
        assertThat(queue.remove(first)).isFalse();
        assertThat(queue.offer("c", 10, NOW.plusSeconds(1))).isPresent();
    }

    @Test
    void waitingIsRefusedWhenTheKeyComesBackAfterTheDeadline() {
        WaitQueue<String> queue = new WaitQueue<>(2);
        assertThat(queue.admit(NOW, NOW.plusSeconds(2), NOW.plusMillis(1_500)))
                .isEqualTo(new WaitQueue.Decision.Wait());
        assertThat(queue.admit(NOW, NOW.plusSeconds(2), NOW.plusMillis(2_001)))
                .isEqualTo(new WaitQueue.Decision.Refuse(WaitQueue.Reason.TOO_LATE, Duration.ofSeconds(3)));
        // No wait allowed at all (max-wait 0): told when to come back, rounded up, never 0.
        assertThat(queue.admit(NOW, NOW, NOW.plusMillis(10)))
                .isEqualTo(new WaitQueue.Decision.Refuse(WaitQueue.Reason.TOO_LATE, Duration.ofSeconds(1)));
    }

    @Test
    void expiryTakesOutExactlyTheWaitersWhoseDeadlinePassed() {
        WaitQueue<String> queue = new WaitQueue<>(5);
        queue.offer("soon", 0, NOW.plusSeconds(1));
        queue.offer("later", 0, NOW.plusSeconds(5));
        queue.offer("now", 3, NOW);

        assertThat(queue.earliestDeadline()).contains(NOW);
        assertThat(queue.expire(NOW.plusSeconds(1))).extracting(WaitQueue.Ticket::item).containsExactly("now", "soon");
        assertThat(queue.inOrder()).extracting(WaitQueue.Ticket::item).containsExactly("later");
    }

    record Arrival(int priority, int deadlineMillis) {
    }

    /** Whatever arrives, at most maxDepth wait, and release follows priority, then deadline, then arrival. */
    @Property
    void boundedAndReleasedInOrder(@ForAll @IntRange(min = 1, max = 8) int maxDepth,
                                   @ForAll @Size(max = 20) List<@IntRange(min = -10, max = 10) Integer> priorities,
                                   @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 5_000) Integer> deadlines) {
        WaitQueue<Integer> queue = new WaitQueue<>(maxDepth);
        List<WaitQueue.Ticket<Integer>> accepted = new ArrayList<>();
        int n = Math.min(priorities.size(), deadlines.size());
        for (int i = 0; i < n; i++) {
            Optional<WaitQueue.Ticket<Integer>> ticket = queue.offer(i, priorities.get(i),
                    NOW.plusMillis(deadlines.get(i)));
            assertThat(ticket.isPresent()).isEqualTo(accepted.size() < maxDepth);
            ticket.ifPresent(accepted::add);
            assertThat(queue.size()).isLessThanOrEqualTo(maxDepth);
        }
        List<Integer> expected = accepted.stream().sorted(Comparator.<WaitQueue.Ticket<Integer>>comparingInt(
                t -> -t.priority()).thenComparing(WaitQueue.Ticket::deadline).thenComparingInt(WaitQueue.Ticket::item))
                .map(WaitQueue.Ticket::item).toList();
        assertThat(queue.release(Optional::of)).extracting(r -> r.ticket().item()).containsExactlyElementsOf(expected);
    }

    /** Expiry at any moment removes exactly the waiters due by then, and the rest keep their order. */
    @Property
    void expiryRemovesExactlyTheDue(@ForAll @Size(max = 15) List<@IntRange(min = 0, max = 1_000) Integer> deadlines,
                                    @ForAll @IntRange(min = 0, max = 1_000) int at) {
        WaitQueue<Integer> queue = new WaitQueue<>(100);
        for (int i = 0; i < deadlines.size(); i++) {
            queue.offer(i, i % 3, NOW.plusMillis(deadlines.get(i)));
        }
        Instant now = NOW.plusMillis(at);
        List<WaitQueue.Ticket<Integer>> before = queue.inOrder();
        List<WaitQueue.Ticket<Integer>> expired = queue.expire(now);

        assertThat(expired).allSatisfy(t -> assertThat(t.deadline()).isBeforeOrEqualTo(now));
        assertThat(queue.inOrder()).allSatisfy(t -> assertThat(t.deadline()).isAfter(now));
        assertThat(queue.inOrder()).containsExactlyElementsOf(before.stream().filter(t -> t.deadline().isAfter(now))
                .toList());
        assertThat(expired.size() + queue.size()).isEqualTo(deadlines.size());
    }

    /** A refusal's Retry-After is never 0 and never earlier than the moment a key comes back. */
    @Property
    void refusalsAreHonest(@ForAll @IntRange(min = 0, max = 120_000) int backInMillis,
                           @ForAll @IntRange(min = 0, max = 60_000) int waitMillis) {
        WaitQueue<String> queue = new WaitQueue<>(1);
        Instant back = NOW.plusMillis(backInMillis);
        WaitQueue.Decision decision = queue.admit(NOW, NOW.plusMillis(waitMillis), back);
        switch (decision) {
            case WaitQueue.Decision.Wait() -> assertThat(back).isBeforeOrEqualTo(NOW.plusMillis(waitMillis));
            case WaitQueue.Decision.Refuse(WaitQueue.Reason reason, Duration retryAfter) -> {
                assertThat(reason).isEqualTo(WaitQueue.Reason.TOO_LATE);
                assertThat(retryAfter.toMillis() % 1000).isZero();
                assertThat(retryAfter).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                assertThat(NOW.plus(retryAfter)).isAfterOrEqualTo(back);
                assertThat(NOW.plus(retryAfter).minusSeconds(1)).isBefore(back.plusSeconds(1));
            }
        }
    }
}
