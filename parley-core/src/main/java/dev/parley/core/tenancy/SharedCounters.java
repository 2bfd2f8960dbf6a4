package dev.parley.core.tenancy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pure half of the limits and budgets that several replicas share in Redis: how the keys are named, what a
 * request's reservation and settlement send to the scripts ({@code KEYS} and {@code ARGV}), and what the scripts'
 * replies mean, in the terms of {@link LimitBook} and {@link BudgetBook}. The scripts do the same arithmetic as the
 * books, with Redis's clock, in one atomic step per request.
 *
 * <p>Money travels as whole units of 10⁻¹⁰ dollars (the ledger's precision): a reservation is rounded up, a cost
 * is exact. Per scope the keys are {@code lim:<kind>:<id>:req} (requests of the sliding minute),
 * {@code :tok} (tokens settled in it) and {@code :fly} (requests in flight, each with its estimate, until settled
 * or their lease ends); per budget window {@code bud:<id>:<window start>} (spent, as the ledger said plus what was
 * settled since) and {@code :holds} (reservations in flight); per request {@code ticket:<id>}, which settlement
 * deletes so that it happens once.
 */
public final class SharedCounters {

    /** How long an unsettled request holds its places: longer than any request lives, so only a lost one expires. */
    public static final Duration LEASE = Duration.ofMinutes(15);
    /** How long a budget's spend is trusted before it is read again from the ledger, the source of truth. */
    public static final Duration RESEED_AFTER = Duration.ofMinutes(10);
    private static final int MONEY_SCALE = 10;
    private static final long NONE = -1;

    private final String prefix;

    public SharedCounters(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** A request as the scripts see it: its scopes' limits, its token estimate, its budgets and its worst case. */
    public record Request(String ticket, List<Limits> limits, long estimate, List<Budget> budgets, BigDecimal worstCase,
                          Instant now) {
        public Request {
            Objects.requireNonNull(ticket, "ticket");
            limits = List.copyOf(limits);
            budgets = distinct(budgets);
            Objects.requireNonNull(worstCase, "worstCase");
            Objects.requireNonNull(now, "now");
            estimate = Math.max(0, estimate);
        }

        long askedUnits() {
            return units(worstCase.signum() < 0 ? BigDecimal.ZERO : worstCase, RoundingMode.CEILING);
        }
    }

    /** A script call: its keys and arguments, in order. */
    public record Call(List<String> keys, List<String> args) {
        public Call {
            keys = List.copyOf(keys);
            args = List.copyOf(args);
        }
    }

    /** What the reservation script answered. */
    public sealed interface Reply permits Taken, Unseeded, OverBudget, OverLimit {
    }

    /** Every scope and budget took the request; {@code at} is Redis's time. */
    public record Taken(Instant at) implements Reply {
    }

    /** These budgets' windows are not in Redis (first seen, expired, or Redis restarted): seed them first. */
    public record Unseeded(List<Budget> budgets) implements Reply {
        public Unseeded {
            budgets = List.copyOf(budgets);
        }
    }

    /** Refused by a budget, as the in-memory book would have refused it. */
    public record OverBudget(BudgetBook.Exhausted exhausted) implements Reply {
    }

    /** Refused by a limit, as the in-memory book would have refused it. */
    public record OverLimit(LimitBook.Refused refused) implements Reply {
    }

    /** A budget whose soft threshold a settlement crossed, with its window's spend then. */
    public record Crossed(Budget budget, BigDecimal spent) {
    }

    /** The channel under the prefix on which replicas tell each other what they learned of keys and channels. */
    public String healthChannel() {
        return prefix + "health";
    }

    /** The key that holds a cooling or retired provider key's state, named by provider, position and a hash. */
    public String keyState(String provider, int position, String keyHash) {
        return prefix + "key:" + provider + ":" + position + ":" + keyHash;
    }

    /** The reservation of {@code request}: keys per scope, per budget, then the ticket; see {@code reserve.lua}. */
    public Call reserve(Request request) {
        List<String> args = new ArrayList<>(List.of(request.ticket(), Long.toString(LEASE.toMillis()),
                Long.toString(request.estimate()), Integer.toString(request.limits().size()),
                Integer.toString(request.budgets().size()), Long.toString(request.askedUnits())));
        for (Limits limits : request.limits()) {
            args.add(Long.toString(limits.rpm().isPresent() ? limits.rpm().getAsInt() : NONE));
            args.add(Long.toString(limits.tpm().orElse(NONE)));
            args.add(Long.toString(limits.concurrency().isPresent() ? limits.concurrency().getAsInt() : NONE));
        }
        for (Budget budget : request.budgets()) {
            args.add(Long.toString(units(budget.amount(), RoundingMode.FLOOR)));
        }
        return new Call(keys(request), args);
    }

    /**
     * The settlement of {@code request}: its places given back, {@code tokens} booked in its scopes' minute and
     * {@code cost} in its budgets; see {@code settle.lua}.
     */
    public Call settle(Request request, long tokens, BigDecimal cost) {
        List<String> args = new ArrayList<>(List.of(request.ticket(), Long.toString(request.estimate()),
                Long.toString(Math.max(0, tokens)), Integer.toString(request.limits().size()),
                Integer.toString(request.budgets().size()), Long.toString(request.askedUnits()),
                Long.toString(units(cost.signum() < 0 ? BigDecimal.ZERO : cost, RoundingMode.HALF_EVEN))));
        for (Budget budget : request.budgets()) {
            args.add(Long.toString(threshold(budget)));
        }
        return new Call(keys(request), args);
    }

    /** Seeds each budget's window with the ledger's figure, unless another replica did first; see {@code seed.lua}. */
    public Call seed(Map<Budget, BigDecimal> spent, Instant now) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(Long.toString(RESEED_AFTER.toMillis())));
        spent.forEach((budget, amount) -> {
            keys.add(budgetKey(budget, now));
            args.add(Long.toString(units(amount, RoundingMode.HALF_EVEN)));
            args.add(Long.toString(threshold(budget)));
        });
        return new Call(keys, args);
    }

    /** What the reservation script's reply means for {@code request}. */
    public Reply reply(Request request, List<String> reply) {
        String verdict = reply.getFirst();
        return switch (verdict) {
            case "ok" -> new Taken(Instant.ofEpochMilli(Long.parseLong(reply.get(1))));
            case "seed" -> new Unseeded(reply.subList(1, reply.size()).stream()
                    .map(i -> request.budgets().get(Integer.parseInt(i) - 1)).toList());
            case "budget" -> {
                Budget budget = request.budgets().get(Integer.parseInt(reply.get(1)) - 1);
                yield new OverBudget(new BudgetBook.Exhausted(budget, money(reply.get(2)), budget.amount(),
                        money(reply.get(3)), request.worstCase().max(BigDecimal.ZERO),
                        budget.period().windowEnd(request.now())));
            }
            case "limit" -> {
                Limits limits = request.limits().get(Integer.parseInt(reply.get(1)) - 1);
                LimitKind kind = LimitKind.valueOf(reply.get(2).toUpperCase(Locale.ROOT));
                long value = switch (kind) {
                    case RPM -> limits.rpm().orElseThrow();
                    case TPM -> limits.tpm().orElseThrow();
                    case CONCURRENCY -> limits.concurrency().orElseThrow();
                };
                long retry = Long.parseLong(reply.get(3));
                yield new OverLimit(new LimitBook.Refused(limits.scope(), kind, value,
                        retry < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(retry))));
            }
            default -> throw new IllegalArgumentException("unknown reply from the reservation script: " + verdict);
        };
    }

    /** A budget after a settlement: its window's spend (empty when Redis no longer holds it) and what is reserved. */
    public record Standing(Budget budget, Optional<BigDecimal> spent, BigDecimal reserved, boolean crossed) {
    }

    /** Each budget of {@code request} as the settlement script left it; empty when it was settled before. */
    public List<Standing> standings(Request request, List<String> reply) {
        List<Standing> standings = new ArrayList<>();
        for (int i = 1, j = 0; i + 2 < reply.size() && j < request.budgets().size(); i += 3, j++) {
            long spent = Long.parseLong(reply.get(i));
            standings.add(new Standing(request.budgets().get(j),
                    spent < 0 ? Optional.empty() : Optional.of(money(reply.get(i))), money(reply.get(i + 1)),
                    "1".equals(reply.get(i + 2))));
        }
        return List.copyOf(standings);
    }

    /** The budgets whose soft threshold the settlement crossed, with their window's spend then. */
    public List<Crossed> crossed(Request request, List<String> reply) {
        return standings(request, reply).stream().filter(Standing::crossed)
                .map(s -> new Crossed(s.budget(), s.spent().orElse(BigDecimal.ZERO))).toList();
    }

    /** Whether the settlement script settled the request (false: it was settled before, or its ticket expired). */
    public static boolean settled(List<String> reply) {
        return "ok".equals(reply.getFirst());
    }

    String limitKey(Scope scope) {
        return prefix + "lim:" + scope.kind().wire() + ":" + scope.id();
    }

    String budgetKey(Budget budget, Instant now) {
        return prefix + "bud:" + budget.id() + ":" + budget.period().windowStart(now).toEpochMilli();
    }

    private List<String> keys(Request request) {
        List<String> keys = new ArrayList<>();
        for (Limits limits : request.limits()) {
            String base = limitKey(limits.scope());
            keys.add(base + ":req");
            keys.add(base + ":tok");
            keys.add(base + ":fly");
        }
        for (Budget budget : request.budgets()) {
            String base = budgetKey(budget, request.now());
            keys.add(base);
            keys.add(base + ":holds");
        }
        keys.add(prefix + "ticket:" + request.ticket());
        return keys;
    }

    private static long threshold(Budget budget) {
        return budget.alertPercent().isPresent()
                ? units(budget.amount().multiply(BigDecimal.valueOf(budget.alertPercent().getAsInt())).movePointLeft(2),
                        RoundingMode.CEILING)
                : NONE;
    }

    /** Dollars as whole units of 10⁻¹⁰. */
    public static long units(BigDecimal dollars, RoundingMode rounding) {
        return dollars.setScale(MONEY_SCALE, rounding).unscaledValue().longValueExact();
    }

    /** Units of 10⁻¹⁰ dollars as dollars, without trailing zeros. */
    public static BigDecimal money(String units) {
        BigDecimal value = new BigDecimal(units).movePointLeft(MONEY_SCALE).stripTrailingZeros();
        return value.signum() == 0 ? BigDecimal.ZERO : value;
    }

    private static List<Budget> distinct(List<Budget> budgets) {
        Map<String, Budget> byId = new LinkedHashMap<>();
        budgets.forEach(b -> byId.putIfAbsent(b.id(), b));
        return List.copyOf(byId.values());
    }
}
