package dev.parley.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventScanTest {

    @Test
    void aNullMemberIsNoMentionWhateverTheSpacing() {
        assertThat(EventScan.mentionsNonNull("{\"usage\":null}", "\"usage\"")).isFalse();
        assertThat(EventScan.mentionsNonNull("{\"usage\" :\n null}", "\"usage\"")).isFalse();
        assertThat(EventScan.mentionsNonNull("{\"usage\":{\"prompt_tokens\":1}}", "\"usage\"")).isTrue();
        assertThat(EventScan.mentionsNonNull("{\"usage\":null,\"x\":{\"usage\":{}}}", "\"usage\"")).isTrue();
        assertThat(EventScan.mentionsNonNull("{\"type\":\"error\"}", "\"error\"")).isTrue();
    }

    @Test
    void aQuotedNameInsideAStringIsEscapedSoNotMentioned() {
        assertThat(EventScan.mentionsNonNull("{\"text\":\"the \\\"usage\\\" word\"}", "\"usage\"")).isFalse();
        assertThat(EventScan.mentions("{\"text\":\"the \\\"error\\\" word\"}", "\"error\"")).isFalse();
    }

    @Test
    void onlyBracedDataIsObjectShaped() {
        assertThat(EventScan.objectShaped(" {\"a\":1}\n")).isTrue();
        assertThat(EventScan.objectShaped("{\"a\":")).isFalse();
        assertThat(EventScan.objectShaped("[{}]")).isFalse();
        assertThat(EventScan.objectShaped("[DONE]")).isFalse();
        assertThat(EventScan.objectShaped("{")).isFalse();
        assertThat(EventScan.objectShaped("")).isFalse();
    }
}
