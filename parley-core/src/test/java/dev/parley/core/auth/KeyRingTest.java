package dev.parley.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRingTest {

    private final KeyHasher hasher = new KeyHasher(new byte[32]);

    @Test
    void authenticatesKnownKeysOnly() {
        KeyRing ring = KeyRing.builder(hasher).add("pk-ci-0123456789abcdef", new VirtualKey("ci", ModelAccess.ALL)).build();

        assertThat(ring.authenticate("pk-ci-0123456789abcdef")).map(VirtualKey::name).contains("ci");
        assertThat(ring.authenticate("pk-ci-0123456789abcdeg")).isEmpty();
        assertThat(ring.authenticate("")).isEmpty();
    }

    @Test
    void hashesDependOnTheServerSecret() {
        byte[] other = new byte[32];
        other[0] = 1;

        assertThat(new KeyHasher(other).hash("k")).isNotEqualTo(hasher.hash("k"));
        assertThat(hasher.hash("k")).hasSize(64).doesNotContain("k");
    }

    @Test
    void refusesDuplicateKeysAndShortSecrets() {
        VirtualKey a = new VirtualKey("a", ModelAccess.ALL);
        assertThatThrownBy(() -> KeyRing.builder(hasher).add("same", a).add("same", a))
                .hasMessageNotContaining("same\"");
        assertThatThrownBy(() -> new KeyHasher(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modelPatterns() {
        ModelAccess access = new ModelAccess(List.of("gpt-*", "claude-sonnet-4", "*-mini"));

        assertThat(access.allows("gpt-4o")).isTrue();
        assertThat(access.allows("claude-sonnet-4")).isTrue();
        assertThat(access.allows("claude-sonnet-4-5")).isFalse();
        assertThat(access.allows("o4-mini")).isTrue();
        assertThat(access.allows("gemini.2")).isFalse();
        assertThat(new ModelAccess(List.of("a.b")).allows("aXb")).isFalse();
        assertThat(ModelAccess.ALL.allows("anything/at-all")).isTrue();
    }
}
