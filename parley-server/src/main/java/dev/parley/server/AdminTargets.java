package dev.parley.server;

import dev.parley.core.tenancy.KeyRecord;
import dev.parley.core.tenancy.Member;
import dev.parley.core.tenancy.Membership;
import dev.parley.core.tenancy.Project;
import dev.parley.core.tenancy.Role;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.Target;
import dev.parley.core.tenancy.Team;
import dev.parley.core.tenancy.TenancyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The {@link Target} each stored thing is to {@code Authorization}, with what the decision needs read from the store. */
final class AdminTargets {

    private AdminTargets() {
    }

    static Target.Team team(Team team) {
        return new Target.Team(team.id());
    }

    static Target.Project project(Project project) {
        return new Target.Project(project.id(), project.teamId());
    }

    /** A key with its holder, who is read from the store. */
    static Target.Key key(TenancyStore store, KeyRecord key) {
        return key(holders(store), key);
    }

    /** A key with its holder, read through {@code holders} (see {@link #holders}). */
    static Target.Key key(Function<String, Optional<Target.Member>> holders, KeyRecord key) {
        return new Target.Key(key.id(), key.teamId(), key.projectId(), key.memberId().flatMap(holders));
    }

    /**
     * Members as targets by id, each read from the store once: a listing of keys asks about the same few holders
     * again and again.
     */
    static Function<String, Optional<Target.Member>> holders(TenancyStore store) {
        Map<String, Optional<Target.Member>> read = new HashMap<>();
        return id -> read.computeIfAbsent(id, i -> store.member(i).map(m -> member(store, m)));
    }

    static Target.Membership membership(Membership membership) {
        return new Target.Membership(membership.teamId(), membership.memberId());
    }

    /** A member with their current teams. */
    static Target.Member member(TenancyStore store, Member member) {
        return member(store, member, member.role());
    }

    /** A member as they would be with another organization role (for a role change). */
    static Target.Member member(TenancyStore store, Member member, Role role) {
        Set<String> teams = store.memberships(member.id()).stream().map(Membership::teamId).collect(Collectors.toSet());
        return new Target.Member(member.id(), role, teams);
    }

    /** The thing a scope names, when it exists. */
    static Optional<Target.Scoped> scope(TenancyStore store, Scope scope) {
        return switch (scope.kind()) {
            case TEAM -> store.team(scope.id()).map(AdminTargets::team);
            case PROJECT -> store.project(scope.id()).map(AdminTargets::project);
            case KEY -> store.key(scope.id()).map(k -> key(store, k));
            case MEMBER -> store.member(scope.id()).map(m -> member(store, m));
        };
    }
}
