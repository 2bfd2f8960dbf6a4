package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.config.RetentionSettings;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.usage.TimeGrain;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageFilter;
import dev.parley.core.usage.UsageRecord;
import dev.parley.core.usage.UsageReportQuery;
import dev.parley.store.Database;
import dev.parley.store.UsageReports;
import dev.parley.store.UsageRepository;
import dev.parley.store.UsageRetention;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionJobTest {

    private static final Instant NOW = Instant.parse("2026-06-01T03:00:00Z");

    @TempDir
    Path folder;

    private static UsageRecord row(String id, Instant at) {
        return new UsageRecord(id, at, "ci", Protocol.OPENAI_CHAT, "gpt-4o", Optional.of("openai"),
                Optional.of("gpt-4o"), false, 200, Optional.empty(), Duration.ofMillis(5), Optional.empty(),
                TokenUsage.reported(10, 2), 1, List.of(), Optional.empty(), Optional.empty(), Attribution.NONE);
    }

    @Test
    void aPassDeletesRawRowsAndHoursOlderThanTheirPeriodsAndKeepsTheDays() {
        try (Database database = Database.open("sqlite:" + folder.resolve("parley.db"))) {
            UsageRepository ledger = new UsageRepository(database);
            ledger.insertBatch(List.of(row("ancient", NOW.minus(Duration.ofDays(500))),
                    row("old", NOW.minus(Duration.ofDays(100))), row("recent", NOW.minus(Duration.ofDays(1)))));
            RetentionSettings settings = new RetentionSettings(Optional.of(Duration.ofDays(90)),
                    Optional.of(Duration.ofDays(400)));
            try (RetentionJob job = RetentionJob.start(new UsageRetention(database), RetentionSettings.FOREVER,
                    Clock.fixed(NOW, ZoneOffset.UTC))) {
                assertThat(ledger.count()).isEqualTo(3);
            }
            UsageRetention.Deleted deleted;
            try (RetentionJob job = RetentionJob.start(new UsageRetention(database), settings,
                    Clock.fixed(NOW, ZoneOffset.UTC))) {
                deleted = job.run();
            }
            // The pass at start may have run first: then this one found nothing left to delete.
            assertThat(deleted.raw()).isBetween(0L, 2L);
            assertThat(ledger.findByRequestId("recent")).isPresent();
            assertThat(ledger.count()).isEqualTo(1);
            UsageReports reports = new UsageReports(database);
            UsageFilter all = UsageFilter.between(NOW.minus(Duration.ofDays(600)), NOW);
            assertThat(reports.report(new UsageReportQuery(all, List.of(), TimeGrain.DAY)).total().requests())
                    .isEqualTo(3);
            assertThat(reports.report(new UsageReportQuery(UsageFilter.between(NOW.minus(Duration.ofDays(90)), NOW),
                    List.of(), TimeGrain.HOUR)).total().requests()).isEqualTo(1);
            assertThat(reports.report(new UsageReportQuery(UsageFilter.between(NOW.minus(Duration.ofDays(501)),
                    NOW.minus(Duration.ofDays(499))), List.of(), TimeGrain.HOUR)).rows()).isEmpty();
        }
    }
}
