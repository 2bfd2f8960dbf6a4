package dev.parley.store;

import dev.parley.core.tenancy.Account;
import dev.parley.core.tenancy.DailyCharge;
import dev.parley.core.tenancy.Order;
import dev.parley.core.tenancy.OrderKind;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.ScopeKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Accounts, orders and daily charges ↔ the columns of migration V9. Money is exact everywhere: orders' amounts are
 * NUMERIC(24, 10) on PostgreSQL and decimal text on SQLite; charges are NUMERIC(24, 10) on PostgreSQL and, on SQLite,
 * an integer count of 1e-10 dollars, because SQL adds them there.
 */
final class BalanceRows {

    static final String ACCOUNT = "id, scope_kind, scope_id, opened_at, alert_below";
    static final String ORDER = "id, account_id, kind, amount, actor, reason, reference, created_at";
    static final String CHARGE = "day, model, charged, requests";

    /** Costs are rounded to 10 decimal places: SQLite's charges count units of that size. */
    private static final int UNIT_SCALE = 10;

    private BalanceRows() {
    }

    static Account account(ResultSet rs) throws SQLException {
        Scope scope = new Scope(ScopeKind.parse(rs.getString("scope_kind")).orElseThrow(), rs.getString("scope_id"));
        return new Account(rs.getString("id"), scope, Micros.instant(rs.getLong("opened_at")),
                Optional.ofNullable(rs.getString("alert_below")).map(BalanceRows::decimal));
    }

    static Order order(ResultSet rs) throws SQLException {
        return new Order(rs.getString("id"), rs.getString("account_id"),
                OrderKind.parse(rs.getString("kind")).orElseThrow(), decimal(rs.getString("amount")),
                rs.getString("actor"), rs.getString("reason"), Optional.ofNullable(rs.getString("reference")),
                Micros.instant(rs.getLong("created_at")));
    }

    static DailyCharge charge(Database.Kind kind, ResultSet rs) throws SQLException {
        return new DailyCharge(LocalDate.parse(rs.getString("day")), rs.getString("model"),
                charged(kind, rs, "charged"), rs.getLong("requests"));
    }

    static List<Account> accounts(Connection c) throws SQLException {
        return Jdbc.list(c, "SELECT " + ACCOUNT + " FROM accounts", List.of(), BalanceRows::account);
    }

    /** A charge as {@code kind} keeps it: dollars on PostgreSQL, units of 1e-10 dollars on SQLite. */
    static Object chargedValue(Database.Kind kind, BigDecimal dollars) {
        return switch (kind) {
            case POSTGRESQL -> new SqlValue.Decimal(dollars);
            // A cost has at most 10 decimals: more would be a bug upstream, refused rather than rounded away.
            case SQLITE -> dollars.setScale(UNIT_SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
        };
    }

    /** A charge, or a sum of charges (zero when SQL's sum() found no row), read back as dollars. */
    static BigDecimal charged(Database.Kind kind, ResultSet rs, String column) throws SQLException {
        return switch (kind) {
            case POSTGRESQL -> Optional.ofNullable(rs.getString(column)).map(BalanceRows::decimal).orElse(BigDecimal.ZERO);
            case SQLITE -> decimal(BigDecimal.valueOf(rs.getLong(column), UNIT_SCALE).toPlainString());
        };
    }

    /** A decimal as both databases give it back, without the trailing zeros PostgreSQL's NUMERIC(24, 10) adds. */
    static BigDecimal decimal(String text) {
        BigDecimal stripped = new BigDecimal(text).stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
