package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VirtualKeysTest {

    @Test
    void aKeyIsThePrefixAndFortyEightBase62Characters() {
        String key = VirtualKeys.generate(new SecureRandom());

        assertThat(key).startsWith("sk-parley-").hasSize("sk-parley-".length() + 48);
        assertThat(key.substring(10)).matches("[0-9A-Za-z]{48}");
        assertThat(VirtualKeys.looksLike(key)).isTrue();
    }

    @Test
    void everyBase62CharacterIsDrawn() {
        Random random = new Random(7);
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            VirtualKeys.generate(random).substring(10).chars().forEach(c -> seen.add((char) c));
        }
        assertThat(seen).hasSize(62);
    }

    @Test
    void keysDoNotRepeat() {
        SecureRandom random = new SecureRandom();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(VirtualKeys.generate(random));
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void theHintIsThePrefixAndTheLastFourCharacters() {
        String key = VirtualKeys.generate(new Random(1));

        assertThat(VirtualKeys.hint(key)).isEqualTo("sk-parley-…" + key.substring(key.length() - 4));
        assertThat(VirtualKeys.looksLike(VirtualKeys.hint(key))).isFalse();
    }

    @Test
    void looksLikeWantsTheWholeShape() {
        String key = VirtualKeys.generate(new Random(2));

        assertThat(VirtualKeys.looksLike(key + "x")).isFalse();
        assertThat(VirtualKeys.looksLike(key.substring(0, key.length() - 1))).isFalse();
        assertThat(VirtualKeys.looksLike(key.replace("sk-parley-", "sk-partly-"))).isFalse();
        assertThat(VirtualKeys.looksLike(key.substring(0, 20) + "-" + key.substring(21))).isFalse();
        assertThat(VirtualKeys.looksLike("pk-test-0123456789abcdef")).isFalse();
    }

    @Test
    void theDocumentedRegexFindsAKeyInTextAndNotInsideALongerWord() {
        String key = VirtualKeys.generate(new Random(3));
        Pattern scanner = Pattern.compile(VirtualKeys.REGEX);

        assertThat(scanner.matcher("export OPENAI_API_KEY=" + key + "\n").find()).isTrue();
        assertThat(scanner.matcher("\"" + key + "\"").find()).isTrue();
        assertThat(scanner.matcher(key + "Z").find()).isFalse();
    }
}
