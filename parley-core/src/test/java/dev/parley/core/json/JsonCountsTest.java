package dev.parley.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonCountsTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countsTheElementsOfAnArrayIgnoringWhatStringsHold() {
        assertThat(JsonCounts.elements(json("[]"))).isZero();
        assertThat(JsonCounts.elements(json("[ ]"))).isZero();
        assertThat(JsonCounts.elements(json("[1]"))).isEqualTo(1);
        assertThat(JsonCounts.elements(json("[{\"a\":[1,2,3]},\"x,y]\",[4,5], null]"))).isEqualTo(4);
        assertThat(JsonCounts.elements(json("[\"a\\\",b\"]"))).isEqualTo(1);
        assertThat(JsonCounts.elements(json("{\"a\":1,\"b\":2}"))).isZero();
    }

    @Test
    void countsObjectsAtADepthOrInAll() {
        byte[] gemini = json("[{\"functionDeclarations\":[{\"name\":\"a\"},{\"name\":\"b\",\"parameters\":{}}]},"
                + "{\"functionDeclarations\":[{\"name\":\"{c}\"}]}]");
        assertThat(JsonCounts.objects(gemini, 1)).isEqualTo(2);
        assertThat(JsonCounts.objects(gemini, 3)).isEqualTo(3);
        assertThat(JsonCounts.objects(gemini, -1)).isEqualTo(6);
    }
}
