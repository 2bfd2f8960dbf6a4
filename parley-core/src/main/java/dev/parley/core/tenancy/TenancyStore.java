package dev.parley.core.tenancy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where teams, projects, members, keys, limits and budgets are kept: implemented by the store on SQLite and
 * PostgreSQL. Calls block; the server makes them off its event loops. Writes that would break a rule (duplicate
 * name or email, unknown team, deleting a team that still has projects) throw {@link TenancyConflictException}.
 * A missing id reads as empty, an update or delete of one returns empty or false.
 */
public interface TenancyStore {

    // Teams: names unique. A team with projects or members cannot be deleted.
    Team createTeam(Team team);

    Optional<Team> team(String id);

    Page<Team> teams(PageRequest page);

    Optional<Team> updateTeam(Team team);

    boolean deleteTeam(String id);

    // Projects: names unique within a team. A project with keys cannot be deleted (revoke them, they stay).
    Project createProject(Project project);

    Optional<Project> project(String id);

    Page<Project> projects(Optional<String> teamId, PageRequest page);

    Optional<Project> updateProject(Project project);

    boolean deleteProject(String id);

    // Members: emails unique. A member who owns keys cannot be deleted.
    Member createMember(Member member);

    Optional<Member> member(String id);

    Page<Member> members(Optional<String> teamId, PageRequest page);

    Optional<Member> updateMember(Member member);

    boolean deleteMember(String id);

    /** Adds the membership or changes its role. */
    Membership putMembership(Membership membership);

    boolean deleteMembership(String teamId, String memberId);

    List<Membership> memberships(String memberId);

    List<Membership> teamMemberships(String teamId);

    // Keys: never deleted; revoked instead, so the ledger's rows keep naming a key that existed.
    KeyRecord createKey(KeyRecord key);

    Optional<KeyRecord> key(String id);

    Page<KeyRecord> keys(KeyFilter filter, PageRequest page, Instant now);

    /** Changes the name, rules and expiry; the hash, owner and project never change. */
    Optional<KeyRecord> updateKey(KeyRecord key);

    // Limits: at most one row per scope; putting replaces it.
    Limits putLimits(Limits limits);

    Optional<Limits> limits(Scope scope);

    List<Limits> allLimits();

    boolean deleteLimits(Scope scope);

    // Budgets: at most one per scope and period.
    Budget createBudget(Budget budget);

    Optional<Budget> budget(String id);

    Page<Budget> budgets(Optional<Scope> scope, PageRequest page);

    Optional<Budget> updateBudget(Budget budget);

    boolean deleteBudget(String id);

    // Markups: at most one per team, project or key; putting replaces it.
    MarkupRule putMarkup(MarkupRule markup);

    Optional<MarkupRule> markup(Scope scope);

    boolean deleteMarkup(Scope scope);

    /** What the ledger's priced rows attributed to {@code scope} cost since {@code from} (total, with markup). */
    BigDecimal spent(Scope scope, Instant from);

    /** Everything the request path needs, read in one go: active keys only. */
    TenancySnapshot snapshot(Instant now);
}
