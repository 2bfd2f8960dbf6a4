package dev.parley.store;

import dev.parley.core.pricing.Markup;
import dev.parley.core.tenancy.Budget;
import dev.parley.core.tenancy.BudgetPeriod;
import dev.parley.core.tenancy.KeyRecord;
import dev.parley.core.tenancy.Limits;
import dev.parley.core.tenancy.MarkupRule;
import dev.parley.core.tenancy.Member;
import dev.parley.core.tenancy.Membership;
import dev.parley.core.tenancy.Project;
import dev.parley.core.tenancy.Role;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.core.tenancy.Team;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Maps the tenancy records to and from the columns of migration V5, identically on both databases. Instants are kept
 * at microsecond precision (finer digits are cut), so the stores give back what they hold, not what they were given.
 */
final class TenancyRows {

    static final String TEAM = "id, name, rules, created_at";
    static final String PROJECT = "id, team_id, name, rules, created_at";
    static final String MEMBER = "id, email, name, role, created_at";
    static final String MEMBERSHIP = "team_id, member_id, role";
    static final String KEY = "id, name, hash, hint, project_id, team_id, member_id, rules, created_at, expires_at,"
            + " revoked_at, rotated_from";
    static final String LIMITS = "scope_kind, scope_id, rpm, tpm, concurrency";
    static final String BUDGET = "id, scope_kind, scope_id, period, amount, alert_percent";
    static final String MARKUP = "scope_kind, scope_id, percent";

    /** The digits NUMERIC(24, 10) holds, on both databases alike. */
    private static final int MAX_SCALE = 10;
    private static final int MAX_INTEGER_DIGITS = 14;

    private TenancyRows() {}

    static Team team(ResultSet rs) throws SQLException {
        return new Team(rs.getString("id"), rs.getString("name"), RulesJson.read(rs.getString("rules")),
                instant(rs, "created_at"));
    }

    static Project project(ResultSet rs) throws SQLException {
        return new Project(rs.getString("id"), rs.getString("team_id"), rs.getString("name"),
                RulesJson.read(rs.getString("rules")), instant(rs, "created_at"));
    }

    static Member member(ResultSet rs) throws SQLException {
        return new Member(rs.getString("id"), rs.getString("email"), rs.getString("name"), role(rs.getString("role")),
                instant(rs, "created_at"));
    }

    static Membership membership(ResultSet rs) throws SQLException {
        return new Membership(rs.getString("team_id"), rs.getString("member_id"), role(rs.getString("role")));
    }

    static KeyRecord key(ResultSet rs) throws SQLException {
        return new KeyRecord(rs.getString("id"), rs.getString("name"), rs.getString("hash"), rs.getString("hint"),
                rs.getString("project_id"), rs.getString("team_id"), Optional.ofNullable(rs.getString("member_id")),
                RulesJson.read(rs.getString("rules")), instant(rs, "created_at"), optionalInstant(rs, "expires_at"),
                optionalInstant(rs, "revoked_at"), Optional.ofNullable(rs.getString("rotated_from")));
    }

    static Limits limits(ResultSet rs) throws SQLException {
        int rpm = rs.getInt("rpm");
        OptionalInt optionalRpm = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(rpm);
        long tpm = rs.getLong("tpm");
        OptionalLong optionalTpm = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(tpm);
        int concurrency = rs.getInt("concurrency");
        OptionalInt optionalConcurrency = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(concurrency);
        return new Limits(scope(rs), optionalRpm, optionalTpm, optionalConcurrency);
    }

    static Budget budget(ResultSet rs) throws SQLException {
        int alert = rs.getInt("alert_percent");
        OptionalInt optionalAlert = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(alert);
        String period = rs.getString("period");
        return new Budget(rs.getString("id"), scope(rs), BudgetPeriod.parse(period)
                .orElseThrow(() -> new IllegalStateException("unknown budget period in the database: " + period)),
                amount(new BigDecimal(rs.getString("amount"))), optionalAlert);
    }

    static MarkupRule markup(ResultSet rs) throws SQLException {
        return new MarkupRule(scope(rs), new Markup(plain(new BigDecimal(rs.getString("percent")))));
    }

    /** A markup's percent as both databases keep it: a plain decimal without trailing zeros. */
    static BigDecimal percent(MarkupRule markup) {
        return plain(markup.markup().percent());
    }

    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /**
     * A budget amount as both databases keep it: without trailing zeros (PostgreSQL gives back all ten decimals).
     *
     * @throws IllegalArgumentException if it has more digits than NUMERIC(24, 10) holds
     */
    static BigDecimal amount(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        BigDecimal plain = stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        if (plain.scale() > MAX_SCALE || plain.precision() - plain.scale() > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("a budget amount has at most " + MAX_INTEGER_DIGITS
                    + " digits before the decimal point and " + MAX_SCALE + " after it");
        }
        return plain;
    }

    static Instant micros(Instant instant) {
        return Micros.instant(Micros.of(instant));
    }

    static SqlValue micros(Optional<Instant> instant) {
        return SqlValue.bigint(instant.map(Micros::of));
    }

    private static Scope scope(ResultSet rs) throws SQLException {
        String kind = rs.getString("scope_kind");
        return new Scope(ScopeKind.parse(kind)
                .orElseThrow(() -> new IllegalStateException("unknown scope kind in the database: " + kind)),
                rs.getString("scope_id"));
    }

    private static Role role(String name) {
        return Role.parse(name).orElseThrow(() -> new IllegalStateException("unknown role in the database: " + name));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return Micros.instant(rs.getLong(column));
    }

    private static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Micros.instant(micros));
    }
}
