package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.tenancy.Attribution;
import dev.parley.core.usage.UsageRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A journal line gives back the row that was recorded, to the nanosecond, and nothing else passes for one. */
class UsageRowJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    void whomARowIsChargedToRoundTripsAndOldLinesReadAsChargedToNoTeam() {
        UsageRecord personal = TestRows.full("req-personal").withAttribution(TestRows.PERSONAL);
        UsageRecord service = TestRows.row("req-service").withAttribution(TestRows.SERVICE);
        ObjectNode old = (ObjectNode) JSON.readTree(UsageRowJson.write(personal));
        old.remove("attribution");

        assertThat(UsageRowJson.read(UsageRowJson.write(personal))).isEqualTo(personal);
        assertThat(UsageRowJson.read(UsageRowJson.write(service))).isEqualTo(service);
        assertThat(UsageRowJson.write(TestRows.full("req-none"))).doesNotContain("attribution");
        assertThat(UsageRowJson.read(JSON.writeValueAsString(old)))
                .isEqualTo(personal.withAttribution(Attribution.NONE));
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
