package dev.parley.store;

import dev.parley.core.tenancy.Budget;
import dev.parley.core.tenancy.KeyFilter;
import dev.parley.core.tenancy.KeyRecord;
import dev.parley.core.tenancy.Limits;
import dev.parley.core.tenancy.MarkupRule;
import dev.parley.core.tenancy.Member;
import dev.parley.core.tenancy.Membership;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.PageRequest;
import dev.parley.core.tenancy.Project;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.core.tenancy.Team;
import dev.parley.core.tenancy.TenancyConflictException;
import dev.parley.core.tenancy.TenancySnapshot;
import dev.parley.core.tenancy.TenancyStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Teams, projects, members, virtual keys, limits and budgets on SQLite or PostgreSQL, with the same SQL on both.
 *
 * <p>Every write is one transaction. The database's own constraints (migration V5) decide conflicts, so that two
 * administrators racing cannot both win; a refused write is then explained by {@link TenancyConflicts} and thrown as
 * a {@link TenancyConflictException}. Creates and updates return the row as stored (instants at microsecond
 * precision). Listings are keyset pages in id order. Other failures throw {@link StoreException}.
 *
 * <p>What an update may change: a team's name and rules; a project's name and rules (never its team, which its keys
 * repeat); a member's email, name and role; a key's name, rules, expiry and revocation (a revoked key stays revoked,
 * at the time it was first revoked); a budget's scope, period, amount and alert. Deleting a team, project or member
 * deletes the limits and budgets set on it.
 */
public final class TenancyRepository implements TenancyStore {

    private final Jdbc jdbc;

    public TenancyRepository(Database database) {
        this.jdbc = new Jdbc(database);
    }

    // --- Teams

    @Override
    public Team createTeam(Team team) {
        return jdbc.transaction("creating a team", c -> {
            Jdbc.update(c, "INSERT INTO teams (" + TenancyRows.TEAM + ") VALUES (?, ?, ?, ?)",
                    List.of(team.id(), team.name(), RulesJson.write(team.rules()), Micros.of(team.createdAt())));
            return team(c, team.id()).orElseThrow();
        }, (c, violated) -> TenancyConflicts.team(c, team));
    }

    @Override
    public Optional<Team> team(String id) {
        return jdbc.read("reading a team", c -> team(c, id));
    }

    @Override
    public Page<Team> teams(PageRequest page) {
        return jdbc.read("listing teams", c -> page(c, "SELECT " + TenancyRows.TEAM + " FROM teams", new Where(),
                page, TenancyRows::team, Team::id));
    }

    @Override
    public Optional<Team> updateTeam(Team team) {
        return jdbc.transaction("updating a team", c -> {
            int changed = Jdbc.update(c, "UPDATE teams SET name = ?, rules = ? WHERE id = ?",
                    List.of(team.name(), RulesJson.write(team.rules()), team.id()));
            return changed == 0 ? Optional.empty() : team(c, team.id());
        }, (c, violated) -> TenancyConflicts.team(c, team));
    }

    @Override
    public boolean deleteTeam(String id) {
        return jdbc.transaction("deleting a team", c -> deleteScope(c, new Scope(ScopeKind.TEAM, id), "teams"),
                (c, violated) -> TenancyConflicts.teamInUse(c, id));
    }

    // --- Projects

    @Override
    public Project createProject(Project project) {
        return jdbc.transaction("creating a project", c -> {
            Jdbc.update(c, "INSERT INTO projects (" + TenancyRows.PROJECT + ") VALUES (?, ?, ?, ?, ?)",
                    List.of(project.id(), project.teamId(), project.name(), RulesJson.write(project.rules()),
                            Micros.of(project.createdAt())));
            return project(c, project.id()).orElseThrow();
        }, (c, violated) -> TenancyConflicts.project(c, violated, project));
    }

    @Override
    public Optional<Project> project(String id) {
        return jdbc.read("reading a project", c -> project(c, id));
    }

    @Override
    public Page<Project> projects(Optional<String> teamId, PageRequest page) {
        Where where = new Where();
        teamId.ifPresent(team -> where.and("team_id = ?", team));
        return jdbc.read("listing projects", c -> page(c, "SELECT " + TenancyRows.PROJECT + " FROM projects", where,
                page, TenancyRows::project, Project::id));
    }

    @Override
    public Optional<Project> updateProject(Project project) {
        return jdbc.transaction("updating a project", c -> {
            int changed = Jdbc.update(c, "UPDATE projects SET name = ?, rules = ? WHERE id = ?",
                    List.of(project.name(), RulesJson.write(project.rules()), project.id()));
            return changed == 0 ? Optional.empty() : project(c, project.id());
        }, (c, violated) -> TenancyConflicts.project(c, violated, project));
    }

    @Override
    public boolean deleteProject(String id) {
        return jdbc.transaction("deleting a project",
                c -> deleteScope(c, new Scope(ScopeKind.PROJECT, id), "projects"),
                (c, violated) -> TenancyConflicts.projectInUse(c, id));
    }

    // --- Members

    @Override
    public Member createMember(Member member) {
        return jdbc.transaction("creating a member", c -> {
            Jdbc.update(c, "INSERT INTO members (" + TenancyRows.MEMBER + ") VALUES (?, ?, ?, ?, ?)",
                    List.of(member.id(), member.email(), member.name(), member.role().wire(),
                            Micros.of(member.createdAt())));
            return member(c, member.id()).orElseThrow();
        }, (c, violated) -> TenancyConflicts.member(c, member));
    }

    @Override
    public Optional<Member> member(String id) {
        return jdbc.read("reading a member", c -> member(c, id));
    }

    @Override
    public Page<Member> members(Optional<String> teamId, PageRequest page) {
        Where where = new Where();
        teamId.ifPresent(team -> where.and("id IN (SELECT member_id FROM memberships WHERE team_id = ?)", team));
        return jdbc.read("listing members", c -> page(c, "SELECT " + TenancyRows.MEMBER + " FROM members", where,
                page, TenancyRows::member, Member::id));
    }

    @Override
    public Optional<Member> updateMember(Member member) {
        return jdbc.transaction("updating a member", c -> {
            int changed = Jdbc.update(c, "UPDATE members SET email = ?, name = ?, role = ? WHERE id = ?",
                    List.of(member.email(), member.name(), member.role().wire(), member.id()));
            return changed == 0 ? Optional.empty() : member(c, member.id());
        }, (c, violated) -> TenancyConflicts.member(c, member));
    }

    @Override
    public boolean deleteMember(String id) {
        return jdbc.transaction("deleting a member", c -> deleteScope(c, new Scope(ScopeKind.MEMBER, id), "members"),
                (c, violated) -> TenancyConflicts.memberInUse(c, id));
    }

    // --- Memberships

    @Override
    public Membership putMembership(Membership membership) {
        return jdbc.transaction("putting a membership", c -> {
            Jdbc.update(c, "INSERT INTO memberships (" + TenancyRows.MEMBERSHIP + ") VALUES (?, ?, ?)"
                            + " ON CONFLICT (team_id, member_id) DO UPDATE SET role = excluded.role",
                    List.of(membership.teamId(), membership.memberId(), membership.role().wire()));
            return membership;
        }, (c, violated) -> TenancyConflicts.membership(c, membership));
    }

    @Override
    public boolean deleteMembership(String teamId, String memberId) {
        return jdbc.transaction("deleting a membership", c -> Jdbc.update(c,
                "DELETE FROM memberships WHERE team_id = ? AND member_id = ?", List.of(teamId, memberId)) > 0);
    }

    @Override
    public List<Membership> memberships(String memberId) {
        return jdbc.read("reading memberships", c -> Jdbc.list(c, "SELECT " + TenancyRows.MEMBERSHIP
                + " FROM memberships WHERE member_id = ? ORDER BY team_id", List.of(memberId),
                TenancyRows::membership));
    }

    @Override
    public List<Membership> teamMemberships(String teamId) {
        return jdbc.read("reading memberships", c -> Jdbc.list(c, "SELECT " + TenancyRows.MEMBERSHIP
                + " FROM memberships WHERE team_id = ? ORDER BY member_id", List.of(teamId), TenancyRows::membership));
    }

    // --- Keys

    @Override
    public KeyRecord createKey(KeyRecord key) {
        return jdbc.transaction("creating a key", c -> {
            Jdbc.update(c, "INSERT INTO virtual_keys (" + TenancyRows.KEY + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    List.of(key.id(), key.name(), key.hash(), key.hint(), key.projectId(), key.teamId(),
                            SqlValue.text(key.memberId()), RulesJson.write(key.rules()), Micros.of(key.createdAt()),
                            TenancyRows.micros(key.expiresAt()), TenancyRows.micros(key.revokedAt()),
                            SqlValue.text(key.rotatedFrom())));
            return key(c, key.id()).orElseThrow();
        }, (c, violated) -> TenancyConflicts.key(c, violated, key));
    }

    @Override
    public Optional<KeyRecord> key(String id) {
        return jdbc.read("reading a key", c -> key(c, id));
    }

    @Override
    public Page<KeyRecord> keys(KeyFilter filter, PageRequest page, Instant now) {
        Where where = new Where();
        filter.teamId().ifPresent(team -> where.and("team_id = ?", team));
        filter.projectId().ifPresent(project -> where.and("project_id = ?", project));
        filter.memberId().ifPresent(member -> where.and("member_id = ?", member));
        if (!filter.includeInactive()) {
            activeAt(where, now);
        }
        return jdbc.read("listing keys", c -> page(c, "SELECT " + TenancyRows.KEY + " FROM virtual_keys", where,
                page, TenancyRows::key, KeyRecord::id));
    }

    @Override
    public Optional<KeyRecord> updateKey(KeyRecord key) {
        return jdbc.transaction("updating a key", c -> {
            int changed = Jdbc.update(c, "UPDATE virtual_keys SET name = ?, rules = ?, expires_at = ?,"
                            + " revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                    List.of(key.name(), RulesJson.write(key.rules()), TenancyRows.micros(key.expiresAt()),
                            TenancyRows.micros(key.revokedAt()), key.id()));
            return changed == 0 ? Optional.empty() : key(c, key.id());
        });
    }

    // --- Limits

    @Override
    public Limits putLimits(Limits limits) {
        return jdbc.transaction("putting limits", c -> {
            requireScope(c, limits.scope());
            Jdbc.update(c, "INSERT INTO limits (" + TenancyRows.LIMITS + ") VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (scope_kind, scope_id) DO UPDATE SET rpm = excluded.rpm,"
                            + " tpm = excluded.tpm, concurrency = excluded.concurrency",
                    List.of(limits.scope().kind().wire(), limits.scope().id(), SqlValue.integer(limits.rpm()),
                            SqlValue.bigint(limits.tpm()), SqlValue.integer(limits.concurrency())));
            return limits(c, limits.scope()).orElseThrow();
        });
    }

    @Override
    public Optional<Limits> limits(Scope scope) {
        return jdbc.read("reading limits", c -> limits(c, scope));
    }

    @Override
    public List<Limits> allLimits() {
        return jdbc.read("reading limits", TenancyRepository::allLimits);
    }

    @Override
    public boolean deleteLimits(Scope scope) {
        return jdbc.transaction("deleting limits", c -> Jdbc.update(c,
                "DELETE FROM limits WHERE scope_kind = ? AND scope_id = ?", scopeParameters(scope)) > 0);
    }

    // --- Budgets

    @Override
    public Budget createBudget(Budget budget) {
        BigDecimal amount = TenancyRows.amount(budget.amount());
        return jdbc.transaction("creating a budget", c -> {
            requireScope(c, budget.scope());
            Jdbc.update(c, "INSERT INTO budgets (" + TenancyRows.BUDGET + ") VALUES (?, ?, ?, ?, ?, ?)",
                    List.of(budget.id(), budget.scope().kind().wire(), budget.scope().id(), budget.period().wire(),
                            new SqlValue.Decimal(amount), SqlValue.integer(budget.alertPercent())));
            return budget(c, budget.id()).orElseThrow();
        }, (c, violated) -> TenancyConflicts.budget(c, budget));
    }

    @Override
    public Optional<Budget> budget(String id) {
        return jdbc.read("reading a budget", c -> budget(c, id));
    }

    @Override
    public Page<Budget> budgets(Optional<Scope> scope, PageRequest page) {
        Where where = new Where();
        scope.ifPresent(s -> where.and("scope_kind = ? AND scope_id = ?", s.kind().wire(), s.id()));
        return jdbc.read("listing budgets", c -> page(c, "SELECT " + TenancyRows.BUDGET + " FROM budgets", where,
                page, TenancyRows::budget, Budget::id));
    }

    @Override
    public Optional<Budget> updateBudget(Budget budget) {
        BigDecimal amount = TenancyRows.amount(budget.amount());
        return jdbc.transaction("updating a budget", c -> {
            requireScope(c, budget.scope());
            int changed = Jdbc.update(c, "UPDATE budgets SET scope_kind = ?, scope_id = ?, period = ?, amount = ?,"
                            + " alert_percent = ? WHERE id = ?",
                    List.of(budget.scope().kind().wire(), budget.scope().id(), budget.period().wire(),
                            new SqlValue.Decimal(amount), SqlValue.integer(budget.alertPercent()), budget.id()));
            return changed == 0 ? Optional.empty() : budget(c, budget.id());
        }, (c, violated) -> TenancyConflicts.budget(c, budget));
    }

    @Override
    public boolean deleteBudget(String id) {
        return jdbc.transaction("deleting a budget",
                c -> Jdbc.update(c, "DELETE FROM budgets WHERE id = ?", List.of(id)) > 0);
    }

    // --- Markups

    @Override
    public MarkupRule putMarkup(MarkupRule markup) {
        Scope scope = markup.scope();
        return jdbc.transaction("putting a markup", c -> {
            requireScope(c, scope);
            Jdbc.update(c, "INSERT INTO markups (" + TenancyRows.MARKUP + ", updated_at) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (scope_kind, scope_id) DO UPDATE SET percent = excluded.percent,"
                            + " updated_at = excluded.updated_at",
                    List.of(scope.kind().wire(), scope.id(), new SqlValue.Decimal(TenancyRows.percent(markup)),
                            Micros.of(Instant.now())));
            return markup(c, scope).orElseThrow();
        });
    }

    @Override
    public Optional<MarkupRule> markup(Scope scope) {
        return jdbc.read("reading a markup", c -> markup(c, scope));
    }

    @Override
    public boolean deleteMarkup(Scope scope) {
        return jdbc.transaction("deleting a markup", c -> Jdbc.update(c,
                "DELETE FROM markups WHERE scope_kind = ? AND scope_id = ?", scopeParameters(scope)) > 0);
    }

    private static Optional<MarkupRule> markup(Connection c, Scope scope) throws SQLException {
        return Jdbc.first(c, "SELECT " + TenancyRows.MARKUP + " FROM markups WHERE scope_kind = ? AND scope_id = ?",
                scopeParameters(scope), TenancyRows::markup);
    }

    // --- What the request path reads

    /**
     * Reads the daily rollups from the first whole day at or after {@code from}, the hourly ones for the whole hours
     * before it and the raw rows only for a part of an hour: a budget's window starts at a UTC day, so it reads
     * daily rows alone, and retention deleting raw rows or hourly rollups never lowers what a budget has spent.
     */
    @Override
    public BigDecimal spent(Scope scope, Instant from) {
        String column = switch (scope.kind()) {
            case KEY -> "key_id";
            case MEMBER -> "member_id";
            case PROJECT -> "project_id";
            case TEAM -> "team_id";
        };
        long start = Micros.of(from);
        long hour = ceil(start, UsageRollups.HOUR_MICROS);
        long day = ceil(start, UsageRollups.DAY_MICROS);
        return jdbc.read("summing what " + scope.kind().wire() + " spent", c -> rawSpent(c, column, scope.id(), start, hour)
                .add(rolledUpSpent(c, "usage_hourly", column, scope.id(), hour, day))
                .add(rolledUpSpent(c, "usage_daily", column, scope.id(), day, Long.MAX_VALUE)));
    }

    private static long ceil(long micros, long width) {
        long floor = UsageRollups.bucket(micros, width);
        return floor == micros ? micros : floor + width;
    }

    private BigDecimal rawSpent(Connection c, String column, String id, long from, long until) throws SQLException {
        if (from >= until) {
            return BigDecimal.ZERO;
        }
        List<Object> parameters = List.of(id, from, until);
        String where = " FROM usage_records WHERE " + column + " = ? AND started_at >= ? AND started_at < ?"
                + " AND cost_total IS NOT NULL";
        return switch (jdbc.kind()) {
            // NUMERIC sums exactly.
            case POSTGRESQL -> Jdbc.first(c, "SELECT sum(cost_total)" + where, parameters,
                            rs -> Optional.ofNullable(rs.getString(1)))
                    .flatMap(sum -> sum).map(BigDecimal::new).orElse(BigDecimal.ZERO);
            // SQLite's sum() would go through a double: the amounts are added here, as the decimals they are.
            case SQLITE -> Jdbc.list(c, "SELECT cost_total" + where, parameters, rs -> new BigDecimal(rs.getString(1)))
                    .stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        };
    }

    /** Integer units add up exactly on both databases. */
    private static BigDecimal rolledUpSpent(Connection c, String table, String column, String id, long from, long until)
            throws SQLException {
        if (from >= until) {
            return BigDecimal.ZERO;
        }
        return Jdbc.first(c, "SELECT sum(cost_total_units) FROM " + table + " WHERE " + column
                        + " = ? AND bucket_start >= ? AND bucket_start < ?", List.of(id, from, until),
                        rs -> Optional.ofNullable(rs.getString(1)))
                .flatMap(sum -> sum).map(UsageRollups::dollars).orElse(BigDecimal.ZERO);
    }

    @Override
    public TenancySnapshot snapshot(Instant now) {
        Where active = new Where();
        activeAt(active, now);
        return jdbc.snapshot("reading the tenancy snapshot", c -> new TenancySnapshot(
                Jdbc.list(c, "SELECT " + TenancyRows.TEAM + " FROM teams", List.of(), TenancyRows::team),
                Jdbc.list(c, "SELECT " + TenancyRows.PROJECT + " FROM projects", List.of(), TenancyRows::project),
                Jdbc.list(c, "SELECT " + TenancyRows.MEMBER + " FROM members", List.of(), TenancyRows::member),
                Jdbc.list(c, "SELECT " + TenancyRows.MEMBERSHIP + " FROM memberships", List.of(),
                        TenancyRows::membership),
                Jdbc.list(c, "SELECT " + TenancyRows.KEY + " FROM virtual_keys" + active.sql(), active.parameters(),
                        TenancyRows::key),
                allLimits(c),
                Jdbc.list(c, "SELECT " + TenancyRows.BUDGET + " FROM budgets", List.of(), TenancyRows::budget),
                Jdbc.list(c, "SELECT " + TenancyRows.MARKUP + " FROM markups", List.of(), TenancyRows::markup)));
    }

    // --- Helpers

    /** As {@link KeyRecord#activeAt}: not revoked, and expiring (if ever) after {@code now}. */
    private static void activeAt(Where where, Instant now) {
        where.and("revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)", Micros.of(now));
    }

    /** One page in id order: one row more than asked is read to learn whether another page follows. */
    private static <T> Page<T> page(Connection c, String select, Where where, PageRequest page,
                                    Jdbc.RowReader<T> reader, Function<T, String> id) throws SQLException {
        page.after().ifPresent(after -> where.and("id > ?", after));
        List<Object> parameters = new ArrayList<>(where.parameters());
        parameters.add(page.limit() + 1);
        List<T> rows = Jdbc.list(c, select + where.sql() + " ORDER BY id LIMIT ?", parameters, reader);
        if (rows.size() <= page.limit()) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, page.limit());
        return new Page<>(items, Optional.of(id.apply(items.getLast())));
    }

    /** Deletes a team, project or member with the limits, budgets and markup set on it; false when there was none. */
    private static boolean deleteScope(Connection c, Scope scope, String table) throws SQLException {
        Jdbc.update(c, "DELETE FROM markups WHERE scope_kind = ? AND scope_id = ?", scopeParameters(scope));
        Jdbc.update(c, "DELETE FROM limits WHERE scope_kind = ? AND scope_id = ?", scopeParameters(scope));
        Jdbc.update(c, "DELETE FROM budgets WHERE scope_kind = ? AND scope_id = ?", scopeParameters(scope));
        return Jdbc.update(c, "DELETE FROM " + table + " WHERE id = ?", List.of(scope.id())) > 0;
    }

    /** A limit or budget names its scope without a foreign key (the table depends on the kind): checked here. */
    private static void requireScope(Connection c, Scope scope) throws SQLException {
        if (!TenancyConflicts.exists(c, scope)) {
            throw new TenancyConflictException(scope + " does not exist");
        }
    }

    private static List<Object> scopeParameters(Scope scope) {
        return List.of(scope.kind().wire(), scope.id());
    }

    private static Optional<Team> team(Connection c, String id) throws SQLException {
        return Jdbc.first(c, "SELECT " + TenancyRows.TEAM + " FROM teams WHERE id = ?", List.of(id), TenancyRows::team);
    }

    private static Optional<Project> project(Connection c, String id) throws SQLException {
        return Jdbc.first(c, "SELECT " + TenancyRows.PROJECT + " FROM projects WHERE id = ?", List.of(id),
                TenancyRows::project);
    }

    private static Optional<Member> member(Connection c, String id) throws SQLException {
        return Jdbc.first(c, "SELECT " + TenancyRows.MEMBER + " FROM members WHERE id = ?", List.of(id),
                TenancyRows::member);
    }

    private static Optional<KeyRecord> key(Connection c, String id) throws SQLException {
        return Jdbc.first(c, "SELECT " + TenancyRows.KEY + " FROM virtual_keys WHERE id = ?", List.of(id),
                TenancyRows::key);
    }

    private static Optional<Limits> limits(Connection c, Scope scope) throws SQLException {
        return Jdbc.first(c, "SELECT " + TenancyRows.LIMITS + " FROM limits WHERE scope_kind = ? AND scope_id = ?",
                scopeParameters(scope), TenancyRows::limits);
    }

    private static List<Limits> allLimits(Connection c) throws SQLException {
        return Jdbc.list(c, "SELECT " + TenancyRows.LIMITS + " FROM limits ORDER BY scope_kind, scope_id", List.of(),
                TenancyRows::limits);
    }

    private static Optional<Budget> budget(Connection c, String id) throws SQLException {
        return Jdbc.first(c, "SELECT " + TenancyRows.BUDGET + " FROM budgets WHERE id = ?", List.of(id),
                TenancyRows::budget);
    }
}
