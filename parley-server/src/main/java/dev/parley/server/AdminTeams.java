package dev.parley.server;

import dev.parley.core.tenancy.AccessRules;
import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.Member;
import dev.parley.core.tenancy.Membership;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.Role;
import dev.parley.core.tenancy.Target;
import dev.parley.core.tenancy.Team;
import dev.parley.core.tenancy.TenancyStore;
import java.util.Optional;
import java.util.Set;

/** {@code /admin/teams} and a team's memberships, {@code /admin/teams/{id}/members}. */
final class AdminTeams {

    private static final Target.Org TEAMS = new Target.Org(Target.OrgResource.TEAMS);

    private AdminTeams() {
    }

    static AdminReply list(AdminCall call) {
        Page<Team> page = AdminPages.visible(p -> call.store().teams(p),
                team -> call.may(Action.READ, AdminTargets.team(team)), Team::id, call.page());
        return AdminReply.ok(AdminJson.page(page, AdminJson::team));
    }

    static AdminReply create(AdminCall call) {
        AdminInput input = call.input(Set.of("name", "rules"));
        call.require(Action.WRITE, TEAMS);
        Team team = new Team(call.backend.newId("team"), input.requiredText("name"),
                input.rules("rules").orElse(AccessRules.NONE), call.now);
        Team created = call.store().createTeam(team);
        call.changed("team.create", created.id(), Optional.empty(), Optional.of(AdminJson.team(created)));
        return AdminReply.created(AdminJson.team(created));
    }

    static AdminReply get(AdminCall call) {
        return AdminReply.ok(AdminJson.team(team(call)));
    }

    static AdminReply update(AdminCall call) {
        Team before = team(call);
        call.require(Action.WRITE, AdminTargets.team(before));
        AdminInput input = call.input(Set.of("name", "rules"));
        Optional<AccessRules> rules = input.rules("rules");
        if (rules.isPresent() && !rules.get().equals(before.rules())) {
            // A team's own rules bound its admins: changing them is the organization's decision.
            call.require(Action.WRITE, new Target.Rules(AdminTargets.team(before)));
        }
        Team after = new Team(before.id(), input.text("name").orElse(before.name()), rules.orElse(before.rules()),
                before.createdAt());
        Team updated = call.store().updateTeam(after).orElseThrow(() -> AdminProblem.notFound("team", before.id()));
        call.changed("team.update", updated.id(), Optional.of(AdminJson.team(before)),
                Optional.of(AdminJson.team(updated)));
        return AdminReply.ok(AdminJson.team(updated));
    }

    static AdminReply delete(AdminCall call) {
        Team before = team(call);
        call.require(Action.WRITE, TEAMS);
        if (!call.store().deleteTeam(before.id())) {
            throw AdminProblem.notFound("team", before.id());
        }
        call.changed("team.delete", before.id(), Optional.of(AdminJson.team(before)), Optional.empty());
        return AdminReply.noContent();
    }

    static AdminReply members(AdminCall call) {
        Team team = team(call);
        Page<Membership> page = AdminPages.visible(call.store().teamMemberships(team.id()),
                m -> call.may(Action.READ, AdminTargets.membership(m)), Membership::memberId, call.page());
        return AdminReply.ok(AdminJson.page(page, AdminJson::membership));
    }

    static AdminReply putMembership(AdminCall call) {
        Team team = team(call);
        String memberId = call.param("member_id");
        TenancyStore store = call.store();
        // The member need not be readable yet: a team admin adds people who are in none of their teams.
        Member member = store.member(memberId).orElseThrow(() -> AdminProblem.notFound("member", memberId));
        call.require(Action.WRITE, new Target.Membership(team.id(), member.id()));
        Role role = teamRole(call.input(Set.of("role")));
        Optional<Membership> before = current(store, team.id(), member.id());
        Membership after = store.putMembership(new Membership(team.id(), member.id(), role));
        call.changed("membership.put", team.id() + "/" + member.id(), before.map(AdminJson::membership),
                Optional.of(AdminJson.membership(after)));
        return before.isPresent() ? AdminReply.ok(AdminJson.membership(after))
                : AdminReply.created(AdminJson.membership(after));
    }

    static AdminReply deleteMembership(AdminCall call) {
        Team team = team(call);
        String memberId = call.param("member_id");
        TenancyStore store = call.store();
        Membership before = call.readable(current(store, team.id(), memberId), AdminTargets::membership,
                "membership of", memberId + " in team " + team.id());
        call.require(Action.WRITE, AdminTargets.membership(before));
        if (!store.deleteMembership(team.id(), memberId)) {
            throw AdminProblem.notFound("membership of", memberId + " in team " + team.id());
        }
        call.changed("membership.delete", team.id() + "/" + memberId, Optional.of(AdminJson.membership(before)),
                Optional.empty());
        return AdminReply.noContent();
    }

    private static Role teamRole(AdminInput input) {
        String text = input.requiredText("role");
        return Role.parse(text).filter(r -> r != Role.OWNER).orElseThrow(() -> AdminProblem.invalid("role",
                "must be admin, member or viewer (owner is an organization role)"));
    }

    private static Optional<Membership> current(TenancyStore store, String teamId, String memberId) {
        return store.memberships(memberId).stream().filter(m -> m.teamId().equals(teamId)).findFirst();
    }

    static Team team(AdminCall call) {
        String id = call.param("id");
        return call.readable(call.store().team(id), AdminTargets::team, "team", id);
    }
}
