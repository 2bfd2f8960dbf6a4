package dev.parley.core.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the price database (the genai-prices format) in one pass, checking every entry: a malformed price fails the
 * whole load, naming the provider, the model and the field, rather than billing that model wrongly later.
 */
final class PriceData {

    /** Anthropic bills one-hour cache writes at twice the base input price; the database only has the default. */
    private static final String ANTHROPIC = "anthropic";
    private static final BigDecimal ONE_HOUR_WRITE_FACTOR = BigDecimal.TWO;

    /** Numbers are read as decimals from the text: a price must never pass through a double. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private PriceData() {}

    static List<DatabaseProvider> parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new PriceDataException("price data", "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new PriceDataException("price data", "expected a list of providers");
        }
        var providers = new ArrayList<DatabaseProvider>();
        for (var i = 0; i < root.size(); i++) {
            providers.add(provider(root.get(i), "providers[" + i + "]"));
        }
        return providers;
    }

    private static DatabaseProvider provider(JsonNode node, String where) {
        var id = text(node, "id", where);
        var models = node.get("models");
        if (models == null || !models.isArray()) {
            throw new PriceDataException(id, "models: expected a list");
        }
        var entries = new ArrayList<ModelEntry>();
        for (var i = 0; i < models.size(); i++) {
            entries.add(model(models.get(i), id, i));
        }
        return new DatabaseProvider(id,
                optional(node, "api_pattern").map(pattern -> MatchReader.pattern(pattern, id + ": api_pattern")),
                optional(node, "model_match").map(match -> MatchReader.read(match, id + ": model_match")),
                optional(node, "provider_match").map(match -> MatchReader.read(match, id + ": provider_match")),
                optional(node, "fallback_model_providers").map(list -> texts(list, id + ": fallback_model_providers"))
                        .orElse(List.of()),
                entries);
    }

    private static ModelEntry model(JsonNode node, String providerId, int index) {
        var modelId = text(node, "id", providerId + ": models[" + index + "]");
        var where = providerId + "/" + modelId;
        var match = MatchReader.read(node.get("match"), where + ": match");
        var prices = node.get("prices");
        var dated = new ArrayList<ModelEntry.Dated>();
        if (prices != null && prices.isObject()) {
            dated.add(new ModelEntry.Dated(new Condition.Always(), price(prices, where, providerId)));
        } else if (prices != null && prices.isArray() && !prices.isEmpty()) {
            for (var i = 0; i < prices.size(); i++) {
                dated.add(conditional(prices.get(i), where, "prices[" + i + "]", providerId));
            }
        } else {
            throw new PriceDataException(where, "prices: expected prices or a list of conditional prices");
        }
        return new ModelEntry(modelId, match, dated);
    }

    private static ModelEntry.Dated conditional(JsonNode node, String where, String field, String providerId) {
        var prices = node.get("prices");
        if (prices == null || !prices.isObject()) {
            throw new PriceDataException(where, field + ".prices: expected prices");
        }
        var condition = optional(node, "constraint").map(constraint -> condition(constraint, where, field + ".constraint"))
                .orElseGet(Condition.Always::new);
        return new ModelEntry.Dated(condition, price(prices, where, providerId));
    }

    private static Condition condition(JsonNode node, String where, String field) {
        try {
            if (node.has("start_date")) {
                return new Condition.Since(LocalDate.parse(text(node, "start_date", where + ": " + field)));
            }
            if (node.has("start_time") && node.has("end_time")) {
                return new Condition.DailyWindow(time(text(node, "start_time", where + ": " + field)),
                        time(text(node, "end_time", where + ": " + field)));
            }
        } catch (DateTimeParseException e) {
            throw new PriceDataException(where, field + ": not a date or time: " + e.getParsedString());
        }
        throw new PriceDataException(where, field + ": expected start_date, or start_time and end_time");
    }

    /** A time of day in UTC: {@code 00:30:00Z}, with another offset, or with none. */
    private static LocalTime time(String text) {
        try {
            return OffsetTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
        } catch (DateTimeParseException noOffset) {
            return LocalTime.parse(text);
        }
    }

    /** A cache price the database leaves out is the input price: the provider then bills those tokens as input. */
    private static ModelPrice price(JsonNode node, String where, String providerId) {
        for (var name : node.propertyNames()) {
            var field = "prices." + name;
            if (name.equals("requests_kcount")) {
                amount(node.get(name), where, field);
            } else {
                rate(node.get(name), where, field);
            }
        }
        var input = optionalRate(node, "input_mtok", where).orElse(Rate.FREE);
        var cacheWrite = optionalRate(node, "cache_write_mtok", where).orElse(input);
        var oneHour = providerId.equals(ANTHROPIC) ? input.times(ONE_HOUR_WRITE_FACTOR) : cacheWrite;
        return new ModelPrice(where, input,
                optionalRate(node, "output_mtok", where).orElse(Rate.FREE),
                optionalRate(node, "cache_read_mtok", where).orElse(input),
                cacheWrite,
                oneHour,
                optional(node, "requests_kcount").map(n -> amount(n, where, "prices.requests_kcount"))
                        .orElse(BigDecimal.ZERO));
    }

    private static Optional<Rate> optionalRate(JsonNode prices, String name, String where) {
        return optional(prices, name).map(node -> rate(node, where, "prices." + name));
    }

    private static Rate rate(JsonNode node, String where, String field) {
        if (node.isNumber()) {
            return Rate.flat(amount(node, where, field));
        }
        if (!node.isObject() || !node.has("base") || !node.path("tiers").isArray()) {
            throw new PriceDataException(where, field + ": expected a price or {base, tiers}");
        }
        var tiers = new ArrayList<Rate.Tier>();
        var list = node.get("tiers");
        for (var i = 0; i < list.size(); i++) {
            var tier = list.get(i);
            var start = tier.path("start");
            if (!start.isIntegralNumber() || !start.canConvertToLong() || start.longValue() < 0) {
                throw new PriceDataException(where, field + ".tiers[" + i + "].start: expected a token count");
            }
            tiers.add(new Rate.Tier(start.longValue(), amount(tier.path("price"), where, field + ".tiers[" + i + "].price")));
        }
        try {
            return new Rate(amount(node.get("base"), where, field + ".base"), tiers);
        } catch (IllegalArgumentException e) {
            throw new PriceDataException(where, field + ": " + e.getMessage());
        }
    }

    private static BigDecimal amount(JsonNode node, String where, String field) {
        if (!node.isNumber()) {
            throw new PriceDataException(where, field + ": expected a number of dollars, got " + node);
        }
        var amount = node.decimalValue();
        if (amount.signum() < 0) {
            throw new PriceDataException(where, field + ": a price cannot be negative, got " + amount.toPlainString());
        }
        return amount;
    }

    private static Optional<JsonNode> optional(JsonNode node, String name) {
        return Optional.ofNullable(node.get(name)).filter(value -> !value.isNull());
    }

    private static String text(JsonNode node, String name, String where) {
        var value = node.get(name);
        if (value == null || !value.isString() || value.stringValue().isBlank()) {
            throw new PriceDataException(where, name + ": expected text");
        }
        return value.stringValue();
    }

    private static List<String> texts(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new PriceDataException(where, "expected a list of provider ids");
        }
        var texts = new ArrayList<String>();
        for (var item : node.values()) {
            if (!item.isString()) {
                throw new PriceDataException(where, "expected a list of provider ids");
            }
            texts.add(item.stringValue());
        }
        return texts;
    }
}
