package dev.parley.server;

import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.Member;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.Role;
import dev.parley.core.tenancy.Target;
import dev.parley.core.tenancy.TenancyStore;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code /admin/members}: the people of the organization and their organization roles. */
final class AdminMembers {

    /** Enough to catch a mistake; whether the address reaches anyone is not Parley's to check. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private AdminMembers() {
    }

    static AdminReply list(AdminCall call) {
        Optional<String> teamId = call.query("team");
        TenancyStore store = call.store();
        teamId.ifPresent(id -> call.readable(store.team(id), AdminTargets::team, "team", "team", id));
        Page<Member> page = AdminPages.visible(p -> store.members(teamId, p),
                member -> call.may(Action.READ, AdminTargets.member(store, member)), Member::id, call.page());
        return AdminReply.ok(AdminJson.page(page, AdminJson::member));
    }

    static AdminReply create(AdminCall call) {
        AdminInput input = call.input(Set.of("email", "name", "role"));
        Role role = orgRole(input).orElse(Role.MEMBER);
        String id = call.backend.newId("mem");
        call.require(Action.WRITE, new Target.Member(id, role, Set.of()));
        String email = email(input).orElseThrow(() -> AdminProblem.invalid("email", "required"));
        Member created = call.store().createMember(new Member(id, email, input.text("name").orElse(email), role,
                call.now));
        call.changed("member.create", created.id(), Optional.empty(), Optional.of(AdminJson.member(created)));
        return AdminReply.created(AdminJson.member(created));
    }

    /** A member with the memberships the principal may see. */
    static AdminReply get(AdminCall call) {
        Member member = member(call);
        ObjectNode out = AdminJson.member(member);
        ArrayNode teams = out.putArray("teams");
        call.store().memberships(member.id()).stream()
                .filter(m -> call.may(Action.READ, AdminTargets.membership(m)))
                .map(AdminJson::membership).forEach(teams::add);
        return AdminReply.ok(out);
    }

    static AdminReply update(AdminCall call) {
        Member before = member(call);
        TenancyStore store = call.store();
        Target.Member target = AdminTargets.member(store, before);
        call.require(Action.WRITE, target);
        AdminInput input = call.input(Set.of("email", "name", "role"));
        Role role = orgRole(input).orElse(before.role());
        boolean roleChanges = role != before.role();
        if (roleChanges) {
            // Decided on the role taken away and on the role given: only an owner moves anyone to or from admin.
            call.require(Action.CHANGE_ROLE, target);
            call.require(Action.CHANGE_ROLE, AdminTargets.member(store, before, role));
        }
        Member after = new Member(before.id(), email(input).orElse(before.email()),
                input.text("name").orElse(before.name()), role, before.createdAt());
        Member updated = store.updateMember(after).orElseThrow(() -> AdminProblem.notFound("member", before.id()));
        call.changed(roleChanges ? "member.role" : "member.update", updated.id(),
                Optional.of(AdminJson.member(before)), Optional.of(AdminJson.member(updated)));
        return AdminReply.ok(AdminJson.member(updated));
    }

    static AdminReply delete(AdminCall call) {
        Member before = member(call);
        call.require(Action.WRITE, AdminTargets.member(call.store(), before));
        if (!call.store().deleteMember(before.id())) {
            throw AdminProblem.notFound("member", before.id());
        }
        call.changed("member.delete", before.id(), Optional.of(AdminJson.member(before)), Optional.empty());
        return AdminReply.noContent();
    }

    private static Optional<Role> orgRole(AdminInput input) {
        return input.text("role").map(text -> Role.parse(text).orElseThrow(() -> AdminProblem.invalid("role",
                "must be owner, admin, member or viewer")));
    }

    private static Optional<String> email(AdminInput input) {
        return input.text("email").map(email -> {
            if (!EMAIL.matcher(email).matches()) {
                throw AdminProblem.invalid("email", "must be an email address");
            }
            return email;
        });
    }

    private static Member member(AdminCall call) {
        String id = call.param("id");
        TenancyStore store = call.store();
        return call.readable(store.member(id), m -> AdminTargets.member(store, m), "member", id);
    }
}
