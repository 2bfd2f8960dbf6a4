package dev.parley.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.config.ProviderType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceDataTest {

    private static final Instant NOW = Instant.parse("2026-08-01T12:00:00Z");

    @Test
    void aMalformedPriceAnywhereInTheBundledDataFailsTheLoadNamingIt() {
        // The last provider's last model: nothing is read lazily, so a fault at the very end fails the load.
        var text = BundledData.text();
        var entry = "\"id\":\"GLM-5.2\"";
        var at = text.lastIndexOf(entry);
        assertThat(at).isPositive();
        var broken = text.substring(0, at) + text.substring(at).replaceFirst("\"input_mtok\":1.103", "\"input_mtok\":\"1.1\"");
        assertThat(broken).isNotEqualTo(text);

        assertThatThrownBy(() -> PriceTable.parse(broken.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PriceDataException.class)
                .hasMessageContaining("zhipuai/GLM-5.2")
                .hasMessageContaining("prices.input_mtok");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"input_mtok\": -1, \"output_mtok\": 2}                                  | prices.input_mtok",
        "{\"input_mtok\": \"cheap\"}                                                | prices.input_mtok",
        "{\"output_mtok\": {\"base\": 1}}                                          | prices.output_mtok",
        "{\"output_mtok\": {\"base\": 1, \"tiers\": [{\"start\": -5, \"price\": 2}]}} | prices.output_mtok.tiers[0].start",
        "{\"output_mtok\": {\"base\": 1, \"tiers\": [{\"start\": 9, \"price\": 2}, {\"start\": 5, \"price\": 3}]}}"
                + " | prices.output_mtok: tier thresholds must ascend",
        "{\"input_audio_mtok\": null}                                              | prices.input_audio_mtok",
        "[{\"constraint\": {\"start_date\": \"soon\"}, \"prices\": {}}]             | prices[0].constraint",
        "[]                                                                        | prices",
    })
    void aMalformedPriceFailsNamingTheEntryAndField(String prices, String field) {
        var json = """
                [{"id": "acme", "name": "Acme", "api_pattern": "x", "models": [
                  {"id": "good", "match": {"equals": "good"}, "prices": {"input_mtok": 1}},
                  {"id": "rocket-1", "match": {"equals": "rocket-1"}, "prices": %s}]}]
                """.formatted(prices);
        assertThatThrownBy(() -> PriceTable.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PriceDataException.class)
                .hasMessageStartingWith("acme/rocket-1: " + field);
    }

    @Test
    void aBadMatchRuleFailsNamingTheEntry() {
        var json = """
                [{"id": "acme", "name": "Acme", "api_pattern": "x", "models": [
                  {"id": "rocket-1", "match": {"or": [{"equals": "a"}, {"regex": "(unclosed"}]}, "prices": {}}]}]
                """;
        assertThatThrownBy(() -> PriceTable.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PriceDataException.class)
                .hasMessageStartingWith("acme/rocket-1: match.or[1].regex: not a valid regular expression");
    }

    @Test
    void theLastConditionalPriceThatHoldsWinsElseTheFirst() {
        var json = """
                [{"id": "acme", "name": "Acme", "api_pattern": "x", "models": [
                  {"id": "m", "match": {"starts_with": "m"}, "prices": [
                    {"constraint": {"start_date": "2030-01-01"}, "prices": {"input_mtok": 1}},
                    {"constraint": {"start_date": "2031-01-01"}, "prices": {"input_mtok": 2}},
                    {"constraint": {"start_time": "22:00:00Z", "end_time": "02:00:00Z"}, "prices": {"input_mtok": 3}}]}]}]
                """;
        var table = PriceTable.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(input(table, "2026-01-01T12:00:00Z")).isEqualTo("1");
        assertThat(input(table, "2031-06-01T12:00:00Z")).isEqualTo("2");
        assertThat(input(table, "2026-01-01T23:30:00Z")).isEqualTo("3");
        assertThat(input(table, "2026-01-01T01:59:59Z")).isEqualTo("3");
        assertThat(input(table, "2026-01-01T02:00:00Z")).isEqualTo("1");
    }

    @Test
    void freeModelsCostNothingAndPricesAreExactDecimals() {
        var json = """
                [{"id": "acme", "name": "Acme", "api_pattern": "x", "models": [
                  {"id": "free", "match": {"equals": "free"}, "prices": {}},
                  {"id": "odd", "match": {"equals": "odd"}, "prices": {"input_mtok": 0.1, "output_mtok": 0.30000000000000004,
                   "requests_kcount": 5}}]}]
                """;
        var table = PriceTable.parse(json.getBytes(StandardCharsets.UTF_8));
        var free = table.find("acme", "free", NOW).orElseThrow();
        assertThat(free.charge(new BilledTokens(1000, 1000, 1000, 1000, 1000))).isZero();
        var odd = table.find("acme", "odd", NOW).orElseThrow();
        assertThat(odd.input().at(0)).isEqualTo("0.1");
        assertThat(odd.output().at(0)).isEqualTo("0.30000000000000004");
        assertThat(odd.requestCharge()).isEqualByComparingTo("0.005");
    }

    @Test
    void theBundledDataPricesEveryProviderTypeParleySpeaks() {
        assertThat(PriceTable.bundled().find(ProviderType.OPENAI, "gpt-4o", NOW)).isPresent();
        assertThat(PriceTable.bundled().find("gemini", "gemini-2.5-flash", NOW)).isPresent();
        assertThat(PriceTable.bundled().find("nobody", "gpt-4o", NOW)).isEmpty();
    }

    private static String input(PriceTable table, String at) {
        return table.find("acme", "m", Instant.parse(at)).orElseThrow().input().at(0).toPlainString();
    }
}
