package dev.parley.core.pricing;

import java.time.Instant;
import java.util.List;

/**
 * One model of the price database: the names it answers to and its prices over time.
 *
 * @param prices in the database's order: the last one whose condition holds wins, else the first
 */
record ModelEntry(String id, Match match, List<Dated> prices) {

    record Dated(Condition condition, ModelPrice price) {}

    ModelEntry {
        prices = List.copyOf(prices);
        if (prices.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one price");
        }
    }

    ModelPrice priceAt(Instant at) {
        for (var i = prices.size() - 1; i >= 0; i--) {
            if (prices.get(i).condition().holdsAt(at)) {
                return prices.get(i).price();
            }
        }
        return prices.getFirst().price();
    }
}
