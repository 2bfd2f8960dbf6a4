package dev.parley.server;

import dev.parley.core.tenancy.AccessRules;
import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.KeyFilter;
import dev.parley.core.tenancy.KeyRecord;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.Principal;
import dev.parley.core.tenancy.Project;
import dev.parley.core.tenancy.Target;
import dev.parley.core.tenancy.TenancyStore;
import dev.parley.core.tenancy.VirtualKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /admin/keys}: virtual keys. A key's text is made here, returned once in the answer that creates it (or
 * rotates it) and never again: the store keeps its HMAC and its hint.
 */
final class AdminKeys {

    /** The longest a rotated key keeps working next to its successor. */
    static final Duration MAX_OVERLAP = Duration.ofDays(30);
    private static final Duration MAX_LIFETIME = Duration.ofDays(3660);

    private AdminKeys() {
    }

    static AdminReply list(AdminCall call) {
        TenancyStore store = call.store();
        Optional<String> team = call.query("team");
        Optional<String> project = call.query("project");
        Optional<String> member = call.query("member");
        team.ifPresent(id -> call.readable(store.team(id), AdminTargets::team, "team", "team", id));
        project.ifPresent(id -> call.readable(store.project(id), AdminTargets::project, "project", "project", id));
        member.ifPresent(id -> call.readable(store.member(id), m -> AdminTargets.member(store, m), "member", "member",
                id));
        KeyFilter filter = new KeyFilter(team, project, member, call.flag("include_inactive"));
        Function<String, Optional<Target.Member>> holders = AdminTargets.holders(store);
        Page<KeyRecord> page = AdminPages.visible(p -> store.keys(filter, p, call.now),
                key -> call.may(Action.READ, AdminTargets.key(holders, key)), KeyRecord::id, call.page());
        return AdminReply.ok(AdminJson.page(page, k -> AdminJson.key(k, call.now)));
    }

    /**
     * A new key in a project. {@code member_id} absent: the calling member's own key (a service key when the master
     * key calls); {@code null}: a service key; an id: that member's key, who must belong to the project's team.
     */
    static AdminReply create(AdminCall call) {
        AdminInput input = call.input(Set.of("project_id", "member_id", "name", "rules", "expires_at", "expires_in"));
        TenancyStore store = call.store();
        String projectId = input.requiredText("project_id");
        Project project = call.readable(store.project(projectId), AdminTargets::project, "project_id", "project",
                projectId);
        Optional<String> memberId = owner(call, input);
        Optional<Target.Member> holder = memberId.map(id -> {
            Target.Member member = AdminTargets.member(store, call.readable(store.member(id),
                    m -> AdminTargets.member(store, m), "member_id", "member", id));
            if (!member.teamIds().contains(project.teamId())) {
                throw AdminProblem.invalid("member_id", "member " + id + " is not in team " + project.teamId());
            }
            return member;
        });
        String id = call.backend.newId("key");
        call.require(Action.CREATE_KEY, new Target.Key(id, project.teamId(), project.id(), holder));
        Optional<Instant> expires = expiry(call, input);
        String text = VirtualKeys.generate(call.backend.random());
        KeyRecord key = store.createKey(new KeyRecord(id, input.text("name").orElse(id),
                call.backend.hasher().hash(text), VirtualKeys.hint(text), project.id(), project.teamId(), memberId,
                input.rules("rules").orElse(AccessRules.NONE), call.now, expires, Optional.empty(), Optional.empty()));
        call.changed("key.create", key.id(), Optional.empty(), Optional.of(AdminJson.key(key, call.now)));
        return AdminReply.created(withText(key, text, call.now));
    }

    static AdminReply get(AdminCall call) {
        return AdminReply.ok(AdminJson.key(key(call), call.now));
    }

    /** Changes a key's name, rules or expiry; its project, member and hash never change. */
    static AdminReply update(AdminCall call) {
        KeyRecord before = key(call);
        call.require(Action.WRITE, AdminTargets.key(call.store(), before));
        AdminInput input = call.input(Set.of("name", "rules", "expires_at", "expires_in"));
        Optional<Instant> expires = input.has("expires_at") || input.has("expires_in") ? expiry(call, input)
                : before.expiresAt();
        KeyRecord after = new KeyRecord(before.id(), input.text("name").orElse(before.name()), before.hash(),
                before.hint(), before.projectId(), before.teamId(), before.memberId(),
                input.rules("rules").orElse(before.rules()), before.createdAt(), expires, before.revokedAt(),
                before.rotatedFrom());
        KeyRecord updated = update(call, after);
        call.changed("key.update", updated.id(), Optional.of(AdminJson.key(before, call.now)),
                Optional.of(AdminJson.key(updated, call.now)));
        return AdminReply.ok(AdminJson.key(updated, call.now));
    }

    /** Revokes at once: the next request with the key is refused. Revoking a revoked key changes nothing. */
    static AdminReply revoke(AdminCall call) {
        KeyRecord before = key(call);
        call.require(Action.REVOKE_KEY, AdminTargets.key(call.store(), before));
        call.input(Set.of());
        if (before.revokedAt().isPresent()) {
            return AdminReply.ok(AdminJson.key(before, call.now));
        }
        KeyRecord revoked = update(call, new KeyRecord(before.id(), before.name(), before.hash(), before.hint(),
                before.projectId(), before.teamId(), before.memberId(), before.rules(), before.createdAt(),
                before.expiresAt(), Optional.of(call.now), before.rotatedFrom()));
        call.changed("key.revoke", revoked.id(), Optional.of(AdminJson.key(before, call.now)),
                Optional.of(AdminJson.key(revoked, call.now)));
        return AdminReply.ok(AdminJson.key(revoked, call.now));
    }

    /**
     * A new key with the same project, member, name and rules; the old one keeps working for {@code overlap}
     * (none by default), so that clients can move over without a failed request.
     */
    static AdminReply rotate(AdminCall call) {
        KeyRecord old = key(call);
        call.require(Action.ROTATE_KEY, AdminTargets.key(call.store(), old));
        AdminInput input = call.input(Set.of("overlap", "expires_at", "expires_in"));
        if (!old.activeAt(call.now)) {
            throw AdminProblem.conflict("Key " + old.id() + " is revoked or expired: create a new key instead.");
        }
        Duration overlap = input.duration("overlap", MAX_OVERLAP).orElse(Duration.ZERO);
        Optional<Instant> expires = expiry(call, input);
        TenancyStore store = call.store();
        String text = VirtualKeys.generate(call.backend.random());
        KeyRecord fresh = store.createKey(new KeyRecord(call.backend.newId("key"), old.name(),
                call.backend.hasher().hash(text), VirtualKeys.hint(text), old.projectId(), old.teamId(), old.memberId(),
                old.rules(), call.now, expires, Optional.empty(), Optional.of(old.id())));
        Instant end = call.now.plus(overlap);
        Optional<Instant> oldEnd = Optional.of(old.expiresAt().filter(e -> e.isBefore(end)).orElse(end));
        KeyRecord retiring = update(call, new KeyRecord(old.id(), old.name(), old.hash(), old.hint(), old.projectId(),
                old.teamId(), old.memberId(), old.rules(), old.createdAt(), oldEnd, old.revokedAt(),
                old.rotatedFrom()));
        ObjectNode after = AdminJson.object();
        after.set("old", AdminJson.key(retiring, call.now));
        after.set("new", AdminJson.key(fresh, call.now));
        call.changed("key.rotate", old.id(), Optional.of(AdminJson.key(old, call.now)), Optional.of(after));
        ObjectNode out = withText(fresh, text, call.now);
        out.set("previous", AdminJson.key(retiring, call.now));
        return AdminReply.created(out);
    }

    /** Whose key a new key is: see {@link #create}. */
    private static Optional<String> owner(AdminCall call, AdminInput input) {
        if (input.has("member_id")) {
            return input.nullableText("member_id");
        }
        return switch (call.principal) {
            case Principal.MemberKey member -> Optional.of(member.memberId());
            case Principal.MasterKey master -> Optional.empty();
        };
    }

    /** {@code expires_at} (a time) or {@code expires_in} (a duration from now), not both; {@code null}: never. */
    private static Optional<Instant> expiry(AdminCall call, AdminInput input) {
        if (input.has("expires_at") && input.has("expires_in")) {
            throw AdminProblem.invalid("expires_in", "give expires_at or expires_in, not both");
        }
        Optional<Instant> at = input.has("expires_in")
                ? input.duration("expires_in", MAX_LIFETIME).map(call.now::plus)
                : input.instant("expires_at");
        at.filter(t -> !t.isAfter(call.now)).ifPresent(t -> {
            throw AdminProblem.invalid(input.has("expires_in") ? "expires_in" : "expires_at", "must be in the future");
        });
        return at;
    }

    private static KeyRecord update(AdminCall call, KeyRecord key) {
        return call.store().updateKey(key).orElseThrow(() -> AdminProblem.notFound("key", key.id()));
    }

    private static ObjectNode withText(KeyRecord key, String text, Instant now) {
        ObjectNode out = AdminJson.key(key, now);
        // The one time the key's text leaves Parley; it is never logged, audited or shown again.
        out.put("key", text);
        return out;
    }

    private static KeyRecord key(AdminCall call) {
        String id = call.param("id");
        return call.readable(call.store().key(id), k -> AdminTargets.key(call.store(), k), "key", id);
    }
}
