package dev.parley.store;

import dev.parley.core.tenancy.AccessRules;
import dev.parley.core.tenancy.Budget;
import dev.parley.core.tenancy.BudgetPeriod;
import dev.parley.core.tenancy.KeyRecord;
import dev.parley.core.tenancy.Member;
import dev.parley.core.tenancy.Project;
import dev.parley.core.tenancy.Role;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.Team;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Tenancy records for tests, at microsecond precision so that they round-trip exactly. */
final class Tenants {

    static final Instant T0 = TestRows.T0;

    /** Every rule set. */
    static final AccessRules STRICT = new AccessRules(List.of("gpt-*", "claude-sonnet"), List.of("openai"),
            List.of("eu", "eu-west"), OptionalInt.of(4096), Optional.of(false));

    private Tenants() {}

    static Team team(String id) {
        return new Team(id, "Team " + id, AccessRules.NONE, T0);
    }

    static Project project(String id, String teamId) {
        return new Project(id, teamId, "Project " + id, AccessRules.NONE, T0);
    }

    static Member member(String id) {
        return new Member(id, id + "@example.com", "Member " + id, Role.MEMBER, T0);
    }

    /** A member's key, never expiring. */
    static KeyRecord key(String id, String projectId, String teamId, String memberId) {
        return new KeyRecord(id, "key " + id, "hash-of-" + id, "sk-parley-…" + id, projectId, teamId,
                Optional.of(memberId), AccessRules.NONE, T0, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A service key (no member), never expiring. */
    static KeyRecord serviceKey(String id, String projectId, String teamId) {
        return new KeyRecord(id, "service " + id, "hash-of-" + id, "sk-parley-…" + id, projectId, teamId,
                Optional.empty(), AccessRules.NONE, T0, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static KeyRecord expiring(KeyRecord key, Instant at) {
        return new KeyRecord(key.id(), key.name(), key.hash(), key.hint(), key.projectId(), key.teamId(),
                key.memberId(), key.rules(), key.createdAt(), Optional.of(at), key.revokedAt(), key.rotatedFrom());
    }

    static KeyRecord revoked(KeyRecord key, Instant at) {
        return new KeyRecord(key.id(), key.name(), key.hash(), key.hint(), key.projectId(), key.teamId(),
                key.memberId(), key.rules(), key.createdAt(), key.expiresAt(), Optional.of(at), key.rotatedFrom());
    }

    static Budget budget(String id, Scope scope, BudgetPeriod period, String amount) {
        return new Budget(id, scope, period, new BigDecimal(amount), OptionalInt.of(80));
    }
}
