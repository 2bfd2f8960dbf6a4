package dev.parley.core.tenancy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The prepaid accounts, by the team or member that holds them, with their credit; immutable, swapped whole with the
 * tenancy snapshot. Holds the payer rule, the one place that says which account pays for a request.
 */
public final class Accounts {

    public static final Accounts NONE = new Accounts(List.of(), Map.of());

    private final Map<Scope, Account> byScope;
    private final Map<String, BigDecimal> credit;

    /** {@code credit} by account id: the sum of each account's orders; an account without orders has none. */
    public Accounts(Collection<Account> accounts, Map<String, BigDecimal> credit) {
        Map<Scope, Account> index = new HashMap<>();
        for (Account account : accounts) {
            index.put(account.scope(), account);
        }
        this.byScope = Map.copyOf(index);
        this.credit = Map.copyOf(credit);
    }

    public Optional<Account> account(Scope scope) {
        return Optional.ofNullable(byScope.get(scope));
    }

    /** What the account's orders add up to; zero without orders. */
    public BigDecimal credit(Account account) {
        return credit.getOrDefault(account.id(), BigDecimal.ZERO);
    }

    /**
     * The payer rule: a request that started at {@code at} is paid by its member's account if the member has one,
     * else by its team's account if the team has one, else it is not prepaid. An account opened after the request
     * started does not pay for it (so the ledger never charges an account for what came before it).
     */
    public Optional<Account> payer(Attribution who, Instant at) {
        Objects.requireNonNull(at, "at");
        return opened(who.memberId().map(id -> new Scope(ScopeKind.MEMBER, id)), at)
                .or(() -> opened(who.teamId().map(id -> new Scope(ScopeKind.TEAM, id)), at));
    }

    private Optional<Account> opened(Optional<Scope> scope, Instant at) {
        return scope.flatMap(this::account).filter(a -> !a.openedAt().isAfter(at));
    }

    public int size() {
        return byScope.size();
    }
}
