package dev.parley.store;

import dev.parley.core.tenancy.Account;
import dev.parley.core.tenancy.AccountStanding;
import dev.parley.core.tenancy.Accounts;
import dev.parley.core.tenancy.BalanceStore;
import dev.parley.core.tenancy.DailyCharge;
import dev.parley.core.tenancy.Order;
import dev.parley.core.tenancy.OrderPlacement;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.PageRequest;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.Statement;
import dev.parley.core.tenancy.TenancyConflictException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prepaid accounts and their orders on SQLite or PostgreSQL (migration V9). Orders are only ever inserted (the
 * database refuses anything else); credit is their sum, added here as exact decimals. The daily charges are
 * written by the ledger ({@link AccountCharges}) and only read here. Failures throw {@link StoreException}; a
 * refused write a {@link TenancyConflictException}.
 */
public final class BalanceRepository implements BalanceStore {

    private final Jdbc jdbc;

    public BalanceRepository(Database database) {
        this.jdbc = new Jdbc(database);
    }

    @Override
    public Account openAccount(Account account) {
        return jdbc.transaction("opening an account", c -> {
            if (!TenancyConflicts.exists(c, account.scope())) {
                throw new TenancyConflictException(account.scope() + " does not exist");
            }
            Jdbc.update(c, "INSERT INTO accounts (" + BalanceRows.ACCOUNT + ") VALUES (?, ?, ?, ?, ?)",
                    List.of(account.id(), account.scope().kind().wire(), account.scope().id(),
                            Micros.of(account.openedAt()), alertBelow(account)));
            return account(c, account.scope()).orElseThrow();
        }, (c, violated) -> account(c, account.scope()).isPresent() ? account.scope() + " already has an account"
                : "account " + account.id() + " already exists");
    }

    private static SqlValue alertBelow(Account account) {
        return account.alertBelow().<SqlValue>map(SqlValue.Decimal::new)
                .orElse(new SqlValue.Nullable(Optional.empty(), Types.NUMERIC));
    }

    @Override
    public Optional<Account> account(Scope scope) {
        return jdbc.read("reading an account", c -> account(c, scope));
    }

    @Override
    public OrderPlacement placeOrder(Order order) {
        return jdbc.transaction("placing an order", c -> {
            Optional<Order> before = referenced(c, order);
            if (before.isPresent()) {
                if (before.get().sameAs(order)) {
                    return new OrderPlacement.AlreadyPlaced(before.get());
                }
                throw new TenancyConflictException(conflict(before.get()));
            }
            Jdbc.update(c, "INSERT INTO account_orders (" + BalanceRows.ORDER + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    List.of(order.id(), order.accountId(), order.kind().wire(), new SqlValue.Decimal(order.amount()),
                            order.actor(), order.reason(), SqlValue.text(order.reference()),
                            Micros.of(order.createdAt())));
            return new OrderPlacement.Placed(Jdbc.first(c, "SELECT " + BalanceRows.ORDER
                    + " FROM account_orders WHERE id = ?", List.of(order.id()), BalanceRows::order).orElseThrow());
        }, (c, violated) -> referenced(c, order).map(BalanceRepository::conflict)
                .orElse("account " + order.accountId() + " does not exist, or order " + order.id() + " does"));
    }

    private static String conflict(Order before) {
        return "the account's order " + before.id() + " has the reference " + before.reference().orElseThrow()
                + " already, for another amount or kind";
    }

    @Override
    public Page<Order> orders(String accountId, PageRequest page) {
        return jdbc.read("listing orders", c -> {
            List<Object> parameters = new ArrayList<>(List.of(accountId));
            String after = "";
            if (page.after().isPresent()) {
                after = " AND id > ?";
                parameters.add(page.after().get());
            }
            parameters.add(page.limit() + 1);
            List<Order> rows = Jdbc.list(c, "SELECT " + BalanceRows.ORDER + " FROM account_orders WHERE account_id = ?"
                    + after + " ORDER BY id LIMIT ?", parameters, BalanceRows::order);
            if (rows.size() <= page.limit()) {
                return new Page<>(rows, Optional.empty());
            }
            List<Order> items = rows.subList(0, page.limit());
            return new Page<>(items, Optional.of(items.getLast().id()));
        });
    }

    @Override
    public AccountStanding standing(Account account) {
        return jdbc.snapshot("reading an account's standing", c -> new AccountStanding(account,
                sum(Jdbc.list(c, "SELECT amount FROM account_orders WHERE account_id = ?", List.of(account.id()),
                        rs -> BalanceRows.decimal(rs.getString(1)))),
                charged(c, account.id(), Optional.empty())));
    }

    @Override
    public BigDecimal charged(String accountId) {
        return jdbc.read("summing an account's charges", c -> charged(c, accountId, Optional.empty()));
    }

    @Override
    public Statement statement(Account account, LocalDate since, LocalDate until) {
        long from = Micros.of(since.atStartOfDay(ZoneOffset.UTC).toInstant());
        long to = Micros.of(until.atStartOfDay(ZoneOffset.UTC).toInstant());
        return jdbc.snapshot("reading a statement", c -> {
            BigDecimal orderedBefore = sum(Jdbc.list(c, "SELECT amount FROM account_orders WHERE account_id = ?"
                    + " AND created_at < ?", List.of(account.id(), from), rs -> BalanceRows.decimal(rs.getString(1))));
            BigDecimal chargedBefore = charged(c, account.id(), Optional.of(since));
            List<Order> orders = Jdbc.list(c, "SELECT " + BalanceRows.ORDER + " FROM account_orders"
                    + " WHERE account_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, id",
                    List.of(account.id(), from, to), BalanceRows::order);
            List<DailyCharge> charges = Jdbc.list(c, "SELECT " + BalanceRows.CHARGE + " FROM account_charges"
                    + " WHERE account_id = ? AND day >= ? AND day < ? ORDER BY day, model",
                    List.of(account.id(), since.toString(), until.toString()), rs -> BalanceRows.charge(jdbc.kind(), rs));
            return new Statement(account, since, until, orderedBefore.subtract(chargedBefore), orders, charges);
        });
    }

    @Override
    public Accounts accounts() {
        return jdbc.snapshot("reading the accounts", c -> {
            Map<String, BigDecimal> credit = new HashMap<>();
            for (Order order : Jdbc.list(c, "SELECT " + BalanceRows.ORDER + " FROM account_orders", List.of(),
                    BalanceRows::order)) {
                credit.merge(order.accountId(), order.amount(), BigDecimal::add);
            }
            return new Accounts(BalanceRows.accounts(c), credit);
        });
    }

    private static Optional<Account> account(Connection c, Scope scope) throws SQLException {
        return Jdbc.first(c, "SELECT " + BalanceRows.ACCOUNT + " FROM accounts WHERE scope_kind = ? AND scope_id = ?",
                List.of(scope.kind().wire(), scope.id()), BalanceRows::account);
    }

    private static Optional<Order> referenced(Connection c, Order order) throws SQLException {
        if (order.reference().isEmpty()) {
            return Optional.empty();
        }
        return Jdbc.first(c, "SELECT " + BalanceRows.ORDER + " FROM account_orders WHERE account_id = ?"
                + " AND reference = ?", List.of(order.accountId(), order.reference().get()), BalanceRows::order);
    }

    /**
     * The account's charges (of the days before {@code before}, when given), summed in SQL: exact on both databases
     * (NUMERIC on PostgreSQL, integer units on SQLite).
     */
    private BigDecimal charged(Connection c, String accountId, Optional<LocalDate> before) throws SQLException {
        List<Object> parameters = new ArrayList<>(List.of(accountId));
        before.ifPresent(day -> parameters.add(day.toString()));
        return Jdbc.first(c, "SELECT sum(charged) AS charged FROM account_charges WHERE account_id = ?"
                + (before.isPresent() ? " AND day < ?" : ""), parameters,
                rs -> BalanceRows.charged(jdbc.kind(), rs, "charged")).orElse(BigDecimal.ZERO);
    }

    private static BigDecimal sum(List<BigDecimal> amounts) {
        return amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
