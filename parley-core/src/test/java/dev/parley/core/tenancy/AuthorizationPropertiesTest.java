package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What must hold for any principal and any target, beyond the cells of {@link AuthorizationTest}: a member without an
 * organization-wide role never reaches into a team they do not belong to, a viewer writes only through a team role,
 * and only owners touch owners and admins.
 */
class AuthorizationPropertiesTest {

    private static final List<String> TEAMS = List.of("team_a", "team_b", "team_c");
    private static final List<String> MEMBERS = List.of("mem_1", "mem_2", "mem_3");

    @Property
    void noMemberReachesIntoATeamTheyDoNotBelongTo(@ForAll("teamLevelPrincipals") Principal.MemberKey principal,
                                                   @ForAll("targets") Target target, @ForAll Action action) {
        Optional<String> team = teamOf(target);
        boolean theirs = team.isPresent() && principal.teamRole(team.get()).isPresent();
        boolean own = ownerOf(target).filter(principal.memberId()::equals).isPresent();
        if (team.isPresent() && !theirs && !own) {
            assertThat(Authorization.allows(principal, action, target)).as("%s %s %s", principal, action, target)
                    .isFalse();
        }
    }

    @Property
    void anOrganizationViewerWritesOnlyWhatTheirTeamRolesAllow(@ForAll("targets") Target target,
                                                              @ForAll Action action,
                                                              @ForAll("memberships") List<Membership> memberships) {
        Principal.MemberKey viewer = principal(Role.VIEWER, memberships);
        Principal.MemberKey plain = principal(Role.MEMBER, memberships);
        if (action != Action.READ) {
            assertThat(Authorization.allows(viewer, action, target)).isEqualTo(Authorization.allows(plain, action, target));
        }
    }

    @Property
    void onlyOwnersMakeOrChangeOwnersAndAdmins(@ForAll("principals") Principal principal,
                                               @ForAll("memberTargets") Target.Member target) {
        boolean high = target.orgRole() == Role.OWNER || target.orgRole() == Role.ADMIN;
        if (high && principal.orgRole() != Role.OWNER) {
            assertThat(Authorization.allows(principal, Action.WRITE, target)).isFalse();
            assertThat(Authorization.allows(principal, Action.CHANGE_ROLE, target)).isFalse();
        }
    }

    /**
     * A key's text goes to whoever makes or rotates it, and a member's key acts as that member: no one gets a key of
     * someone else unless they outrank them (the owner anyone, an organization admin members and viewers).
     */
    @Property
    void noOneGetsAKeyActingAsSomeoneTheyDoNotOutrank(@ForAll("principals") Principal principal,
                                                      @ForAll("targets") Target target, @ForAll boolean rotate) {
        if (!(target instanceof Target.Key key) || key.holder().isEmpty()) {
            return;
        }
        Target.Member holder = key.holder().get();
        boolean self = principal instanceof Principal.MemberKey m && m.memberId().equals(holder.memberId());
        boolean outranks = principal.orgRole() == Role.OWNER || principal.orgRole() == Role.ADMIN
                && holder.orgRole() != Role.OWNER && holder.orgRole() != Role.ADMIN;
        if (!self && !outranks) {
            assertThat(Authorization.allows(principal, rotate ? Action.ROTATE_KEY : Action.CREATE_KEY, key))
                    .as("%s %s", principal, key).isFalse();
        }
    }

    @Property
    void everyDecisionHasAReason(@ForAll("principals") Principal principal, @ForAll("targets") Target target,
                                 @ForAll Action action) {
        assertThat(Authorization.decide(principal, action, target).reason()).isNotBlank();
    }

    @Provide
    Arbitrary<Principal> principals() {
        return Arbitraries.oneOf(Arbitraries.just(new Principal.MasterKey()),
                Combinators.combine(Arbitraries.of(Role.class), memberships()).as(AuthorizationPropertiesTest::principal));
    }

    @Provide
    Arbitrary<Principal.MemberKey> teamLevelPrincipals() {
        return memberships().map(m -> principal(Role.MEMBER, m));
    }

    @Provide
    Arbitrary<List<Membership>> memberships() {
        Arbitrary<Role> teamRoles = Arbitraries.of(Role.ADMIN, Role.MEMBER, Role.VIEWER);
        return Arbitraries.subsetOf(TEAMS).flatMap(teams -> teamRoles.list().ofSize(teams.size())
                .map(roles -> {
                    List<String> ordered = List.copyOf(teams);
                    return IntStream.range(0, ordered.size())
                            .mapToObj(i -> new Membership(ordered.get(i), "mem_1", roles.get(i))).toList();
                }));
    }

    @Provide
    Arbitrary<Target.Member> memberTargets() {
        return Combinators.combine(Arbitraries.of(MEMBERS), Arbitraries.of(Role.class), Arbitraries.subsetOf(TEAMS))
                .as(Target.Member::new);
    }

    @Provide
    Arbitrary<Target> targets() {
        Arbitrary<String> team = Arbitraries.of(TEAMS);
        Arbitrary<String> member = Arbitraries.of(MEMBERS);
        Arbitrary<Target.Team> teams = team.map(Target.Team::new);
        Arbitrary<Target.Project> projects = team.map(t -> new Target.Project("proj_" + t, t));
        Arbitrary<Target.Key> keys = Combinators.combine(team, memberTargets().optional(0.8))
                .as((t, m) -> new Target.Key("key_x", t, "proj_" + t, m));
        Arbitrary<Target.Ruled> ruled = Arbitraries.oneOf(teams, projects, keys);
        Arbitrary<Target.Scoped> scoped = Arbitraries.oneOf(ruled, memberTargets());
        return Arbitraries.oneOf(
                Arbitraries.of(Target.OrgResource.class).map(Target.Org::new),
                teams, projects, memberTargets(), keys,
                Combinators.combine(team, member).as(Target.Membership::new),
                ruled.map(Target.Rules::new),
                scoped.map(Target.Limits::new),
                scoped.map(Target.Budget::new),
                scoped.map(Target.Markup::new),
                scoped.map(Target.Usage::new),
                scoped.map(Target.Account::new),
                team.optional(0.8).map(Target.DeadLetter::new));
    }

    /** The team a target belongs to, when it belongs to exactly one. */
    private static Optional<String> teamOf(Target target) {
        return switch (target) {
            case Target.Team t -> Optional.of(t.teamId());
            case Target.Project p -> Optional.of(p.teamId());
            case Target.Key k -> Optional.of(k.teamId());
            case Target.Membership m -> Optional.of(m.teamId());
            case Target.Rules r -> teamOf(r.scope());
            case Target.Limits l -> teamOf(l.scope());
            case Target.Budget b -> teamOf(b.scope());
            case Target.Markup k -> teamOf(k.scope());
            case Target.Usage u -> teamOf(u.scope());
            case Target.Account a -> teamOf(a.scope());
            case Target.DeadLetter d -> d.teamId();
            case Target.Member m -> Optional.empty();
            case Target.Org o -> Optional.empty();
        };
    }

    /** The member a target is the own thing of. */
    private static Optional<String> ownerOf(Target target) {
        return switch (target) {
            case Target.Key k -> k.memberId();
            case Target.Membership m -> Optional.of(m.memberId());
            case Target.Member m -> Optional.of(m.memberId());
            case Target.Rules r -> ownerOf(r.scope());
            case Target.Limits l -> ownerOf(l.scope());
            case Target.Budget b -> ownerOf(b.scope());
            case Target.Markup k -> ownerOf(k.scope());
            case Target.Usage u -> ownerOf(u.scope());
            case Target.Account a -> ownerOf(a.scope());
            case Target.DeadLetter d -> Optional.empty();
            case Target.Team t -> Optional.empty();
            case Target.Project p -> Optional.empty();
            case Target.Org o -> Optional.empty();
        };
    }

    private static Principal.MemberKey principal(Role role, List<Membership> memberships) {
        return new Principal.MemberKey(new Member("mem_1", "one@example.com", "One", role, Instant.EPOCH),
                memberships, "key_1");
    }
}
