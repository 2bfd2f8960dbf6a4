package dev.parley.store;

import static dev.parley.store.TestRows.PERSONAL;
import static dev.parley.store.TestRows.SERVICE;
import static dev.parley.store.TestRows.priced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.tenancy.Account;
import dev.parley.core.tenancy.AccountStanding;
import dev.parley.core.tenancy.DailyCharge;
import dev.parley.core.tenancy.Order;
import dev.parley.core.tenancy.OrderKind;
import dev.parley.core.tenancy.OrderPlacement;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.PageRequest;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.core.tenancy.Statement;
import dev.parley.core.tenancy.TenancyConflictException;
import dev.parley.core.usage.UsageRecord;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the balance store and the ledger's charges promise, checked on each kind of database. */
abstract class BalanceStoreContract extends RealDatabaseTest {

    private static final Instant OCT = Instant.parse("2026-10-15T10:00:00Z");
    private static final Instant NOV = Instant.parse("2026-11-02T23:59:59.999999Z");
    private static final Scope TEAM = new Scope(ScopeKind.TEAM, "team-1");
    private static final Scope MEMBER = new Scope(ScopeKind.MEMBER, "member-1");

    private BalanceRepository balances;
    private int orders;

    @BeforeEach
    void openStores() {
        TenancyRepository tenancy = new TenancyRepository(database);
        tenancy.createTeam(Tenants.team("team-1"));
        tenancy.createMember(Tenants.member("member-1"));
        balances = new BalanceRepository(database);
    }

    private Account open(Scope scope, Instant at) {
        return balances.openAccount(new Account("acct_" + scope.id(), scope, at, Optional.empty()));
    }

    private OrderPlacement order(Account account, OrderKind kind, String amount, Optional<String> reference,
                                 Instant at) {
        return balances.placeOrder(new Order("ord_" + (++orders), account.id(), kind, new BigDecimal(amount), "master",
                "because", reference, at));
    }

    @Test
    void anAccountIsOpenedOncePerTeamOrMemberThatExists() {
        Account team = open(TEAM, OCT);

        assertThat(balances.account(TEAM)).contains(team);
        assertThat(balances.account(MEMBER)).isEmpty();
        assertThatThrownBy(() -> balances.openAccount(new Account("acct_other", TEAM, OCT, Optional.empty())))
                .isInstanceOf(TenancyConflictException.class).hasMessageContaining("already has an account");
        assertThatThrownBy(() -> open(new Scope(ScopeKind.TEAM, "nobody"), OCT))
                .isInstanceOf(TenancyConflictException.class).hasMessageContaining("does not exist");
        Account alerting = balances.openAccount(new Account("acct_m", MEMBER, OCT,
                Optional.of(new BigDecimal("2.50"))));
        assertThat(alerting.alertBelow()).contains(new BigDecimal("2.5"));
        assertThat(balances.accounts().account(MEMBER)).contains(alerting);
    }

    @Test
    void creditIsTheExactSumOfTheOrdersAndAReferenceIsBookedOnce() {
        Account team = open(TEAM, OCT);
        order(team, OrderKind.TOP_UP, "0.1", Optional.empty(), OCT);
        order(team, OrderKind.TOP_UP, "0.2", Optional.of("inv-1"), OCT);

        OrderPlacement again = order(team, OrderKind.TOP_UP, "0.20", Optional.of("inv-1"), NOV);
        assertThat(again).isInstanceOf(OrderPlacement.AlreadyPlaced.class);
        assertThat(again.order().createdAt()).isEqualTo(OCT);
        assertThatThrownBy(() -> order(team, OrderKind.TOP_UP, "5", Optional.of("inv-1"), NOV))
                .isInstanceOf(TenancyConflictException.class).hasMessageContaining("inv-1");
        order(team, OrderKind.ADJUSTMENT, "-0.0000000001", Optional.empty(), NOV);

        AccountStanding standing = balances.standing(team);
        assertThat(standing.credit()).isEqualByComparingTo("0.2999999999");
        assertThat(balances.accounts().credit(team)).isEqualByComparingTo("0.2999999999");
        assertThat(balances.orders(team.id(), PageRequest.FIRST).items()).hasSize(3);
    }

    @Test
    void ordersArePagedAndNeverChanged() throws SQLException {
        Account team = open(TEAM, OCT);
        for (int i = 0; i < 5; i++) {
            order(team, OrderKind.TOP_UP, "1", Optional.empty(), OCT);
        }
        List<Order> all = new ArrayList<>();
        Optional<String> after = Optional.empty();
        do {
            Page<Order> page = balances.orders(team.id(), new PageRequest(2, after));
            all.addAll(page.items());
            after = page.next();
        } while (after.isPresent());
        assertThat(all).hasSize(5).extracting(Order::id).doesNotHaveDuplicates().isSorted();

        try (Connection c = testDatabase.sideDoor(); java.sql.Statement statement = c.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE account_orders SET amount = '100'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM account_orders"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThat(balances.standing(team).credit()).isEqualByComparingTo("5");
    }

    @Test
    void eachStoredRowIsChargedOnceHoweverOftenItsBatchIsInserted() {
        Account team = open(TEAM, OCT);
        List<UsageRecord> first = List.of(priced("r1", NOV, "0.0000000001", PERSONAL),
                priced("r2", NOV, "0.1234567891", SERVICE), priced("r3", OCT, "2", PERSONAL));
        repository.insertBatch(first);
        repository.insertBatch(first);
        // A retried batch with one row already stored, one new, and one twice.
        UsageRecord r4 = priced("r4", NOV, "0.5", SERVICE);
        repository.insertBatch(List.of(first.get(1), r4, r4));

        assertThat(balances.charged(team.id())).isEqualByComparingTo("2.6234567892");
        assertThat(balances.standing(team).charged()).isEqualByComparingTo("2.6234567892");
        assertThat(repository.count()).isEqualTo(4);
    }

    @Test
    void theSameRowsWrittenByEightWritersAtOnceAreChargedOnce() throws Exception {
        Account team = open(TEAM, OCT);
        List<UsageRecord> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(priced("c" + i, NOV, "0.0100000001", i % 2 == 0 ? PERSONAL : SERVICE));
        }
        try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                List<UsageRecord> mine = new ArrayList<>(rows);
                Collections.shuffle(mine, new Random(w));
                done.add(writers.submit(() -> {
                    start.await();
                    // As the ledger's writer does: a batch the database could not take now is sent again.
                    while (true) {
                        try {
                            repository.insertBatch(mine);
                            return null;
                        } catch (StoreException.Unavailable busy) {
                            Thread.onSpinWait();
                        }
                    }
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }

        assertThat(repository.count()).isEqualTo(50);
        assertThat(balances.charged(team.id())).isEqualByComparingTo("0.500000005");
        assertThat(balances.statement(team, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01")).requests())
                .isEqualTo(50);
    }

    @Test
    void aMembersAccountPaysBeforeTheTeamsAndNoAccountPaysForWhatCameBeforeIt() {
        Account team = open(TEAM, OCT);
        Account member = open(MEMBER, NOV);
        repository.insertBatch(List.of(
                priced("before-team", OCT.minusSeconds(1), "100", PERSONAL),
                priced("before-member", NOV.minusSeconds(1), "1", PERSONAL),
                priced("member", NOV, "0.25", PERSONAL),
                priced("service", NOV, "0.5", SERVICE),
                TestRows.row("unpriced", NOV, "gpt-4o").withAttribution(PERSONAL)));

        assertThat(balances.charged(team.id())).isEqualByComparingTo("1.5");
        assertThat(balances.charged(member.id())).isEqualByComparingTo("0.25");
    }

    @Test
    void aStatementReconcilesOpeningOrdersChargesAndClosing() {
        Account team = open(TEAM, OCT);
        order(team, OrderKind.TOP_UP, "10", Optional.empty(), OCT);
        order(team, OrderKind.TOP_UP, "20", Optional.empty(), NOV);
        order(team, OrderKind.ADJUSTMENT, "-1.5", Optional.empty(), NOV.plusSeconds(1));
        repository.insertBatch(List.of(priced("oct", OCT, "3.0000000003", SERVICE),
                priced("nov-1", NOV, "0.25", SERVICE), priced("nov-2", NOV, "0.75", PERSONAL),
                priced("nov-3", NOV.plusSeconds(1), "1", SERVICE),
                priced("dec", Instant.parse("2026-12-01T00:00:00Z"), "4", SERVICE)));

        Statement november = balances.statement(team, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01"));

        assertThat(november.opening()).isEqualByComparingTo("6.9999999997");
        assertThat(november.orders()).extracting(o -> o.amount().toPlainString()).containsExactly("20", "-1.5");
        assertThat(november.ordered()).isEqualByComparingTo("18.5");
        assertThat(november.charges()).containsExactly(
                new DailyCharge(LocalDate.parse("2026-11-02"), "gpt-4o", new BigDecimal("1"), 2),
                new DailyCharge(LocalDate.parse("2026-11-03"), "gpt-4o", new BigDecimal("1"), 1));
        assertThat(november.charged()).isEqualByComparingTo("2");
        assertThat(november.closing()).isEqualByComparingTo(november.opening().add(november.ordered())
                .subtract(november.charged())).isEqualByComparingTo("23.4999999997");

        Statement everything = balances.statement(team, LocalDate.parse("2026-01-01"), LocalDate.parse("2027-01-01"));
        assertThat(everything.opening()).isZero();
        assertThat(everything.closing()).isEqualByComparingTo(balances.standing(team).balance());
        assertThat(everything.byDay()).hasSize(4);
    }
}
