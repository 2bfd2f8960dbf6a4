package dev.parley.core.tenancy;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an admin action is done to, carrying exactly what {@link Authorization} needs to decide (the team a thing
 * belongs to, whose key it is, a member's role and teams), so that the decision reads no store.
 */
public sealed interface Target {

    /** The things of the organization as a whole. */
    enum OrgResource {
        /** The set of teams: making and deleting a team. */
        TEAMS,
        AUDIT,
        CHANNELS,
        QUEUE,
        /** Budgets that reached their soft threshold. */
        ALERTS,
        /** The providers and models made through the admin API (the file's own are read only). */
        CATALOG
    }

    /** What a limit, a budget or usage can be counted on: a team, a project, a member or a key. */
    sealed interface Scoped extends Target permits Ruled, Member {
    }

    /** What has access rules of its own: a team, a project or a key (a member's keys carry theirs). */
    sealed interface Ruled extends Scoped permits Team, Project, Key {
    }

    record Org(OrgResource resource) implements Target {
        public Org {
            Objects.requireNonNull(resource, "resource");
        }
    }

    record Team(String teamId) implements Ruled {
        public Team {
            Objects.requireNonNull(teamId, "teamId");
        }
    }

    record Project(String projectId, String teamId) implements Ruled {
        public Project {
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(teamId, "teamId");
        }
    }

    /**
     * A member record.
     *
     * @param orgRole the member's organization role (for a role change: the role taken away, or the role given)
     * @param teamIds the teams the member belongs to
     */
    record Member(String memberId, Role orgRole, Set<String> teamIds) implements Scoped {
        public Member {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(orgRole, "orgRole");
            teamIds = Set.copyOf(teamIds);
        }
    }

    record Membership(String teamId, String memberId) implements Target {
        public Membership {
            Objects.requireNonNull(teamId, "teamId");
            Objects.requireNonNull(memberId, "memberId");
        }
    }

    /**
     * A key, or the key to be made.
     *
     * @param holder the member whose key it is, with their role and teams (a member's key acts as its member on the
     *               admin API, so who may make one depends on whom it belongs to); empty for a service key
     */
    record Key(String keyId, String teamId, String projectId, Optional<Member> holder) implements Ruled {
        public Key {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(teamId, "teamId");
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(holder, "holder");
        }

        /** Whose key it is; empty for a service key. */
        public Optional<String> memberId() {
            return holder.map(Member::memberId);
        }
    }

    /** The access rules of a team, project or key. */
    record Rules(Ruled scope) implements Target {
        public Rules {
            Objects.requireNonNull(scope, "scope");
        }
    }

    /** The rate limits of a scope. */
    record Limits(Scoped scope) implements Target {
        public Limits {
            Objects.requireNonNull(scope, "scope");
        }
    }

    /** The budgets of a scope. */
    record Budget(Scoped scope) implements Target {
        public Budget {
            Objects.requireNonNull(scope, "scope");
        }
    }

    /** The markup or discount on a scope's requests: a price, which only organization admins set. */
    record Markup(Scoped scope) implements Target {
        public Markup {
            Objects.requireNonNull(scope, "scope");
        }
    }

    /** The prepaid account of a team or a member: its balance, orders and statements. */
    record Account(Scoped scope) implements Target {
        public Account {
            Objects.requireNonNull(scope, "scope");
        }
    }

    /**
     * An item of the dead-letter queue.
     *
     * @param teamId the team of the key its work ran for; empty for a configured key's, which only organization
     *               admins and viewers see
     */
    record DeadLetter(Optional<String> teamId) implements Target {
        public DeadLetter {
            Objects.requireNonNull(teamId, "teamId");
        }
    }

    /** The usage and spend counted on a scope. */
    record Usage(Scoped scope) implements Target {
        public Usage {
            Objects.requireNonNull(scope, "scope");
        }
    }
}
