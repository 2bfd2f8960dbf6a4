package dev.parley.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.Protocol;
import dev.parley.core.tenancy.Attribution;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsageReachTest {

    private static UsageRecord row(Optional<String> team, Optional<String> member) {
        return new UsageRecord("req_1", Instant.parse("2026-11-24T12:00:00Z"), "k", Protocol.OPENAI_CHAT, "m",
                Optional.empty(), Optional.empty(), false, 200, Optional.empty(), Duration.ZERO, Optional.empty(),
                TokenUsage.NONE, 0, List.of(), Optional.empty(), Optional.empty(),
                new Attribution(Optional.of("key_1"), member, Optional.of("proj_1"), team));
    }

    @Test
    void aLimitedReachSeesItsTeamsRowsAndItsOwnAnywhere() {
        UsageReach reach = new UsageReach.Limited(Set.of("team_a"), "mem_me");

        assertThat(reach.sees(row(Optional.of("team_a"), Optional.of("mem_other")))).isTrue();
        assertThat(reach.sees(row(Optional.of("team_b"), Optional.of("mem_me")))).isTrue();
        assertThat(reach.sees(row(Optional.of("team_b"), Optional.of("mem_other")))).isFalse();
        assertThat(reach.sees(row(Optional.empty(), Optional.empty()))).isFalse();
        assertThat(UsageReach.EVERYTHING.sees(row(Optional.empty(), Optional.empty()))).isTrue();
    }
}
