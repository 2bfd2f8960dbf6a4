package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.usage.UsageRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A journal line gives back the row that was recorded, to the nanosecond, and nothing else passes for one. */
class UsageRowJsonTest {

    @Test
    void everyFieldRoundTripsAtFullPrecision() {
        UsageRecord full = TestRows.full("req-\"quoted\"\nline");
        UsageRecord bare = TestRows.bare("req-bare");
        UsageRecord precise = TestRows.row("req-nanos", Instant.parse("2025-03-01T12:00:00.123456789Z"), "m");

        assertThat(UsageRowJson.read(UsageRowJson.write(full))).isEqualTo(full);
        assertThat(UsageRowJson.read(UsageRowJson.write(bare))).isEqualTo(bare);
        assertThat(UsageRowJson.read(UsageRowJson.write(precise))).isEqualTo(precise);
    }

    @Test
    void aRowIsOneLine() {
        assertThat(UsageRowJson.write(TestRows.full("a\nb\r\nc"))).doesNotContain("\n", "\r");
    }

    @Test
    void aTornOrForeignLineIsRefused() {
        String line = UsageRowJson.write(TestRows.full("req-1"));

        assertThatThrownBy(() -> UsageRowJson.read(line.substring(0, line.length() - 10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UsageRowJson.read("{\"request_id\":\"x\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
