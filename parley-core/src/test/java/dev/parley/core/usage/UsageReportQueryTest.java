package dev.parley.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageReportQueryTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:34:56Z");

    @Test
    void timesAreRelativeInstantsOrUtcDays() {
        assertThat(UsageTime.parse("since", "7d", NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(UsageTime.parse("since", "12h", NOW)).isEqualTo(NOW.minus(Duration.ofHours(12)));
        assertThat(UsageTime.parse("since", "30m", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(30)));
        assertThat(UsageTime.parse("until", "2026-03-01T10:00:00Z", NOW)).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(UsageTime.parse("until", "2026-03-01", NOW)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThatThrownBy(() -> UsageTime.parse("since", "last week", NOW))
                .isInstanceOf(UsageQueryException.class).hasMessageStartingWith("since: expected");
    }

    @Test
    void badQueriesAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> UsageFilter.between(NOW, NOW))
                .isInstanceOfSatisfying(UsageQueryException.class, e -> assertThat(e.param()).isEqualTo("since"));
        UsageFilter week = UsageFilter.between(NOW.minus(Duration.ofDays(7)), NOW);
        assertThatThrownBy(() -> new UsageReportQuery(week, List.of(UsageDimension.TEAM, UsageDimension.TEAM),
                TimeGrain.NONE)).isInstanceOfSatisfying(UsageQueryException.class,
                        e -> assertThat(e.param()).isEqualTo("by"));
        UsageFilter year = UsageFilter.between(NOW.minus(Duration.ofDays(365)), NOW);
        assertThatThrownBy(() -> new UsageReportQuery(year, List.of(), TimeGrain.HOUR))
                .isInstanceOfSatisfying(UsageQueryException.class, e -> assertThat(e.param()).isEqualTo("grain"));
        assertThat(UsageDimension.of(" Project ")).contains(UsageDimension.PROJECT);
        assertThat(UsageDimension.of("colour")).isEmpty();
        assertThat(TimeGrain.of("day")).contains(TimeGrain.DAY);
    }

    @Test
    void hourlyWidensTheRangeToWholeHours() {
        UsageReportQuery query = new UsageReportQuery(UsageFilter.between(NOW.minus(Duration.ofDays(1)), NOW),
                List.of(), TimeGrain.DAY).hourly();
        assertThat(query.filter().since()).isEqualTo(Instant.parse("2026-03-09T12:00:00Z"));
        assertThat(query.filter().until()).isEqualTo(Instant.parse("2026-03-10T13:00:00Z"));
    }
}
