package dev.parley.store;

import dev.parley.core.tenancy.Budget;
import dev.parley.core.tenancy.KeyRecord;
import dev.parley.core.tenancy.Member;
import dev.parley.core.tenancy.Membership;
import dev.parley.core.tenancy.Project;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.Team;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains, after the database refused a tenancy write, what it conflicts with: the messages of
 * {@link dev.parley.core.tenancy.TenancyConflictException}. They name ids, names and emails, never a key's hash.
 */
final class TenancyConflicts {

    private TenancyConflicts() {}

    static String team(Connection c, Team team) throws SQLException {
        if (Jdbc.exists(c, "SELECT 1 FROM teams WHERE name = ? AND id <> ?", List.of(team.name(), team.id()))) {
            return "a team named \"" + team.name() + "\" already exists";
        }
        return "team " + team.id() + " already exists";
    }

    static String teamInUse(Connection c, String id) throws SQLException {
        return inUse("team " + id, List.of(
                counted(c, "SELECT count(*) FROM projects WHERE team_id = ?", id, "project(s)"),
                counted(c, "SELECT count(*) FROM memberships WHERE team_id = ?", id, "member(s)")));
    }

    static String project(Connection c, Constraint violated, Project project) throws SQLException {
        return switch (violated) {
            case FOREIGN_KEY -> "team " + project.teamId() + " does not exist";
            case UNIQUE -> Jdbc.exists(c, "SELECT 1 FROM projects WHERE team_id = ? AND name = ? AND id <> ?",
                    List.of(project.teamId(), project.name(), project.id()))
                    ? "team " + project.teamId() + " already has a project named \"" + project.name() + "\""
                    : "project " + project.id() + " already exists";
        };
    }

    static String projectInUse(Connection c, String id) throws SQLException {
        // Keys are never deleted, revoked ones included, so that the ledger keeps naming keys that existed.
        return inUse("project " + id, List.of(
                counted(c, "SELECT count(*) FROM virtual_keys WHERE project_id = ?", id, "key(s), revoked ones too")));
    }

    static String member(Connection c, Member member) throws SQLException {
        if (Jdbc.exists(c, "SELECT 1 FROM members WHERE email = ? AND id <> ?", List.of(member.email(), member.id()))) {
            return "a member with email " + member.email() + " already exists";
        }
        return "member " + member.id() + " already exists";
    }

    static String memberInUse(Connection c, String id) throws SQLException {
        return inUse("member " + id, List.of(
                counted(c, "SELECT count(*) FROM virtual_keys WHERE member_id = ?", id, "key(s), revoked ones too"),
                counted(c, "SELECT count(*) FROM memberships WHERE member_id = ?", id, "team membership(s)")));
    }

    static String membership(Connection c, Membership membership) throws SQLException {
        List<String> missing = new ArrayList<>();
        if (!Jdbc.exists(c, "SELECT 1 FROM teams WHERE id = ?", List.of(membership.teamId()))) {
            missing.add("team " + membership.teamId());
        }
        if (!Jdbc.exists(c, "SELECT 1 FROM members WHERE id = ?", List.of(membership.memberId()))) {
            missing.add("member " + membership.memberId());
        }
        return missing.isEmpty() ? "the membership conflicts with a concurrent change"
                : String.join(" and ", missing) + " do" + (missing.size() == 1 ? "es" : "") + " not exist";
    }

    static String key(Connection c, Constraint violated, KeyRecord key) throws SQLException {
        return switch (violated) {
            case UNIQUE -> Jdbc.exists(c, "SELECT 1 FROM virtual_keys WHERE id = ?", List.of(key.id()))
                    ? "key " + key.id() + " already exists"
                    : "a key with the same secret is already stored";
            case FOREIGN_KEY -> keyReference(c, key);
        };
    }

    static String budget(Connection c, Budget budget) throws SQLException {
        if (Jdbc.exists(c, "SELECT 1 FROM budgets WHERE scope_kind = ? AND scope_id = ? AND period = ? AND id <> ?",
                List.of(budget.scope().kind().wire(), budget.scope().id(), budget.period().wire(), budget.id()))) {
            return budget.scope() + " already has a " + budget.period().wire() + " budget";
        }
        return "budget " + budget.id() + " already exists";
    }

    /** Whether the team, project, member or key a limit or budget names exists. */
    static boolean exists(Connection c, Scope scope) throws SQLException {
        String table = switch (scope.kind()) {
            case KEY -> "virtual_keys";
            case PROJECT -> "projects";
            case TEAM -> "teams";
            case MEMBER -> "members";
        };
        return Jdbc.exists(c, "SELECT 1 FROM " + table + " WHERE id = ?", List.of(scope.id()));
    }

    private static String keyReference(Connection c, KeyRecord key) throws SQLException {
        List<String> teams = Jdbc.list(c, "SELECT team_id FROM projects WHERE id = ?", List.of(key.projectId()),
                rs -> rs.getString(1));
        if (teams.isEmpty()) {
            return "project " + key.projectId() + " does not exist";
        }
        if (!teams.getFirst().equals(key.teamId())) {
            return "project " + key.projectId() + " is not in team " + key.teamId();
        }
        if (key.memberId().isPresent()
                && !Jdbc.exists(c, "SELECT 1 FROM members WHERE id = ?", List.of(key.memberId().get()))) {
            return "member " + key.memberId().get() + " does not exist";
        }
        if (key.rotatedFrom().isPresent()
                && !Jdbc.exists(c, "SELECT 1 FROM virtual_keys WHERE id = ?", List.of(key.rotatedFrom().get()))) {
            return "key " + key.rotatedFrom().get() + ", which this key replaces, does not exist";
        }
        return "the key conflicts with a concurrent change";
    }

    private static String counted(Connection c, String sql, String id, String what) throws SQLException {
        long count = Jdbc.count(c, sql, List.of(id));
        return count == 0 ? "" : count + " " + what;
    }

    private static String inUse(String subject, List<String> counts) {
        List<String> held = counts.stream().filter(count -> !count.isEmpty()).toList();
        if (held.isEmpty()) {
            return subject + " is in use by a concurrent change";
        }
        return subject + " still has " + String.join(" and ", held) + "; remove them first";
    }
}
