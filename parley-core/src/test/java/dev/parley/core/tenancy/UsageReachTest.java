package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.usage.UsageReach;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which usage rows each principal sees, and that it agrees with the decision on a {@link Target.Usage}. */
class UsageReachTest {

    private static Principal member(Role orgRole, Membership... memberships) {
        return new Principal.MemberKey(new Member("m1", "m1@example.com", "m1", orgRole, Instant.EPOCH),
                List.of(memberships), "k1");
    }

    @Test
    void organizationOwnersAdminsAndViewersSeeEverything() {
        assertThat(Authorization.usageReach(new Principal.MasterKey())).isEqualTo(UsageReach.EVERYTHING);
        for (Role role : List.of(Role.OWNER, Role.ADMIN, Role.VIEWER)) {
            assertThat(Authorization.usageReach(member(role))).as(role.toString()).isEqualTo(UsageReach.EVERYTHING);
        }
    }

    @Test
    void aMemberSeesTheTeamsTheyAdministerOrViewAndTheirOwnRows() {
        Principal principal = member(Role.MEMBER, new Membership("team-a", "m1", Role.ADMIN),
                new Membership("team-b", "m1", Role.VIEWER), new Membership("team-c", "m1", Role.MEMBER));
        assertThat(Authorization.usageReach(principal))
                .isEqualTo(new UsageReach.Limited(Set.of("team-a", "team-b"), "m1"));
        for (String team : List.of("team-a", "team-b", "team-c", "team-d")) {
            boolean reads = Authorization.allows(principal, Action.READ, new Target.Usage(new Target.Team(team)));
            assertThat(reads).as(team).isEqualTo(Set.of("team-a", "team-b").contains(team));
        }
        assertThat(Authorization.usageReach(member(Role.MEMBER))).isEqualTo(new UsageReach.Limited(Set.of(), "m1"));
    }
}
