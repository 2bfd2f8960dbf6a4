package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.ProviderType;
import dev.parley.core.config.Secret;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyRotationTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static ProviderConfig provider(String key) {
        return new ProviderConfig("p", ProviderType.OPENAI, URI.create("https://api.example/v1"),
                List.of(new Secret(key)), Map.of());
    }

    @Test
    void aKeyPutInARefusedKeysPlaceStartsUsable() {
        KeyRotation rotation = new KeyRotation();
        ProviderConfig before = provider("sk-refused-0000");
        rotation.kill(new KeySlot(before, 0));

        assertThat(rotation.hasUsable(before, NOW, Set.of())).isFalse();
        assertThat(rotation.hasUsable(provider("sk-refused-0000"), NOW, Set.of())).isFalse();
        assertThat(rotation.hasUsable(provider("sk-replacement-1111"), NOW, Set.of())).isTrue();
    }
}
