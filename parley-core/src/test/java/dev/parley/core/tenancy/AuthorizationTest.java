package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The decision table of {@link Authorization}, written out cell by cell: every principal kind × every action × every
 * kind of target, own team and other team, own key and another's (a member's, a service key, an admin's, the
 * owner's). A cell lists the actions allowed: R read,
 * W write, C create key, V revoke key, T rotate key, G change role; {@code -} none.
 */
class AuthorizationTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final String A = "team_a";
    private static final String B = "team_b";

    /** The principals, in the order of the table's columns. */
    private static final Map<String, Principal> PRINCIPALS = new LinkedHashMap<>();

    static {
        PRINCIPALS.put("MASTER", new Principal.MasterKey());
        PRINCIPALS.put("OWNER", person("mem_owner", Role.OWNER));
        PRINCIPALS.put("ADMIN", person("mem_admin", Role.ADMIN));
        PRINCIPALS.put("VIEWER", person("mem_viewer", Role.VIEWER));
        PRINCIPALS.put("A_ADMIN", person("mem_a_admin", Role.MEMBER, new Membership(A, "mem_a_admin", Role.ADMIN)));
        PRINCIPALS.put("A_VIEWER", person("mem_a_viewer", Role.MEMBER, new Membership(A, "mem_a_viewer", Role.VIEWER)));
        PRINCIPALS.put("A_MEMBER", person("mem_a_member", Role.MEMBER, new Membership(A, "mem_a_member", Role.MEMBER)));
        PRINCIPALS.put("OUTSIDER", person("mem_out", Role.MEMBER));
        // An organization viewer who administers team A: reads everything, writes through the team role only.
        PRINCIPALS.put("VIEW_AADM", person("mem_va", Role.VIEWER, new Membership(A, "mem_va", Role.ADMIN)));
    }

    private static final Target.Team TEAM_A = new Target.Team(A);
    private static final Target.Team TEAM_B = new Target.Team(B);
    private static final Target.Project PROJECT_A = new Target.Project("proj_a", A);
    private static final Target.Project PROJECT_B = new Target.Project("proj_b", B);
    private static final Target.Member MEMBER_A = new Target.Member("mem_a_member", Role.MEMBER, Set.of(A));
    private static final Target.Member MEMBER_B = new Target.Member("mem_b", Role.MEMBER, Set.of(B));
    private static final Target.Key KEY_A_MINE = key("key_1", A, MEMBER_A);
    private static final Target.Key KEY_A_VIEWERS = key("key_2", A,
            new Target.Member("mem_a_viewer", Role.MEMBER, Set.of(A)));
    private static final Target.Key KEY_A_SERVICE = new Target.Key("key_3", A, "proj_a", Optional.empty());
    /** The key of a member who has since left team A. */
    private static final Target.Key KEY_A_LEFT = key("key_4", A, new Target.Member("mem_out", Role.MEMBER, Set.of()));
    private static final Target.Key KEY_B = key("key_5", B, MEMBER_B);
    /** Keys in team A of the team's admin, of the organization's admin and of its owner. */
    private static final Target.Key KEY_A_TEAM_ADMIN = key("key_6", A,
            new Target.Member("mem_a_admin", Role.MEMBER, Set.of(A)));
    private static final Target.Key KEY_A_ORG_ADMIN = key("key_7", A, new Target.Member("mem_admin", Role.ADMIN,
            Set.of(A)));
    private static final Target.Key KEY_A_OWNER = key("key_8", A, new Target.Member("mem_owner", Role.OWNER, Set.of()));

    //                                       MASTER OWNER  ADMIN  VIEWER A_ADMIN A_VIEWER A_MEMBER OUTSIDER VIEW_AADM
    private static final String THINGS = """
            org:teams                        RW     RW     RW     R      -       -        -        -        R
            org:audit                        R      R      R      -      -       -        -        -        -
            org:channels                     R      R      R      R      -       -        -        -        R
            org:queue                        R      R      R      R      -       -        -        -        R
            org:alerts                       R      R      R      R      -       -        -        -        R
            org:catalog                      RW     RW     RW     R      -       -        -        -        R
            team:A                           RW     RW     RW     R      RW      R        R        -        RW
            team:B                           RW     RW     RW     R      -       -        -        -        R
            project:A                        RW     RW     RW     R      RW      R        R        -        RW
            project:B                        RW     RW     RW     R      -       -        -        -        R
            member:A                         RWG    RWG    RWG    R      R       R        R        -        R
            member:B                         RWG    RWG    RWG    R      -       -        -        -        R
            member:admin                     RWG    RWG    R      R      -       -        -        -        R
            member:owner                     RWG    RWG    R      R      -       -        -        -        R
            membership:A                     RW     RW     RW     R      RW      R        R        -        RW
            membership:B                     RW     RW     RW     R      -       -        -        -        R
            key:A-mine                       RWCVT  RWCVT  RWCVT  R      RWV     R        RCVT     -        RWV
            key:A-viewers                    RWCVT  RWCVT  RWCVT  R      RWV     RV       -        -        RWV
            key:A-service                    RWCVT  RWCVT  RWCVT  R      RWCVT   R        -        -        RWCVT
            key:A-left                       RWCVT  RWCVT  RWCVT  R      RWV     R        -        RV       RWV
            key:A-team-admin                 RWCVT  RWCVT  RWCVT  R      RWCVT   R        -        -        RWV
            key:A-org-admin                  RWCVT  RWCVT  RWCVT  R      RWV     R        -        -        RWV
            key:A-owner                      RWCVT  RWCVT  RWV    R      RWV     R        -        -        RWV
            key:B                            RWCVT  RWCVT  RWCVT  R      -       -        -        -        R
            """;

    /** Rules, limits and budgets of a scope are decided alike (a member has no rules of its own). */
    //                                       MASTER OWNER  ADMIN  VIEWER A_ADMIN A_VIEWER A_MEMBER OUTSIDER VIEW_AADM
    private static final String SETTINGS = """
            team:A                           RW     RW     RW     R      R       R        -        -        R
            team:B                           RW     RW     RW     R      -       -        -        -        R
            project:A                        RW     RW     RW     R      RW      R        -        -        RW
            project:B                        RW     RW     RW     R      -       -        -        -        R
            key:A-mine                       RW     RW     RW     R      RW      R        R        -        RW
            key:A-service                    RW     RW     RW     R      RW      R        -        -        RW
            key:A-left                       RW     RW     RW     R      RW      R        -        R        RW
            key:B                            RW     RW     RW     R      -       -        -        -        R
            member:A                         RW     RW     RW     R      -       -        R        -        R
            member:B                         RW     RW     RW     R      -       -        -        -        R
            """;

    //                                       MASTER OWNER  ADMIN  VIEWER A_ADMIN A_VIEWER A_MEMBER OUTSIDER VIEW_AADM
    private static final String MARKUPS = """
            team:A                           RW     RW     RW     R      R       R        -        -        R
            team:B                           RW     RW     RW     R      -       -        -        -        R
            project:A                        RW     RW     RW     R      R       R        -        -        R
            project:B                        RW     RW     RW     R      -       -        -        -        R
            key:A-mine                       RW     RW     RW     R      R       R        R        -        R
            key:A-service                    RW     RW     RW     R      R       R        -        -        R
            key:A-left                       RW     RW     RW     R      R       R        -        R        R
            key:B                            RW     RW     RW     R      -       -        -        -        R
            """;

    //                                       MASTER OWNER  ADMIN  VIEWER A_ADMIN A_VIEWER A_MEMBER OUTSIDER VIEW_AADM
    private static final String USAGE = """
            team:A                           R      R      R      R      R       R        -        -        R
            team:B                           R      R      R      R      -       -        -        -        R
            project:A                        R      R      R      R      R       R        -        -        R
            key:A-mine                       R      R      R      R      R       R        R        -        R
            key:A-left                       R      R      R      R      R       R        -        R        R
            key:B                            R      R      R      R      -       -        -        -        R
            member:A                         R      R      R      R      -       -        R        -        R
            member:B                         R      R      R      R      -       -        -        -        R
            """;

    /** Prepaid accounts: only the organization's owner and admins open them and place orders. */
    //                                       MASTER OWNER  ADMIN  VIEWER A_ADMIN A_VIEWER A_MEMBER OUTSIDER VIEW_AADM
    private static final String ACCOUNTS = """
            team:A                           RW     RW     RW     R      R       R        -        -        R
            team:B                           RW     RW     RW     R      -       -        -        -        R
            member:A                         RW     RW     RW     R      -       -        R        -        R
            member:B                         RW     RW     RW     R      -       -        -        -        R
            """;

    /** Dead letters of team A's key, of team B's, and of a configured key (the organization's). */
    private static final String DEAD_LETTERS = """
            team:A                           RW     RW     RW     R      RW      R        -        -        RW
            team:B                           RW     RW     RW     R      -       -        -        -        R
            none                             RW     RW     RW     R      -       -        -        -        R
            """;

    private static final Map<String, Target> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put("org:teams", new Target.Org(Target.OrgResource.TEAMS));
        NAMED.put("org:audit", new Target.Org(Target.OrgResource.AUDIT));
        NAMED.put("org:channels", new Target.Org(Target.OrgResource.CHANNELS));
        NAMED.put("org:queue", new Target.Org(Target.OrgResource.QUEUE));
        NAMED.put("org:alerts", new Target.Org(Target.OrgResource.ALERTS));
        NAMED.put("org:catalog", new Target.Org(Target.OrgResource.CATALOG));
        NAMED.put("team:A", TEAM_A);
        NAMED.put("team:B", TEAM_B);
        NAMED.put("project:A", PROJECT_A);
        NAMED.put("project:B", PROJECT_B);
        NAMED.put("member:A", MEMBER_A);
        NAMED.put("member:B", MEMBER_B);
        NAMED.put("member:admin", new Target.Member("mem_admin", Role.ADMIN, Set.of()));
        NAMED.put("member:owner", new Target.Member("mem_owner", Role.OWNER, Set.of()));
        NAMED.put("membership:A", new Target.Membership(A, "mem_a_member"));
        NAMED.put("membership:B", new Target.Membership(B, "mem_b"));
        NAMED.put("key:A-mine", KEY_A_MINE);
        NAMED.put("key:A-viewers", KEY_A_VIEWERS);
        NAMED.put("key:A-service", KEY_A_SERVICE);
        NAMED.put("key:A-left", KEY_A_LEFT);
        NAMED.put("key:A-team-admin", KEY_A_TEAM_ADMIN);
        NAMED.put("key:A-org-admin", KEY_A_ORG_ADMIN);
        NAMED.put("key:A-owner", KEY_A_OWNER);
        NAMED.put("key:B", KEY_B);
    }

    private static final Map<Character, Action> LETTERS = Map.of('R', Action.READ, 'W', Action.WRITE,
            'C', Action.CREATE_KEY, 'V', Action.REVOKE_KEY, 'T', Action.ROTATE_KEY, 'G', Action.CHANGE_ROLE);

    @Test
    void teamsProjectsMembersMembershipsKeysAndTheOrganization() {
        assertTable(THINGS, NAMED::get);
    }

    @Test
    void rulesOfTeamsProjectsAndKeys() {
        assertTable(SETTINGS, name -> name.startsWith("member:") ? null
                : new Target.Rules((Target.Ruled) NAMED.get(name)));
    }

    @Test
    void limitsOfEveryScope() {
        assertTable(SETTINGS, name -> new Target.Limits((Target.Scoped) NAMED.get(name)));
    }

    @Test
    void budgetsOfEveryScope() {
        assertTable(SETTINGS, name -> new Target.Budget((Target.Scoped) NAMED.get(name)));
    }

    @Test
    void markupsAreSetByOrganizationAdminsOnly() {
        assertTable(MARKUPS, name -> new Target.Markup((Target.Scoped) NAMED.get(name)));
    }

    @Test
    void usageOfEveryScope() {
        assertTable(USAGE, name -> new Target.Usage((Target.Scoped) NAMED.get(name)));
    }

    @Test
    void accountsAreReadByTheirTeamsReadersAndTheirMemberAndWrittenByTheOrganization() {
        assertTable(ACCOUNTS, name -> new Target.Account((Target.Scoped) NAMED.get(name)));
    }

    @Test
    void deadLetters() {
        assertTable(DEAD_LETTERS, name -> new Target.DeadLetter(switch (name) {
            case "team:A" -> Optional.of(A);
            case "team:B" -> Optional.of(B);
            default -> Optional.empty();
        }));
    }

    @Test
    void everyTargetOfTheTablesIsDecidedWithAReason() {
        for (Principal principal : PRINCIPALS.values()) {
            for (Target target : NAMED.values()) {
                for (Action action : Action.values()) {
                    assertThat(Authorization.decide(principal, action, target).reason()).isNotBlank();
                }
            }
        }
    }

    @Test
    void aMemberRecordWhoseRoleChangesIsDecidedOnBothRoles() {
        Principal admin = PRINCIPALS.get("ADMIN");
        Target.Member viewer = new Target.Member("mem_x", Role.VIEWER, Set.of());
        Target.Member promoted = new Target.Member("mem_x", Role.ADMIN, Set.of());

        assertThat(Authorization.allows(admin, Action.CHANGE_ROLE, viewer)).isTrue();
        Decision toAdmin = Authorization.decide(admin, Action.CHANGE_ROLE, promoted);
        assertThat(toAdmin.allowed()).isFalse();
        assertThat(toAdmin.reason()).contains("only an owner");
        assertThat(Authorization.allows(PRINCIPALS.get("OWNER"), Action.CHANGE_ROLE, promoted)).isTrue();
    }

    @Test
    void actionsThatFitNoTargetAreRefusedToTheOwnerToo() {
        Principal master = PRINCIPALS.get("MASTER");
        assertThat(Authorization.decide(master, Action.WRITE, NAMED.get("org:audit")).reason()).contains("append-only");
        assertThat(Authorization.allows(master, Action.WRITE, new Target.Usage(TEAM_A))).isFalse();
        assertThat(Authorization.allows(master, Action.CREATE_KEY, PROJECT_A)).isFalse();
        assertThat(Authorization.allows(master, Action.CHANGE_ROLE, KEY_A_MINE)).isFalse();
    }

    private static void assertTable(String table, java.util.function.Function<String, Target> targets) {
        List<String> wrong = new ArrayList<>();
        List<String> principals = List.copyOf(PRINCIPALS.keySet());
        int cells = 0;
        for (String line : table.strip().split("\n")) {
            String[] columns = line.strip().split("\\s+");
            assertThat(columns).as(line).hasSize(principals.size() + 1);
            Target target = targets.apply(columns[0]);
            if (target == null) {
                continue;
            }
            for (int p = 0; p < principals.size(); p++) {
                String allowed = columns[p + 1];
                for (Map.Entry<Character, Action> letter : LETTERS.entrySet()) {
                    Decision decision = Authorization.decide(PRINCIPALS.get(principals.get(p)), letter.getValue(),
                            target);
                    boolean expected = allowed.indexOf(letter.getKey()) >= 0;
                    cells++;
                    if (decision.allowed() != expected) {
                        wrong.add("%s %s %s: expected %s, got %s (%s)".formatted(principals.get(p), letter.getValue(),
                                columns[0], expected ? "allowed" : "denied", decision.allowed() ? "allowed" : "denied",
                                decision.reason()));
                    }
                }
            }
        }
        assertThat(cells).isPositive();
        assertThat(wrong).as("cells that differ from the table").isEmpty();
    }

    private static Target.Key key(String id, String team, Target.Member holder) {
        return new Target.Key(id, team, "proj_" + team, Optional.of(holder));
    }

    private static Principal.MemberKey person(String id, Role role, Membership... memberships) {
        return new Principal.MemberKey(new Member(id, id + "@example.com", id, role, T0), List.of(memberships),
                "key_of_" + id);
    }
}
