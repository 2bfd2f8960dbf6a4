package dev.parley.core.pricing;

import dev.parley.core.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The bundled price data as a test reads it, independently of the table. */
final class BundledData {

    private BundledData() {}

    static byte[] bytes() {
        try (var in = PriceTable.class.getResourceAsStream(PriceTable.BUNDLED_RESOURCE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    static int modelCount() {
        var count = 0;
        for (var provider : Json.MAPPER.readTree(bytes())) {
            count += provider.get("models").size();
        }
        return count;
    }
}
