package dev.parley.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.auth.ModelAccess;
import dev.parley.core.auth.VirtualKey;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tenancy.Attribution;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final IdempotencyKey KEY = new IdempotencyKey("key:k1", "a");

    private static IdempotencyRecord held(IdempotencyRecord.State state) {
        return new IdempotencyRecord(KEY, "aa", state, T0, T0.plusSeconds(3600), T0.plusSeconds(60));
    }

    @Test
    void whatADuplicateGets() {
        StoredResult result = new StoredResult(200, Map.of("content-type", "application/json"), new byte[] {1});
        assertThat(Verdict.of(held(new IdempotencyRecord.State.InFlight()), "bb")).isEqualTo(new Verdict.Mismatch());
        assertThat(Verdict.of(held(new IdempotencyRecord.State.InFlight()), "aa")).isEqualTo(new Verdict.InProgress());
        assertThat(Verdict.of(held(new IdempotencyRecord.State.Done(Optional.of(result))), "aa"))
                .isEqualTo(new Verdict.Replay(result));
        assertThat(Verdict.of(held(new IdempotencyRecord.State.Done(Optional.empty())), "aa"))
                .isEqualTo(new Verdict.NotKept());
    }

    @Test
    void aKeyIsTakeableOnceItsLeaseOrWindowEnds() {
        assertThat(held(new IdempotencyRecord.State.InFlight()).takeable(T0.plusSeconds(59))).isFalse();
        assertThat(held(new IdempotencyRecord.State.InFlight()).takeable(T0.plusSeconds(60))).isTrue();
        assertThat(held(new IdempotencyRecord.State.Done(Optional.empty())).takeable(T0.plusSeconds(60))).isFalse();
        assertThat(held(new IdempotencyRecord.State.Done(Optional.empty())).takeable(T0.plusSeconds(3600))).isTrue();
    }

    @Test
    void keysAreScopedAndChecked() {
        VirtualKey stored = new VirtualKey("ci", ModelAccess.ALL, new Attribution(Optional.of("k1"), Optional.empty(),
                Optional.of("p"), Optional.of("t")));
        VirtualKey configured = new VirtualKey("ci", ModelAccess.ALL);
        assertThat(IdempotencyKey.of(stored, "order-1")).contains(new IdempotencyKey("key:k1", "order-1"));
        assertThat(IdempotencyKey.of(configured, "order-1")).contains(new IdempotencyKey("name:ci", "order-1"));
        for (String bad : List.of("", "a b", "x".repeat(256), "é")) {
            assertThat(IdempotencyKey.of(stored, bad)).isEmpty();
        }
    }

    @Test
    void theFingerprintCoversProtocolPathAndBody() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String chat = IdempotencyKey.fingerprint(Protocol.OPENAI_CHAT, "/v1/chat/completions", body);
        assertThat(chat).hasSize(64).isEqualTo(IdempotencyKey.fingerprint(Protocol.OPENAI_CHAT, "/v1/chat/completions",
                body.clone()));
        assertThat(IdempotencyKey.fingerprint(Protocol.OPENAI_CHAT, "/chat/completions", body)).isNotEqualTo(chat);
        assertThat(IdempotencyKey.fingerprint(Protocol.ANTHROPIC_MESSAGES, "/v1/chat/completions", body))
                .isNotEqualTo(chat);
        assertThat(IdempotencyKey.fingerprint(Protocol.OPENAI_CHAT, "/v1/chat/completions", "{ }".getBytes(
                StandardCharsets.UTF_8))).isNotEqualTo(chat);
    }
}
