package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RequestWindowTest {

    private static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");

    @Test
    void theThirdRequestOfAMinuteWaitsForTheFirstToAgeOut() {
        RequestWindow window = new RequestWindow(2);
        assertThat(window.tryTake(NOW)).isTrue();
        assertThat(window.tryTake(NOW.plusSeconds(10))).isTrue();
        assertThat(window.hasRoom(NOW.plusSeconds(20))).isFalse();
        assertThat(window.tryTake(NOW.plusSeconds(20))).isFalse();
        assertThat(window.freeAt(NOW.plusSeconds(20))).contains(NOW.plusSeconds(60));
        assertThat(window.tryTake(NOW.plusSeconds(60))).isTrue();
        assertThat(window.freeAt(NOW.plusSeconds(60))).contains(NOW.plusSeconds(70));
        assertThat(window.freeAt(NOW.plusSeconds(70))).isEmpty();
    }

    /** Whatever the times asked at, no sliding minute ever holds more requests than the limit. */
    @Property
    void neverMoreThanTheLimitInAnyMinute(@ForAll @IntRange(min = 1, max = 5) int limit,
                                          @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 30_000) Integer> gaps) {
        RequestWindow window = new RequestWindow(limit);
        List<Instant> taken = new ArrayList<>();
        Instant at = NOW;
        for (int gap : gaps) {
            at = at.plusMillis(gap);
            boolean room = window.hasRoom(at);
            boolean took = window.tryTake(at);
            assertThat(took).isEqualTo(room);
            if (took) {
                taken.add(at);
            } else {
                assertThat(window.freeAt(at)).hasValueSatisfying(free -> assertThat(free).isAfter(NOW));
            }
        }
        for (Instant start : taken) {
            long inMinute = taken.stream().filter(t -> !t.isBefore(start) && t.isBefore(start.plus(RequestWindow.WINDOW)))
                    .count();
            assertThat(inMinute).isLessThanOrEqualTo(limit);
        }
    }
}
