package dev.parley.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.core.config.ConfigLoader;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.ProviderType;
import dev.parley.core.pricing.PriceDataException;
import dev.parley.core.pricing.PriceTable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The price matcher: {@link PriceTable#find} with arbitrary provider and model names (a client may name any model of
 * a provider it can address directly) answers without any exception and in time, whatever the bundled database's
 * match rules and regular expressions; and a price database in the genai-prices format, read by its match readers,
 * is refused only with a {@link PriceDataException}. The input of {@link #names} is a provider name, a line feed
 * and a model name. Seeds are in {@code PriceFuzzTestInputs/<method>/}.
 */
class PriceFuzzTest {

    private static final Instant AT = Instant.parse("2026-01-15T12:00:00Z");
    private static final PriceTable BUNDLED = PriceTable.bundled();
    private static final List<ProviderConfig> CONFIGURED = ConfigLoader.parse("""
            providers:
              - {name: groq, type: openai-compatible, base_url: "https://api.groq.com/openai/v1", keys: [k]}
              - {name: local, type: openai-compatible, base_url: "http://127.0.0.1:8000/v1", keys: [k]}
              - {name: openai, type: openai, keys: [k]}
              - {name: gemini, type: gemini, keys: [k]}
            """, Map.of()).providers();

    @FuzzTest
    void names(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String provider = newline < 0 ? text : text.substring(0, newline);
        String model = newline < 0 ? text : text.substring(newline + 1);
        BUNDLED.find(provider, model, AT);
        for (ProviderType type : ProviderType.values()) {
            BUNDLED.find(type, model, AT);
        }
        for (ProviderConfig configured : CONFIGURED) {
            BUNDLED.find(configured, model, AT);
        }
    }

    @FuzzTest
    void database(byte[] input) {
        PriceTable table;
        try {
            table = PriceTable.parse(input);
        } catch (PriceDataException refused) {
            return;
        }
        table.find("openai", "gpt-4o", AT);
        table.find(ProviderType.OPENAI_COMPATIBLE, "anthropic/claude-sonnet-4-5", AT);
    }
}
