package dev.parley.core.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Picks the channel for one attempt of one request.
 *
 * <p>Only the best tier (lowest priority number) that has an available channel is considered: a lower tier
 * serves only while every channel above it is open, probing, or already tried by this request. Within the tier,
 * power of two choices: two distinct channels are drawn at random in proportion to their configured weights, and
 * the one with the lower {@link ChannelHealth#score() score} wins. Drawing by weight keeps the configured split
 * when channels are equally healthy (a tie goes to the first draw); comparing two rather than taking the best of
 * all spreads load instead of stampeding the momentary favourite. Zero-weight channels of a tier are drawn
 * (evenly) only when none of its weighted channels is available.
 *
 * <p>A channel of the tier whose circuit is waiting for its probe gets the request first, whatever its score: the
 * score still carries the failures that opened the circuit, so it would lose every comparison and never recover.
 */
public final class ChannelSelector {

    private ChannelSelector() {}

    /**
     * Begins an attempt on the chosen channel, so that its in-flight count and the breaker's probe slot are claimed
     * in the same step as the choice. Empty when no channel outside {@code excluded} is available.
     */
    public static <C> Optional<Attempt<C>> select(
            List<MonitoredChannel<C>> channels, Set<C> excluded, long nowNanos, RandomGenerator random) {
        List<MonitoredChannel<C>> left = new ArrayList<>(channels.size());
        for (MonitoredChannel<C> c : channels) {
            if (!excluded.contains(c.channel())) {
                left.add(c);
            }
        }
        while (true) {
            List<MonitoredChannel<C>> tier = bestTier(left, nowNanos);
            if (tier.isEmpty()) {
                return Optional.empty();
            }
            MonitoredChannel<C> choice = probeDue(tier).orElseGet(() -> powerOfTwo(tier, random));
            Optional<Attempt<C>> attempt = choice.tryBegin(nowNanos);
            if (attempt.isPresent()) {
                return attempt;
            }
            // Another request took the probe slot between the check and the claim: choose again without it.
            left.remove(choice);
        }
    }

    /** The available channels of the best tier that has any, weighted ones only if there are some. */
    static <C> List<MonitoredChannel<C>> bestTier(List<MonitoredChannel<C>> channels, long nowNanos) {
        List<MonitoredChannel<C>> tier = new ArrayList<>();
        boolean weighted = false;
        for (MonitoredChannel<C> c : channels) {
            if (!c.available(nowNanos)) {
                continue;
            }
            if (!tier.isEmpty() && c.priority() > tier.getFirst().priority()) {
                continue;
            }
            if (!tier.isEmpty() && c.priority() < tier.getFirst().priority()) {
                tier.clear();
                weighted = false;
            }
            if (c.weight() > 0 && !weighted) {
                tier.clear();
                weighted = true;
            }
            if (c.weight() > 0 || !weighted) {
                tier.add(c);
            }
        }
        return tier;
    }

    /** An available channel whose circuit is not closed: the next request there is its probe. */
    private static <C> Optional<MonitoredChannel<C>> probeDue(List<MonitoredChannel<C>> tier) {
        for (MonitoredChannel<C> c : tier) {
            if (!(c.breaker().state() instanceof CircuitState.Closed)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static <C> MonitoredChannel<C> powerOfTwo(List<MonitoredChannel<C>> tier, RandomGenerator random) {
        if (tier.size() == 1) {
            return tier.getFirst();
        }
        int first = draw(tier, -1, random);
        int second = draw(tier, first, random);
        MonitoredChannel<C> a = tier.get(first);
        MonitoredChannel<C> b = tier.get(second);
        return b.health().score() < a.health().score() ? b : a;
    }

    /** An index drawn in proportion to weight (evenly if all are 0), never {@code skip}. */
    private static <C> int draw(List<MonitoredChannel<C>> tier, int skip, RandomGenerator random) {
        long total = 0;
        for (int i = 0; i < tier.size(); i++) {
            total += i == skip ? 0 : tier.get(i).weight();
        }
        if (total == 0) {
            int index = random.nextInt(tier.size() - (skip < 0 ? 0 : 1));
            return skip >= 0 && index >= skip ? index + 1 : index;
        }
        long ticket = random.nextLong(total);
        for (int i = 0; i < tier.size(); i++) {
            if (i == skip) {
                continue;
            }
            ticket -= tier.get(i).weight();
            if (ticket < 0) {
                return i;
            }
        }
        throw new IllegalStateException("weights changed during a draw");
    }
}
