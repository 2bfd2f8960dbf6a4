package dev.parley.store;

import static dev.parley.store.Tenants.T0;
import static dev.parley.store.Tenants.budget;
import static dev.parley.store.Tenants.key;
import static dev.parley.store.Tenants.member;
import static dev.parley.store.Tenants.project;
import static dev.parley.store.Tenants.team;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.tenancy.AccessRules;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.tenancy.Budget;
import dev.parley.core.tenancy.BudgetPeriod;
import dev.parley.core.tenancy.KeyFilter;
import dev.parley.core.tenancy.KeyRecord;
import dev.parley.core.tenancy.Limits;
import dev.parley.core.pricing.Markup;
import dev.parley.core.tenancy.MarkupRule;
import dev.parley.core.tenancy.Member;
import dev.parley.core.tenancy.Membership;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.PageRequest;
import dev.parley.core.tenancy.Project;
import dev.parley.core.tenancy.Role;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.core.tenancy.Team;
import dev.parley.core.tenancy.TenancyConflictException;
import dev.parley.core.tenancy.TenancySnapshot;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the tenancy store promises, checked on each kind of database. */
abstract class TenancyStoreContract extends RealDatabaseTest {

    private static final Scope TEAM_A = new Scope(ScopeKind.TEAM, "team-a");

    protected TenancyRepository store;

    @BeforeEach
    void openStore() {
        store = new TenancyRepository(database);
    }

    // --- Teams

    @Test
    void aTeamIsCreatedReadUpdatedAndDeleted() {
        Team created = store.createTeam(new Team("team-a", "Alpha", Tenants.STRICT,
                Instant.parse("2025-03-01T12:00:00.123456789Z")));

        assertThat(created.createdAt()).isEqualTo(Instant.parse("2025-03-01T12:00:00.123456Z"));
        assertThat(created.rules()).isEqualTo(Tenants.STRICT);
        assertThat(store.team("team-a")).contains(created);

        Team renamed = new Team("team-a", "Alpha One", AccessRules.NONE, T0.plusSeconds(99));
        assertThat(store.updateTeam(renamed)).contains(new Team("team-a", "Alpha One", AccessRules.NONE,
                created.createdAt()));
        assertThat(store.team("team-a").orElseThrow().name()).isEqualTo("Alpha One");

        assertThat(store.deleteTeam("team-a")).isTrue();
        assertThat(store.team("team-a")).isEmpty();
        assertThat(store.deleteTeam("team-a")).isFalse();
        assertThat(store.updateTeam(renamed)).isEmpty();
    }

    @Test
    void teamNamesAndIdsAreUnique() {
        store.createTeam(team("team-a"));
        store.createTeam(team("team-b"));

        assertThatThrownBy(() -> store.createTeam(new Team("team-c", "Team team-a", AccessRules.NONE, T0)))
                .isInstanceOf(TenancyConflictException.class).hasMessage("a team named \"Team team-a\" already exists");
        assertThatThrownBy(() -> store.createTeam(new Team("team-a", "Other", AccessRules.NONE, T0)))
                .isInstanceOf(TenancyConflictException.class).hasMessage("team team-a already exists");
        assertThatThrownBy(() -> store.updateTeam(new Team("team-b", "Team team-a", AccessRules.NONE, T0)))
                .isInstanceOf(TenancyConflictException.class).hasMessage("a team named \"Team team-a\" already exists");
        assertThat(store.teams(PageRequest.FIRST).items()).extracting(Team::name)
                .containsExactly("Team team-a", "Team team-b");
    }

    @Test
    void ofAdministratorsRacingToCreateTheSameTeamNameExactlyOneWins() throws Exception {
        int racers = 8;
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<String>>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                Team team = new Team("racer-" + i, "Contested", AccessRules.NONE, T0);
                outcomes.add(threads.submit(() -> {
                    start.await();
                    try {
                        store.createTeam(team);
                        return Optional.empty();
                    } catch (TenancyConflictException e) {
                        return Optional.of(e.getMessage());
                    }
                }));
            }
            start.countDown();
            List<Optional<String>> results = new ArrayList<>();
            for (Future<Optional<String>> outcome : outcomes) {
                results.add(outcome.get());
            }

            assertThat(results).filteredOn(Optional::isEmpty).hasSize(1);
            assertThat(results).filteredOn(Optional::isPresent).extracting(Optional::orElseThrow)
                    .hasSize(racers - 1).containsOnly("a team named \"Contested\" already exists");
            assertThat(store.teams(PageRequest.FIRST).items()).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aTeamWithProjectsOrMembersIsNotDeleted() {
        store.createTeam(team("team-a"));
        store.createProject(project("p1", "team-a"));
        store.createProject(project("p2", "team-a"));
        store.createMember(member("m1"));
        store.putMembership(new Membership("team-a", "m1", Role.ADMIN));

        assertThatThrownBy(() -> store.deleteTeam("team-a")).isInstanceOf(TenancyConflictException.class)
                .hasMessage("team team-a still has 2 project(s) and 1 member(s); remove them first");
        store.deleteProject("p1");
        store.deleteProject("p2");
        assertThatThrownBy(() -> store.deleteTeam("team-a")).isInstanceOf(TenancyConflictException.class)
                .hasMessage("team team-a still has 1 member(s); remove them first");
        store.deleteMembership("team-a", "m1");
        assertThat(store.deleteTeam("team-a")).isTrue();
    }

    @Test
    void teamsArePagedInIdOrder() {
        for (String id : List.of("t3", "t1", "t5", "t2", "t4")) {
            store.createTeam(team(id));
        }

        assertThat(allPages(store::teams, Team::id, 2)).containsExactly(
                List.of("t1", "t2"), List.of("t3", "t4"), List.of("t5"));
        assertThat(allPages(store::teams, Team::id, 5)).containsExactly(List.of("t1", "t2", "t3", "t4", "t5"));
        Page<Team> exact = store.teams(new PageRequest(5, Optional.empty()));
        assertThat(exact.next()).isEmpty();
        Page<Team> first = store.teams(new PageRequest(4, Optional.empty()));
        assertThat(first.next()).contains("t4");
    }

    // --- Projects

    @Test
    void aProjectIsCreatedReadUpdatedListedByTeamAndDeleted() {
        store.createTeam(team("team-a"));
        store.createTeam(team("team-b"));
        Project created = store.createProject(new Project("p1", "team-a", "web", Tenants.STRICT, T0));
        store.createProject(project("p2", "team-b"));
        store.createProject(project("p3", "team-a"));

        assertThat(store.project("p1")).contains(created);
        assertThat(store.projects(Optional.of("team-a"), PageRequest.FIRST).items()).extracting(Project::id)
                .containsExactly("p1", "p3");
        assertThat(store.projects(Optional.empty(), PageRequest.FIRST).items()).extracting(Project::id)
                .containsExactly("p1", "p2", "p3");
        assertThat(allPages(page -> store.projects(Optional.of("team-a"), page), Project::id, 1))
                .containsExactly(List.of("p1"), List.of("p3"));

        Optional<Project> updated = store.updateProject(new Project("p1", "team-b", "web-2", AccessRules.NONE, T0));
        assertThat(updated).contains(new Project("p1", "team-a", "web-2", AccessRules.NONE, T0));

        assertThat(store.deleteProject("p1")).isTrue();
        assertThat(store.project("p1")).isEmpty();
        assertThat(store.deleteProject("p1")).isFalse();
        assertThat(store.updateProject(created)).isEmpty();
    }

    @Test
    void projectNamesAreUniqueWithinATeamAndTheTeamMustExist() {
        store.createTeam(team("team-a"));
        store.createTeam(team("team-b"));
        store.createProject(new Project("p1", "team-a", "web", AccessRules.NONE, T0));
        store.createProject(new Project("p2", "team-b", "web", AccessRules.NONE, T0));
        store.createProject(new Project("p3", "team-a", "cli", AccessRules.NONE, T0));

        assertThatThrownBy(() -> store.createProject(new Project("p4", "team-a", "web", AccessRules.NONE, T0)))
                .isInstanceOf(TenancyConflictException.class)
                .hasMessage("team team-a already has a project named \"web\"");
        assertThatThrownBy(() -> store.createProject(new Project("p1", "team-b", "other", AccessRules.NONE, T0)))
                .isInstanceOf(TenancyConflictException.class).hasMessage("project p1 already exists");
        assertThatThrownBy(() -> store.createProject(project("p5", "team-z")))
                .isInstanceOf(TenancyConflictException.class).hasMessage("team team-z does not exist");
        assertThatThrownBy(() -> store.updateProject(new Project("p3", "team-a", "web", AccessRules.NONE, T0)))
                .isInstanceOf(TenancyConflictException.class)
                .hasMessage("team team-a already has a project named \"web\"");
        assertThat(store.project("p3").orElseThrow().name()).isEqualTo("cli");
    }

    @Test
    void aProjectWithKeysIsNotDeletedEvenWhenTheyAreRevoked() {
        store.createTeam(team("team-a"));
        store.createProject(project("p1", "team-a"));
        store.createMember(member("m1"));
        store.createKey(Tenants.revoked(key("k1", "p1", "team-a", "m1"), T0));

        assertThatThrownBy(() -> store.deleteProject("p1")).isInstanceOf(TenancyConflictException.class)
                .hasMessage("project p1 still has 1 key(s), revoked ones too; remove them first");
        assertThat(store.project("p1")).isPresent();
    }

    // --- Members and memberships

    @Test
    void aMemberIsCreatedReadUpdatedListedByTeamAndDeleted() {
        store.createTeam(team("team-a"));
        store.createTeam(team("team-b"));
        Member created = store.createMember(member("m1"));
        store.createMember(member("m2"));
        store.createMember(member("m3"));
        store.putMembership(new Membership("team-a", "m1", Role.ADMIN));
        store.putMembership(new Membership("team-a", "m3", Role.VIEWER));
        store.putMembership(new Membership("team-b", "m1", Role.MEMBER));

        assertThat(store.member("m1")).contains(created);
        assertThat(store.members(Optional.of("team-a"), PageRequest.FIRST).items()).extracting(Member::id)
                .containsExactly("m1", "m3");
        assertThat(allPages(page -> store.members(Optional.empty(), page), Member::id, 2))
                .containsExactly(List.of("m1", "m2"), List.of("m3"));
        assertThat(allPages(page -> store.members(Optional.of("team-a"), page), Member::id, 1))
                .containsExactly(List.of("m1"), List.of("m3"));

        Member promoted = new Member("m2", "new@example.com", "New Name", Role.OWNER, T0.plusSeconds(5));
        assertThat(store.updateMember(promoted))
                .contains(new Member("m2", "new@example.com", "New Name", Role.OWNER, T0));
        assertThat(store.deleteMember("m2")).isTrue();
        assertThat(store.member("m2")).isEmpty();
        assertThat(store.deleteMember("m2")).isFalse();
        assertThat(store.updateMember(promoted)).isEmpty();
    }

    @Test
    void membershipsArePutReplacedListedAndDeleted() {
        store.createTeam(team("team-a"));
        store.createTeam(team("team-b"));
        store.createMember(member("m1"));
        store.createMember(member("m2"));

        store.putMembership(new Membership("team-b", "m1", Role.VIEWER));
        store.putMembership(new Membership("team-a", "m1", Role.MEMBER));
        store.putMembership(new Membership("team-a", "m2", Role.MEMBER));
        store.putMembership(new Membership("team-a", "m1", Role.ADMIN));

        assertThat(store.memberships("m1")).containsExactly(new Membership("team-a", "m1", Role.ADMIN),
                new Membership("team-b", "m1", Role.VIEWER));
        assertThat(store.teamMemberships("team-a")).containsExactly(new Membership("team-a", "m1", Role.ADMIN),
                new Membership("team-a", "m2", Role.MEMBER));
        assertThat(store.deleteMembership("team-a", "m1")).isTrue();
        assertThat(store.deleteMembership("team-a", "m1")).isFalse();
        assertThat(store.memberships("m1")).containsExactly(new Membership("team-b", "m1", Role.VIEWER));
        assertThat(store.memberships("nobody")).isEmpty();
    }

    @Test
    void emailsAreUniqueAndAMembershipNeedsItsTeamAndMember() {
        store.createTeam(team("team-a"));
        store.createMember(member("m1"));
        store.createMember(member("m2"));

        assertThatThrownBy(() -> store.createMember(new Member("m3", "m1@example.com", "X", Role.MEMBER, T0)))
                .isInstanceOf(TenancyConflictException.class)
                .hasMessage("a member with email m1@example.com already exists");
        assertThatThrownBy(() -> store.createMember(new Member("m1", "other@example.com", "X", Role.MEMBER, T0)))
                .isInstanceOf(TenancyConflictException.class).hasMessage("member m1 already exists");
        assertThatThrownBy(() -> store.updateMember(new Member("m2", "m1@example.com", "X", Role.MEMBER, T0)))
                .isInstanceOf(TenancyConflictException.class)
                .hasMessage("a member with email m1@example.com already exists");
        assertThatThrownBy(() -> store.putMembership(new Membership("team-z", "m1", Role.MEMBER)))
                .isInstanceOf(TenancyConflictException.class).hasMessage("team team-z does not exist");
        assertThatThrownBy(() -> store.putMembership(new Membership("team-a", "m9", Role.MEMBER)))
                .isInstanceOf(TenancyConflictException.class).hasMessage("member m9 does not exist");
        assertThatThrownBy(() -> store.putMembership(new Membership("team-z", "m9", Role.MEMBER)))
                .isInstanceOf(TenancyConflictException.class).hasMessage("team team-z and member m9 do not exist");
    }

    @Test
    void aMemberWithKeysOrMembershipsIsNotDeleted() {
        store.createTeam(team("team-a"));
        store.createProject(project("p1", "team-a"));
        store.createMember(member("m1"));
        store.putMembership(new Membership("team-a", "m1", Role.MEMBER));
        store.createKey(key("k1", "p1", "team-a", "m1"));
        store.createKey(key("k2", "p1", "team-a", "m1"));

        assertThatThrownBy(() -> store.deleteMember("m1")).isInstanceOf(TenancyConflictException.class)
                .hasMessage("member m1 still has 2 key(s), revoked ones too and 1 team membership(s); remove them"
                        + " first");
        assertThat(store.member("m1")).isPresent();
    }

    // --- Keys

    @Test
    void aKeyIsCreatedReadAndUpdatedButItsHashOwnerAndProjectNeverChange() {
        tenancyWithTwoTeams();
        KeyRecord key = new KeyRecord("k1", "laptop", "hash-k1", "sk-parley-…k1", "p1", "team-a", Optional.of("m1"),
                Tenants.STRICT, T0, Optional.of(T0.plusSeconds(3600)), Optional.empty(), Optional.empty());
        KeyRecord created = store.createKey(key);
        KeyRecord rotated = store.createKey(new KeyRecord("k2", "laptop", "hash-k2", "sk-parley-…k2", "p1",
                "team-a", Optional.of("m1"), AccessRules.NONE, T0, Optional.empty(), Optional.empty(),
                Optional.of("k1")));

        assertThat(created).isEqualTo(key);
        assertThat(store.key("k1")).contains(key);
        assertThat(store.key("k2")).contains(rotated);
        assertThat(rotated.rotatedFrom()).contains("k1");
        assertThat(store.key("k9")).isEmpty();

        KeyRecord changed = new KeyRecord("k1", "desktop", "other-hash", "other-hint", "p2", "team-b",
                Optional.of("m2"), AccessRules.NONE, T0.plusSeconds(1), Optional.of(T0.plusSeconds(60)),
                Optional.empty(), Optional.empty());
        assertThat(store.updateKey(changed)).contains(new KeyRecord("k1", "desktop", "hash-k1", "sk-parley-…k1",
                "p1", "team-a", Optional.of("m1"), AccessRules.NONE, T0, Optional.of(T0.plusSeconds(60)),
                Optional.empty(), Optional.empty()));
        assertThat(store.updateKey(Tenants.serviceKey("k9", "p1", "team-a"))).isEmpty();
    }

    @Test
    void aRevokedKeyStaysRevokedAtTheTimeItWasFirstRevoked() {
        tenancyWithTwoTeams();
        KeyRecord key = store.createKey(key("k1", "p1", "team-a", "m1"));

        store.updateKey(Tenants.revoked(key, T0.plusSeconds(10)));
        Optional<KeyRecord> again = store.updateKey(Tenants.revoked(key, T0.plusSeconds(20)));
        Optional<KeyRecord> undone = store.updateKey(key);

        assertThat(again.orElseThrow().revokedAt()).contains(T0.plusSeconds(10));
        assertThat(undone.orElseThrow().revokedAt()).contains(T0.plusSeconds(10));
        assertThat(store.key("k1").orElseThrow().activeAt(T0)).isFalse();
    }

    @Test
    void aKeyNeedsAUniqueHashAndItsProjectTeamMemberAndPredecessor() {
        tenancyWithTwoTeams();
        store.createKey(key("k1", "p1", "team-a", "m1"));
        KeyRecord sameHash = new KeyRecord("k2", "copy", "hash-of-k1", "hint", "p1", "team-a", Optional.empty(),
                AccessRules.NONE, T0, Optional.empty(), Optional.empty(), Optional.empty());
        KeyRecord unknownPredecessor = new KeyRecord("k3", "next", "hash-k3", "hint", "p1", "team-a",
                Optional.empty(), AccessRules.NONE, T0, Optional.empty(), Optional.empty(), Optional.of("k0"));

        assertThatThrownBy(() -> store.createKey(sameHash)).isInstanceOf(TenancyConflictException.class)
                .hasMessage("a key with the same secret is already stored")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hash-of-k1"));
        assertThatThrownBy(() -> store.createKey(key("k1", "p1", "team-a", "m2")))
                .isInstanceOf(TenancyConflictException.class).hasMessage("key k1 already exists");
        assertThatThrownBy(() -> store.createKey(key("k4", "p9", "team-a", "m1")))
                .isInstanceOf(TenancyConflictException.class).hasMessage("project p9 does not exist");
        assertThatThrownBy(() -> store.createKey(key("k4", "p2", "team-a", "m1")))
                .isInstanceOf(TenancyConflictException.class).hasMessage("project p2 is not in team team-a");
        assertThatThrownBy(() -> store.createKey(key("k4", "p1", "team-a", "m9")))
                .isInstanceOf(TenancyConflictException.class).hasMessage("member m9 does not exist");
        assertThatThrownBy(() -> store.createKey(unknownPredecessor)).isInstanceOf(TenancyConflictException.class)
                .hasMessage("key k0, which this key replaces, does not exist");
        assertThat(store.keys(new KeyFilter(Optional.empty(), Optional.empty(), Optional.empty(), true),
                PageRequest.FIRST, T0).items()).extracting(KeyRecord::id).containsExactly("k1");
    }

    @Test
    void keysAreListedByTeamProjectAndMemberAndInactiveOnesOnlyWhenAsked() {
        tenancyWithTwoTeams();
        Instant now = T0.plusSeconds(1000);
        store.createKey(key("k1", "p1", "team-a", "m1"));
        store.createKey(Tenants.serviceKey("k2", "p1", "team-a"));
        store.createKey(key("k3", "p3", "team-a", "m2"));
        store.createKey(key("k4", "p2", "team-b", "m1"));
        store.createKey(Tenants.revoked(key("k5", "p1", "team-a", "m1"), now.minusSeconds(1)));
        store.createKey(Tenants.expiring(key("k6", "p1", "team-a", "m1"), now));
        store.createKey(Tenants.expiring(key("k7", "p1", "team-a", "m1"), now.plusNanos(1_000)));

        assertThat(keyIds(Optional.empty(), Optional.empty(), Optional.empty(), false, now))
                .containsExactly("k1", "k2", "k3", "k4", "k7");
        assertThat(keyIds(Optional.empty(), Optional.empty(), Optional.empty(), true, now))
                .containsExactly("k1", "k2", "k3", "k4", "k5", "k6", "k7");
        assertThat(keyIds(Optional.of("team-a"), Optional.empty(), Optional.empty(), false, now))
                .containsExactly("k1", "k2", "k3", "k7");
        assertThat(keyIds(Optional.empty(), Optional.of("p1"), Optional.empty(), true, now))
                .containsExactly("k1", "k2", "k5", "k6", "k7");
        assertThat(keyIds(Optional.empty(), Optional.empty(), Optional.of("m1"), false, now))
                .containsExactly("k1", "k4", "k7");
        assertThat(keyIds(Optional.of("team-a"), Optional.of("p1"), Optional.of("m1"), false, now))
                .containsExactly("k1", "k7");
        KeyFilter teamA = new KeyFilter(Optional.of("team-a"), Optional.empty(), Optional.empty(), true);
        assertThat(allPages(page -> store.keys(teamA, page, now), KeyRecord::id, 2)).containsExactly(
                List.of("k1", "k2"), List.of("k3", "k5"), List.of("k6", "k7"));
    }

    // --- Markups

    @Test
    void markupsArePutReplacedReadAndDeletedExactlyAndGoWithTheirScope() {
        tenancyWithTwoTeams();
        store.createKey(key("k1", "p1", "team-a", "m1"));
        Scope key = new Scope(ScopeKind.KEY, "k1");
        Scope project = new Scope(ScopeKind.PROJECT, "p3");

        store.putMarkup(new MarkupRule(TEAM_A, Markup.percent("12.5")));
        store.putMarkup(new MarkupRule(key, Markup.percent("-100")));
        store.putMarkup(new MarkupRule(project, Markup.percent("0.0000000001")));
        MarkupRule replaced = store.putMarkup(new MarkupRule(TEAM_A, Markup.percent("7.50")));

        assertThat(replaced.markup().percent()).isEqualByComparingTo("7.5");
        assertThat(store.markup(project).orElseThrow().markup().percent().toPlainString()).isEqualTo("0.0000000001");
        assertThat(store.markup(key).orElseThrow().markup().percent()).isEqualByComparingTo("-100");
        TenancySnapshot snapshot = store.snapshot(T0);
        assertThat(snapshot.markup(Attribution.of(store.key("k1").orElseThrow())).orElseThrow().percent())
                .isEqualByComparingTo("-100");
        assertThat(store.deleteMarkup(key)).isTrue();
        assertThat(store.deleteMarkup(key)).isFalse();
        assertThat(store.snapshot(T0).markup(Attribution.of(store.key("k1").orElseThrow())).orElseThrow().percent())
                .isEqualByComparingTo("7.5");
        store.deleteProject("p3");
        assertThat(store.markup(project)).isEmpty();
        assertThatThrownBy(() -> store.putMarkup(new MarkupRule(new Scope(ScopeKind.TEAM, "nope"), Markup.NONE)))
                .isInstanceOf(TenancyConflictException.class);
    }

    // --- Limits

    @Test
    void limitsArePutReplacedReadAndDeletedOnePerScope() {
        tenancyWithTwoTeams();
        store.createKey(key("k1", "p1", "team-a", "m1"));
        Limits team = new Limits(TEAM_A, OptionalInt.of(600), OptionalLong.of(3_000_000_000L), OptionalInt.empty());
        Limits key = new Limits(new Scope(ScopeKind.KEY, "k1"), OptionalInt.empty(), OptionalLong.empty(),
                OptionalInt.of(4));

        assertThat(store.putLimits(team)).isEqualTo(team);
        store.putLimits(key);
        Limits tighter = new Limits(TEAM_A, OptionalInt.of(60), OptionalLong.empty(), OptionalInt.of(2));
        assertThat(store.putLimits(tighter)).isEqualTo(tighter);

        assertThat(store.limits(TEAM_A)).contains(tighter);
        assertThat(store.limits(new Scope(ScopeKind.KEY, "k1"))).contains(key);
        assertThat(store.limits(new Scope(ScopeKind.PROJECT, "p1"))).isEmpty();
        assertThat(store.allLimits()).containsExactlyInAnyOrder(tighter, key);
        assertThat(store.deleteLimits(TEAM_A)).isTrue();
        assertThat(store.deleteLimits(TEAM_A)).isFalse();
        assertThat(store.allLimits()).containsExactly(key);
    }

    @Test
    void limitsAndBudgetsNeedTheirScopeToExist() {
        tenancyWithTwoTeams();

        for (Scope missing : List.of(new Scope(ScopeKind.TEAM, "team-z"), new Scope(ScopeKind.PROJECT, "p9"),
                new Scope(ScopeKind.MEMBER, "m9"), new Scope(ScopeKind.KEY, "k9"))) {
            assertThatThrownBy(() -> store.putLimits(new Limits(missing, OptionalInt.of(1), OptionalLong.empty(),
                    OptionalInt.empty()))).isInstanceOf(TenancyConflictException.class)
                    .hasMessage(missing + " does not exist");
            assertThatThrownBy(() -> store.createBudget(budget("b1", missing, BudgetPeriod.DAY, "1")))
                    .isInstanceOf(TenancyConflictException.class).hasMessage(missing + " does not exist");
        }
        assertThat(store.allLimits()).isEmpty();
        assertThat(store.budgets(Optional.empty(), PageRequest.FIRST).items()).isEmpty();
    }

    // --- Budgets

    @Test
    void budgetsAreCreatedReadUpdatedListedAndDeletedWithExactAmounts() {
        tenancyWithTwoTeams();
        Scope member = new Scope(ScopeKind.MEMBER, "m1");
        Budget daily = store.createBudget(budget("b1", TEAM_A, BudgetPeriod.DAY, "10.50"));
        Budget tiny = store.createBudget(new Budget("b2", TEAM_A, BudgetPeriod.MONTH, new BigDecimal("0.0000000001"),
                OptionalInt.empty()));
        Budget large = store.createBudget(budget("b3", member, BudgetPeriod.TOTAL, "99999999999999.9999999999"));
        Budget round = store.createBudget(budget("b4", member, BudgetPeriod.DAY, "1E+3"));

        assertThat(daily.amount()).isEqualTo(new BigDecimal("10.5"));
        assertThat(round.amount()).isEqualTo(new BigDecimal("1000"));
        assertThat(store.budget("b1")).contains(daily);
        assertThat(store.budget("b2")).contains(tiny);
        assertThat(tiny.amount()).isEqualTo(new BigDecimal("0.0000000001"));
        assertThat(store.budget("b3").orElseThrow().amount()).isEqualTo(new BigDecimal("99999999999999.9999999999"));
        assertThat(store.budgets(Optional.of(TEAM_A), PageRequest.FIRST).items()).containsExactly(daily, tiny);
        assertThat(allPages(page -> store.budgets(Optional.empty(), page), Budget::id, 3))
                .containsExactly(List.of("b1", "b2", "b3"), List.of("b4"));

        Budget moved = new Budget("b1", member, BudgetPeriod.MONTH, new BigDecimal("0.25"), OptionalInt.of(50));
        assertThat(store.updateBudget(moved)).contains(moved);
        assertThat(store.budgets(Optional.of(member), PageRequest.FIRST).items()).extracting(Budget::id)
                .containsExactly("b1", "b3", "b4");
        assertThat(store.deleteBudget("b1")).isTrue();
        assertThat(store.deleteBudget("b1")).isFalse();
        assertThat(store.budget("b1")).isEmpty();
        assertThat(store.updateBudget(moved)).isEmpty();
    }

    @Test
    void aScopeHasOneBudgetPerPeriodAndAmountsHaveAtMostTenDecimals() {
        tenancyWithTwoTeams();
        store.createBudget(budget("b1", TEAM_A, BudgetPeriod.DAY, "10"));
        store.createBudget(budget("b2", TEAM_A, BudgetPeriod.MONTH, "100"));

        assertThatThrownBy(() -> store.createBudget(budget("b3", TEAM_A, BudgetPeriod.DAY, "20")))
                .isInstanceOf(TenancyConflictException.class).hasMessage("team team-a already has a day budget");
        assertThatThrownBy(() -> store.createBudget(budget("b1", TEAM_A, BudgetPeriod.TOTAL, "20")))
                .isInstanceOf(TenancyConflictException.class).hasMessage("budget b1 already exists");
        assertThatThrownBy(() -> store.updateBudget(budget("b2", TEAM_A, BudgetPeriod.DAY, "20")))
                .isInstanceOf(TenancyConflictException.class).hasMessage("team team-a already has a day budget");
        assertThatThrownBy(() -> store.createBudget(budget("b4", TEAM_A, BudgetPeriod.TOTAL, "0.00000000001")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.createBudget(budget("b4", TEAM_A, BudgetPeriod.TOTAL, "100000000000000")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.budget("b2").orElseThrow().period()).isEqualTo(BudgetPeriod.MONTH);
    }

    @Test
    void deletingATeamProjectOrMemberDeletesItsLimitsAndBudgets() {
        tenancyWithTwoTeams();
        Scope team = new Scope(ScopeKind.TEAM, "team-b");
        Scope project = new Scope(ScopeKind.PROJECT, "p3");
        Scope member = new Scope(ScopeKind.MEMBER, "m3");
        store.createMember(member("m3"));
        for (Scope scope : List.of(team, project, member, TEAM_A)) {
            store.putLimits(new Limits(scope, OptionalInt.of(1), OptionalLong.empty(), OptionalInt.empty()));
            store.createBudget(budget("b-" + scope.id(), scope, BudgetPeriod.DAY, "1"));
        }

        store.deleteProject("p2");
        store.deleteMembership("team-b", "m1");
        assertThat(store.deleteTeam("team-b")).isTrue();
        assertThat(store.deleteProject("p3")).isTrue();
        assertThat(store.deleteMember("m3")).isTrue();

        assertThat(store.allLimits()).extracting(Limits::scope).containsExactly(TEAM_A);
        assertThat(store.budgets(Optional.empty(), PageRequest.FIRST).items()).extracting(Budget::scope)
                .containsExactly(TEAM_A);
    }

    // --- Spend

    @Test
    void spentSumsTheExactCostOfTheScopesPricedRowsSinceTheStartOfTheWindow() {
        Attribution otherTeam = new Attribution(Optional.of("key-9"), Optional.of("member-1"),
                Optional.of("project-9"), Optional.of("team-2"));
        Instant day = Instant.parse("2025-03-01T00:00:00Z");
        repository.insertBatch(List.of(
                TestRows.priced("before-window", day.minusNanos(1_000), "5", TestRows.PERSONAL),
                TestRows.priced("at-start", day, "0.1", TestRows.PERSONAL),
                TestRows.priced("later", day.plusSeconds(3600), "0.2", TestRows.PERSONAL),
                TestRows.priced("service", day.plusSeconds(60), "0.0000000001", TestRows.SERVICE),
                TestRows.priced("other-team", day.plusSeconds(60), "1000", otherTeam),
                TestRows.priced("configured-key", day.plusSeconds(60), "7", Attribution.NONE),
                TestRows.row("unpriced", day.plusSeconds(60), "local-model").withAttribution(TestRows.PERSONAL)));

        assertThat(store.spent(new Scope(ScopeKind.TEAM, "team-1"), day)).isEqualByComparingTo("0.3000000001");
        assertThat(store.spent(new Scope(ScopeKind.TEAM, "team-1"), Instant.EPOCH))
                .isEqualByComparingTo("5.3000000001");
        assertThat(store.spent(new Scope(ScopeKind.PROJECT, "project-1"), day)).isEqualByComparingTo("0.3");
        assertThat(store.spent(new Scope(ScopeKind.KEY, "key-2"), day)).isEqualByComparingTo("0.0000000001");
        assertThat(store.spent(new Scope(ScopeKind.MEMBER, "member-1"), day)).isEqualByComparingTo("1000.3");
        assertThat(store.spent(new Scope(ScopeKind.TEAM, "team-1"), day.plusSeconds(3600)))
                .isEqualByComparingTo("0.2");
        assertThat(store.spent(new Scope(ScopeKind.TEAM, "team-1"), day.plusSeconds(3601))).isZero();
        assertThat(store.spent(new Scope(ScopeKind.TEAM, "nobody"), Instant.EPOCH)).isEqualTo(BigDecimal.ZERO);
    }

    @Test
    void manySmallCostsAddUpWithoutLosingACent() {
        List<dev.parley.core.usage.UsageRecord> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(TestRows.priced("r" + i, T0.plusSeconds(i), "0.0000001234", TestRows.PERSONAL));
        }
        repository.insertBatch(rows);

        assertThat(store.spent(new Scope(ScopeKind.KEY, "key-1"), Instant.EPOCH))
                .isEqualByComparingTo("0.0001234");
    }

    // --- Snapshot

    @Test
    void theSnapshotHoldsEverythingButKeysThatNoLongerAuthenticate() {
        tenancyWithTwoTeams();
        Instant now = T0.plus(Duration.ofDays(1));
        KeyRecord active = store.createKey(key("k1", "p1", "team-a", "m1"));
        KeyRecord service = store.createKey(Tenants.serviceKey("k2", "p2", "team-b"));
        KeyRecord overlapping = store.createKey(Tenants.expiring(key("k3", "p1", "team-a", "m1"),
                now.plusSeconds(60)));
        store.createKey(Tenants.revoked(key("k4", "p1", "team-a", "m1"), now.minusSeconds(1)));
        store.createKey(Tenants.expiring(key("k5", "p1", "team-a", "m1"), now));
        Limits limits = store.putLimits(new Limits(TEAM_A, OptionalInt.of(10), OptionalLong.empty(),
                OptionalInt.empty()));
        Budget budget = store.createBudget(budget("b1", TEAM_A, BudgetPeriod.MONTH, "25"));

        TenancySnapshot snapshot = store.snapshot(now);

        assertThat(snapshot.keyCount()).isEqualTo(3);
        assertThat(snapshot.keyByHash("hash-of-k1")).contains(active);
        assertThat(snapshot.keyByHash("hash-of-k2")).contains(service);
        assertThat(snapshot.keyByHash("hash-of-k3")).contains(overlapping);
        assertThat(snapshot.keyByHash("hash-of-k4")).isEmpty();
        assertThat(snapshot.keyByHash("hash-of-k5")).isEmpty();
        assertThat(snapshot.team("team-a")).isEqualTo(store.team("team-a"));
        assertThat(snapshot.team("team-b")).isPresent();
        assertThat(snapshot.project("p3")).isEqualTo(store.project("p3"));
        assertThat(snapshot.member("m2")).isEqualTo(store.member("m2"));
        assertThat(snapshot.memberships("m1")).containsExactlyInAnyOrderElementsOf(store.memberships("m1"));
        assertThat(snapshot.limits(TEAM_A)).contains(limits);
        assertThat(snapshot.budgets(TEAM_A)).containsExactly(budget);
        assertThat(store.snapshot(now.plusSeconds(60)).keyByHash("hash-of-k3")).isEmpty();
    }

    @Test
    void anEmptyStoreHasAnEmptySnapshot() {
        TenancySnapshot snapshot = store.snapshot(T0);

        assertThat(snapshot.keyCount()).isZero();
        assertThat(snapshot.team("team-a")).isEmpty();
    }

    // --- Helpers

    /** team-a (projects p1, p3; members m1 admin, m2) and team-b (project p2; member m1). */
    private void tenancyWithTwoTeams() {
        store.createTeam(team("team-a"));
        store.createTeam(team("team-b"));
        store.createProject(project("p1", "team-a"));
        store.createProject(project("p2", "team-b"));
        store.createProject(project("p3", "team-a"));
        store.createMember(member("m1"));
        store.createMember(member("m2"));
        store.putMembership(new Membership("team-a", "m1", Role.ADMIN));
        store.putMembership(new Membership("team-a", "m2", Role.MEMBER));
        store.putMembership(new Membership("team-b", "m1", Role.MEMBER));
    }

    private List<String> keyIds(Optional<String> team, Optional<String> project, Optional<String> member,
                                boolean inactive, Instant now) {
        return store.keys(new KeyFilter(team, project, member, inactive), PageRequest.FIRST, now).items().stream()
                .map(KeyRecord::id).toList();
    }

    /** The ids of every page, following each page's cursor to the end. */
    private static <T> List<List<String>> allPages(Function<PageRequest, Page<T>> list, Function<T, String> id,
                                                   int size) {
        List<List<String>> pages = new ArrayList<>();
        Optional<String> after = Optional.empty();
        do {
            Page<T> page = list.apply(new PageRequest(size, after));
            pages.add(page.items().stream().map(id).toList());
            after = page.next();
        } while (after.isPresent());
        return pages;
    }
}
