package dev.parley.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IdCharsTest {

    @Test
    void safeTextIsReturnedAsItIs() {
        String id = "chatcmpl-AbC_123";
        assertThat(IdChars.safe(id)).isSameAs(id);
        assertThat(IdChars.safe("")).isEmpty();
    }

    @Test
    void replacesWhatTheRegularExpressionReplaced() {
        Random random = new Random(11);
        String pool = "aZ09_-.:/ é\u0000\"😀𝔸";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(20); i > 0; i--) {
                text.appendCodePoint(pool.codePoints().skip(random.nextInt((int) pool.codePoints().count()))
                        .findFirst().orElseThrow());
            }
            String value = text.toString();
            assertThat(IdChars.safe(value)).isEqualTo(value.replaceAll("[^A-Za-z0-9_-]", "_"));
        }
    }
}
