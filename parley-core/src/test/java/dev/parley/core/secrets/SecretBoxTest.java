package dev.parley.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final String KEY = "sk-live-4f9c2a7e81b3d6500c1e";
    private final byte[] secret = secret(7);
    private final SecretBox box = new SecretBox(secret, new SecureRandom());

    @Test
    void opensWhatItSealed() {
        String sealed = box.seal("openai", KEY);

        assertThat(sealed).startsWith("v1.").doesNotContain(KEY).doesNotContain("4f9c2a7e");
        assertThat(box.open("openai", sealed)).isEqualTo(KEY);
        assertThat(new SecretBox(secret(7), new SecureRandom()).open("openai", sealed)).isEqualTo(KEY);
    }

    @Test
    void alteredTextDoesNotOpen() {
        String sealed = box.seal("openai", KEY);
        byte[] bytes = Base64.getUrlDecoder().decode(sealed.substring(3));
        bytes[bytes.length - 1] ^= 1;
        String tampered = "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThatThrownBy(() -> box.open("openai", tampered))
                .isInstanceOf(SecretOpenException.class)
                .hasMessageContaining("openai")
                .hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> box.open("openai", "v1.@@@")).isInstanceOf(SecretOpenException.class);
        assertThatThrownBy(() -> box.open("openai", "v1.AAAA")).hasMessageContaining("truncated");
        assertThatThrownBy(() -> box.open("openai", KEY))
                .isInstanceOf(SecretOpenException.class)
                .hasMessageNotContaining(KEY);
    }

    @Test
    void anotherServerSecretDoesNotOpen() {
        String sealed = box.seal("openai", KEY);

        assertThatThrownBy(() -> new SecretBox(secret(8), new SecureRandom()).open("openai", sealed))
                .isInstanceOf(SecretOpenException.class)
                .hasMessageContaining("provider 'openai'")
                .hasMessageContaining("server secret")
                .hasMessageNotContaining(KEY)
                .hasMessageNotContaining(sealed);
    }

    @Test
    void aKeyMovedToAnotherProviderDoesNotOpen() {
        String sealed = box.seal("openai", KEY);

        assertThatThrownBy(() -> box.open("anthropic", sealed))
                .isInstanceOf(SecretOpenException.class)
                .hasMessageContaining("anthropic");
    }

    @Test
    void everySealingUsesAFreshNonce() {
        Set<String> nonces = new HashSet<>();
        Set<String> texts = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String sealed = box.seal("openai", KEY);
            texts.add(sealed);
            nonces.add(HexFormat.of().formatHex(Base64.getUrlDecoder().decode(sealed.substring(3)), 0, 12));
        }

        assertThat(nonces).hasSize(1000);
        assertThat(texts).hasSize(1000);
    }

    @Test
    void theSealingKeyIsDerivedNotTheSecretItself() {
        byte[] derived = SecretBox.hkdf(secret, SecretBox.INFO);

        assertThat(derived).hasSize(32).isNotEqualTo(secret);
        assertThat(SecretBox.hkdf(secret, "other".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(derived);
    }

    @Test
    void hkdfMatchesRfc5869WithAnEmptySalt() {
        // RFC 5869 test case 3: IKM = 22 bytes of 0x0b, no salt, no info; OKM's first 32 bytes.
        byte[] ikm = new byte[22];
        java.util.Arrays.fill(ikm, (byte) 0x0b);

        assertThat(HexFormat.of().formatHex(SecretBox.hkdf(ikm, new byte[0])))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
    }

    @Test
    void masksKeepOnlyAFewCharacters() {
        assertThat(SecretBox.mask(KEY)).isEqualTo("sk-l…0c1e");
        assertThat(SecretBox.mask("abcdefghij")).isEqualTo("…ghij");
        assertThat(SecretBox.mask("short")).isEqualTo("…");
        assertThat(SecretBox.mask(KEY)).doesNotContain("4f9c2a7e81b3");
    }

    @Test
    void refusesAShortSecret() {
        assertThatThrownBy(() -> new SecretBox(new byte[16], new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] secret(int seed) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) seed);
        return bytes;
    }
}
