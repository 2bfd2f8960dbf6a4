package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.health.ChannelWindows;
import dev.parley.core.health.ChannelWindows.Span;
import dev.parley.core.health.ChannelWindows.Tally;
import dev.parley.core.health.ChannelWindows.Target;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.ChannelVerdict;
import dev.parley.core.usage.AttemptLog;
import dev.parley.core.usage.AttemptOutcome;
import dev.parley.core.usage.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The channels' windows are the attempt logs of the rows the ledger stored, added up exactly: counts, and the
 * percentiles of every attempt in a window (however many batches, retries and databases handles wrote them).
 */
abstract class ChannelRollupsContract extends RealDatabaseTest {

    /** Within a quarter hour and a minute: 12:07:30. */
    static final Instant NOW = Instant.parse("2026-03-02T12:07:30Z");
    static final Target A = new Target("openai", "gpt-4o-2024-08-06");
    static final Target B = new Target("anthropic", "claude-sonnet");
    static final List<AttemptOutcome> OUTCOMES = List.of(AttemptOutcome.OK, AttemptOutcome.OK, AttemptOutcome.OK,
            new AttemptOutcome.HttpStatus(429, ErrorKind.RATE_LIMITED), AttemptOutcome.TIMED_OUT,
            new AttemptOutcome.HttpStatus(401, ErrorKind.AUTHENTICATION), AttemptOutcome.ABANDONED,
            new AttemptOutcome.HttpStatus(400, ErrorKind.INVALID_REQUEST));

    private ChannelRollups channels;

    @BeforeEach
    void openChannels() {
        channels = new ChannelRollups(database);
    }

    @Test
    void eachWindowIsTheAttemptsThatEndedInItAddedUp() {
        Random random = new Random(17);
        List<UsageRecord> rows = new ArrayList<>();
        List<Ended> attempts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // Attempts that ended over the last 26 hours, and a few in the minute after now (not in any window).
            Instant end = NOW.minus(Duration.ofSeconds(random.nextLong(26 * 3600))).plusSeconds(random.nextInt(20) == 0
                    ? 60 : 0);
            rows.add(row("r" + i, end, random, attempts));
        }
        for (int from = 0; from < rows.size(); from += 64) {
            List<UsageRecord> batch = rows.subList(from, Math.min(rows.size(), from + 64));
            repository.insertBatch(batch);
            repository.insertBatch(batch); // a retried batch counts once
        }

        Map<Target, Map<Span, ChannelWindows.Stats>> windows = channels.windows(NOW);
        for (Target target : List.of(A, B)) {
            assertThat(windows.get(target).get(Span.FIVE_MINUTES))
                    .isEqualTo(expected(attempts, target, minuteStart(NOW).minus(Duration.ofMinutes(4))));
            assertThat(windows.get(target).get(Span.ONE_HOUR))
                    .isEqualTo(expected(attempts, target, minuteStart(NOW).minus(Duration.ofMinutes(59))));
            Instant quarter = Instant.parse("2026-03-02T12:00:00Z");
            assertThat(windows.get(target).get(Span.ONE_DAY)).isEqualTo(expected(attempts, target,
                    quarter.minus(Duration.ofMinutes(15 * 95)), quarter.plus(Duration.ofMinutes(15))));
        }
        assertThat(windows.get(A).get(Span.ONE_DAY).attempts()).isPositive();
        assertThat(windows.get(A).get(Span.ONE_DAY).latencyP95()).isPresent();
        assertThat(windows.get(A).get(Span.ONE_DAY).firstByteP50()).isPresent();
    }

    @Test
    void twoDatabaseHandlesAsTwoReplicasAddToTheSameWindows() {
        Random random = new Random(3);
        List<Ended> attempts = new ArrayList<>();
        List<UsageRecord> first = new ArrayList<>();
        List<UsageRecord> second = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            (i % 2 == 0 ? first : second).add(row("x" + i, NOW.minusSeconds(random.nextInt(240)), random, attempts));
        }
        try (Database other = Database.open(testDatabase.url())) {
            repository.insertBatch(first);
            new UsageRepository(other).insertBatch(second);
            Map<Target, Map<Span, ChannelWindows.Stats>> read = new ChannelRollups(other).windows(NOW);
            assertThat(read).isEqualTo(channels.windows(NOW));
            assertThat(read.get(A).get(Span.FIVE_MINUTES)).isEqualTo(expected(attempts, A,
                    minuteStart(NOW).minus(Duration.ofMinutes(4))));
        }
    }

    @Test
    void aPurgeDeletesOnlyWhatNoWindowReads() {
        Random random = new Random(5);
        List<Ended> attempts = new ArrayList<>();
        repository.insertBatch(List.of(row("recent", NOW.minusSeconds(30), random, attempts),
                row("hours-ago", NOW.minus(Duration.ofHours(3)), random, attempts),
                row("yesterday", NOW.minus(Duration.ofHours(30)), random, attempts)));
        Map<Target, Map<Span, ChannelWindows.Stats>> before = channels.windows(NOW);

        assertThat(channels.purge(NOW)).as("the old minutes and the yesterday's quarter").isPositive();

        assertThat(channels.windows(NOW)).isEqualTo(before);
        assertThat(channels.purge(NOW)).isZero();
        assertThat(channels.windows(NOW.plus(Duration.ofDays(2)))).isEmpty();
    }

    @Test
    void rowsWithoutAttemptsLeaveNoTrace() {
        repository.insertBatch(List.of(TestRows.row("refused")));
        assertThat(channels.windows(TestRows.T0)).isEmpty();
    }

    // --- Helpers

    /** An attempt as the test expects it counted. */
    private record Ended(Target target, Instant end, AttemptLog log) {
    }

    /** A row whose attempts (one to three, on A or B) all ended by {@code end}; each is added to {@code ended}. */
    private static UsageRecord row(String id, Instant end, Random random, List<Ended> ended) {
        int count = 1 + random.nextInt(3);
        List<AttemptLog> log = new ArrayList<>();
        Duration offset = Duration.ZERO;
        List<Duration> durations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            durations.add(Duration.ofMillis(1 + random.nextInt(20_000)));
        }
        Duration total = durations.stream().reduce(Duration.ZERO, Duration::plus);
        Instant started = end.minus(total);
        for (int i = 0; i < count; i++) {
            Target target = random.nextBoolean() ? A : B;
            AttemptOutcome outcome = OUTCOMES.get(random.nextInt(OUTCOMES.size()));
            Optional<Duration> firstByte = random.nextInt(4) == 0 ? Optional.empty()
                    : Optional.of(Duration.ofMillis(random.nextLong(durations.get(i).toMillis() + 1)));
            AttemptLog attempt = new AttemptLog(target.provider(), target.upstreamModel(), 1, offset, durations.get(i),
                    outcome, firstByte);
            log.add(attempt);
            offset = offset.plus(durations.get(i));
            ended.add(new Ended(target, started.plus(offset), attempt));
        }
        UsageRecord base = TestRows.row(id, started, "gpt-test");
        return new UsageRecord(base.requestId(), base.startedAt(), base.keyName(), base.protocol(), base.model(),
                base.provider(), base.upstreamModel(), base.stream(), base.status(), base.errorType(), total,
                base.timeToFirstToken(), base.usage(), count, log);
    }

    /** The figures of {@code target}'s attempts that ended from {@code since} to the end of now's minute. */
    private static ChannelWindows.Stats expected(List<Ended> attempts, Target target, Instant since) {
        return expected(attempts, target, since, minuteStart(NOW).plus(Duration.ofMinutes(1)));
    }

    private static ChannelWindows.Stats expected(List<Ended> attempts, Target target, Instant since, Instant until) {
        Tally tally = new Tally();
        attempts.stream().filter(a -> a.target.equals(target))
                .filter(a -> !a.end.isBefore(since) && a.end.isBefore(until))
                .forEach(a -> tally.add(ChannelVerdict.windowResult(a.log.outcome()), a.log.duration(),
                        a.log.firstByte()));
        return tally.stats();
    }

    private static Instant minuteStart(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    }
}
