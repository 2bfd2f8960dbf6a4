package dev.parley.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkStampTest {

    private static byte[] chunk(int index, long nanos) {
        byte[] template = ("data: {\"choices\":[{\"delta\":{\"content\":\"" + ChunkStamp.text(index) + "\"}}]}\n\n")
                .getBytes(StandardCharsets.US_ASCII);
        return ChunkStamp.fill(template, ChunkStamp.digitsAt(template), nanos);
    }

    private static List<Long> readAll(ChunkStamp.Reader reader, byte[] bytes) {
        List<Long> stamps = new ArrayList<>();
        for (byte b : bytes) {
            long stamp = reader.next(b);
            if (stamp != ChunkStamp.NONE) {
                stamps.add(stamp);
            }
        }
        return stamps;
    }

    @Test
    void aFilledChunkReadsBackItsSendTime() {
        assertEquals(List.of(123_456_789_012L), readAll(new ChunkStamp.Reader(), chunk(7, 123_456_789_012L)));
        assertEquals(List.of(Long.MAX_VALUE), readAll(new ChunkStamp.Reader(), chunk(0, Long.MAX_VALUE)));
    }

    @Test
    void stampsCutAtEveryByteAreReadWhole() {
        byte[] two = (new String(chunk(1, 42), StandardCharsets.US_ASCII)
                + new String(chunk(2, 9_000_000_000L), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        for (int cut = 0; cut <= two.length; cut++) {
            ChunkStamp.Reader reader = new ChunkStamp.Reader();
            List<Long> stamps = new ArrayList<>(readAll(reader, java.util.Arrays.copyOfRange(two, 0, cut)));
            stamps.addAll(readAll(reader, java.util.Arrays.copyOfRange(two, cut, two.length)));
            assertEquals(List.of(42L, 9_000_000_000L), stamps, "cut at " + cut);
        }
    }

    @Test
    void textWithoutAMarkerHasNoStamp() {
        assertEquals(List.of(), readAll(new ChunkStamp.Reader(),
                "data: {\"usage\":{\"prompt_tokens\":200}}\n\n@ @@".getBytes(StandardCharsets.US_ASCII)));
    }
}
