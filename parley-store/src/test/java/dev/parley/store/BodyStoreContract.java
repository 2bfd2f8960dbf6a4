package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.usage.CapturedBodies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the kept bodies' table promises, on each kind of database. */
abstract class BodyStoreContract extends RealDatabaseTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static CapturedBodies bodies(String id, Instant startedAt, String request) {
        return new CapturedBodies(id, startedAt, request, "data: {\"x\":\"<img src=x onerror=alert(1)>\"}\n\n",
                false, true);
    }

    @Test
    void keepsTheTextExactlyAndAnIdOnlyOnce() {
        BodyRepository store = new BodyRepository(database);
        String request = "{\"messages\":[{\"content\":\"<script>alert('é ✓ 😀')</script>\"}]}";
        store.insert(List.of(bodies("req_1", NOW, request)));
        store.insert(List.of(bodies("req_1", NOW, "{\"other\":true}"), bodies("req_2", NOW, "{}")));

        assertThat(store.find("req_1")).contains(bodies("req_1", NOW, request));
        assertThat(store.find("req_2")).isPresent();
        assertThat(store.find("req_3")).isEmpty();
    }

    @Test
    void purgesWhatStartedBeforeTheCutoff() {
        BodyRepository store = new BodyRepository(database);
        for (int i = 0; i < BodyRepository.PURGE_BATCH + 5; i++) {
            store.insert(List.of(bodies("old_" + i, NOW.minus(Duration.ofDays(31)), "{}")));
        }
        store.insert(List.of(bodies("new", NOW.minus(Duration.ofDays(29)), "{}")));

        assertThat(store.purgeBefore(NOW.minus(Duration.ofDays(30)))).isEqualTo(BodyRepository.PURGE_BATCH + 5);
        assertThat(store.find("old_0")).isEmpty();
        assertThat(store.find("new")).isPresent();
    }

    @Test
    void theWriterStoresWhatItIsGivenAndPurgesByItsRetention() {
        BodyRepository store = new BodyRepository(database);
        store.insert(List.of(bodies("expired", NOW.minus(Duration.ofDays(8)), "{}")));
        try (BodyWriter writer = new BodyWriter(store, Duration.ofDays(7), 10, Clock.fixed(NOW, ZoneOffset.UTC))) {
            writer.keep(bodies("kept", NOW, "{\"a\":1}"));
            writer.flush();
            assertThat(writer.writtenBodies()).isEqualTo(1);
            assertThat(writer.find("kept")).contains(bodies("kept", NOW, "{\"a\":1}"));
            assertThat(writer.purgedBodies()).isEqualTo(1);
            assertThat(store.find("expired")).isEmpty();
        }
    }
}
