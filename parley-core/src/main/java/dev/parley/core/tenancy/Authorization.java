package dev.parley.core.tenancy;

import dev.parley.core.usage.UsageReach;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place that decides whether a principal may do an action to a target. Nothing else in Parley answers that
 * question; the admin API asks here for every read (lists are filtered item by item) and every write.
 *
 * <p>The rules:
 * <ul>
 *   <li>The master key and an organization <b>owner</b> may do everything.</li>
 *   <li>An organization <b>admin</b> may do everything, except making or changing an owner or an admin (a member
 *       whose role is, or would become, owner or admin), or making or rotating another owner's or admin's key: only
 *       an owner may.</li>
 *   <li>An organization <b>viewer</b> reads everything except the audit log; anything else only through their
 *       team roles.</li>
 *   <li>A team <b>admin</b> reads and writes their team (its name), its projects, its memberships, its keys, and the
 *       rules, limits and budgets of its projects and keys; makes and rotates the team's service keys and their own
 *       keys, but not other members' keys (a member's key acts as that member on the admin API, and that member may
 *       be an admin elsewhere: whoever holds the key's text acts with their rights), though they change and revoke
 *       them. A team admin reads the members of their team and the team's own rules, limits and budgets, but does
 *       not write those: the team's own envelope is the organization's to set, or a team admin could lift the cap
 *       they are meant to work within. Making or deleting a team is the organization's too.</li>
 *   <li>A team <b>viewer</b> reads what a team admin reads, and writes nothing.</li>
 *   <li>Every <b>member</b> reads their own member record and memberships, and the teams and projects they belong
 *       to; reads, makes (in the projects of teams where they are a member or admin, not a viewer), rotates and
 *       revokes their own keys; and reads their own keys' and their own member record's rules, limits, budgets and
 *       usage. A member may always revoke their own key, even after leaving its team.</li>
 *   <li>A member's own limits and budgets span their teams, so only organization admins set them.</li>
 *   <li>Prepaid accounts: only organization owners and admins open them and place orders (top-ups and
 *       adjustments); a team's admins and viewers read the team's account, and a member reads their own.</li>
 *   <li>Providers and models (the catalog) serve every team, so only organization owners and admins change them;
 *       organization viewers read them. They hold provider keys, shown only masked.</li>
 *   <li>Some actions fit no target and are refused to everyone, the owner too: the audit log is append-only,
 *       channels, the queue and alerts are read only, usage is written by requests, key actions apply to keys and a role
 *       change to members.</li>
 * </ul>
 */
public final class Authorization {

    private Authorization() {
    }

    public static Decision decide(Principal principal, Action action, Target target) {
        Optional<String> misfit = misfit(action, target);
        if (misfit.isPresent()) {
            return Decision.deny(misfit.get());
        }
        return switch (principal) {
            case Principal.MasterKey master -> Decision.allow("the master key is the organization's owner");
            case Principal.MemberKey member -> switch (member.orgRole()) {
                case OWNER -> Decision.allow("an organization owner may do everything");
                case ADMIN -> orgAdmin(member, action, target);
                case VIEWER -> action == Action.READ && !(target instanceof Target.Org org
                        && org.resource() == Target.OrgResource.AUDIT)
                        ? Decision.allow("an organization viewer reads everything but the audit log")
                        : inTeams(member, action, target);
                case MEMBER -> inTeams(member, action, target);
            };
        };
    }

    /**
     * Which usage rows a principal may see in reports and exports, by the rule {@link #decide} applies to a
     * {@link Target.Usage}: the organization's owners, admins and viewers everything; anyone else the usage of the
     * teams they administer or view, and their own.
     */
    public static UsageReach usageReach(Principal principal) {
        return switch (principal) {
            case Principal.MasterKey master -> UsageReach.EVERYTHING;
            case Principal.MemberKey member -> switch (member.orgRole()) {
                case OWNER, ADMIN, VIEWER -> UsageReach.EVERYTHING;
                case MEMBER -> new UsageReach.Limited(readTeams(member), member.memberId());
            };
        };
    }

    private static Set<String> readTeams(Principal.MemberKey member) {
        return member.memberships().stream().filter(m -> readsTeam(m.role())).map(Membership::teamId)
                .collect(Collectors.toSet());
    }

    /** Convenience for callers that only need the answer. */
    public static boolean allows(Principal principal, Action action, Target target) {
        return decide(principal, action, target).allowed();
    }

    /** Why an action cannot apply to a target at all, whoever asks. */
    private static Optional<String> misfit(Action action, Target target) {
        return switch (action) {
            case READ -> Optional.empty();
            case WRITE -> switch (target) {
                case Target.Org org -> switch (org.resource()) {
                    case TEAMS, CATALOG -> Optional.empty();
                    case AUDIT -> Optional.of("the audit log is append-only");
                    case CHANNELS, QUEUE, ALERTS -> Optional.of("channels, the queue and alerts follow the configuration"
                            + " and the traffic; they are read only");
                };
                case Target.Usage usage -> Optional.of("usage is written by requests, not by administrators");
                case Target.Team t -> Optional.empty();
                case Target.Project p -> Optional.empty();
                case Target.Member m -> Optional.empty();
                case Target.Membership m -> Optional.empty();
                case Target.Key k -> Optional.empty();
                case Target.Rules r -> Optional.empty();
                case Target.Limits l -> Optional.empty();
                case Target.Budget b -> Optional.empty();
                case Target.Markup m -> Optional.empty();
                case Target.Account a -> Optional.empty();
                case Target.DeadLetter d -> Optional.empty();
            };
            case CREATE_KEY, REVOKE_KEY, ROTATE_KEY -> target instanceof Target.Key
                    ? Optional.empty() : Optional.of("key actions apply to keys");
            case CHANGE_ROLE -> target instanceof Target.Member
                    ? Optional.empty() : Optional.of("a role change applies to members");
        };
    }

    private static Decision orgAdmin(Principal.MemberKey admin, Action action, Target target) {
        boolean touchesRole = action == Action.WRITE || action == Action.CHANGE_ROLE;
        if (touchesRole && target instanceof Target.Member member && outranksAMember(member)) {
            return Decision.deny("only an owner may make or change owners and admins");
        }
        boolean issues = action == Action.CREATE_KEY || action == Action.ROTATE_KEY;
        if (issues && target instanceof Target.Key key && key.holder()
                .filter(h -> !h.memberId().equals(admin.memberId()) && outranksAMember(h)).isPresent()) {
            return Decision.deny("only an owner makes keys for other owners and admins: a key acts as its member");
        }
        return Decision.allow("an organization admin administers everything");
    }

    private static boolean outranksAMember(Target.Member member) {
        return member.orgRole() == Role.OWNER || member.orgRole() == Role.ADMIN;
    }

    /** A member without an organization-wide right: what their team roles and their own things allow. */
    private static Decision inTeams(Principal.MemberKey member, Action action, Target target) {
        return switch (target) {
            case Target.Org org -> Decision.deny(switch (org.resource()) {
                case AUDIT -> "only organization owners and admins read the audit log";
                case TEAMS -> "only organization admins make and delete teams";
                case CATALOG -> "only organization admins change providers and models, and viewers read them";
                case CHANNELS, QUEUE, ALERTS -> "only organization admins and viewers see channels, the queue and"
                        + " alerts";
            });
            case Target.Team team -> action == Action.READ
                    ? belongs(member, team.teamId(), "a member of the team reads it")
                    : teamAdmin(member, team.teamId(), "a team admin administers their team");
            case Target.Project project -> action == Action.READ
                    ? belongs(member, project.teamId(), "a member of the team reads its projects")
                    : teamAdmin(member, project.teamId(), "a team admin administers the team's projects");
            case Target.Member other -> memberRecord(member, action, other);
            case Target.Membership membership -> action == Action.READ
                    ? own(member, membership.memberId(), "a member reads their own memberships")
                            .or(() -> teamReader(member, membership.teamId(), "team admins and viewers read the team's"
                                    + " memberships"))
                            .orElse(Decision.deny("only the member and the team's admins and viewers read a membership"))
                    : teamAdmin(member, membership.teamId(), "a team admin manages the team's memberships");
            case Target.Key key -> key(member, action, key);
            case Target.Rules rules -> settings(member, action, rules.scope(), "rules");
            case Target.Limits limits -> settings(member, action, limits.scope(), "limits");
            case Target.Budget budget -> settings(member, action, budget.scope(), "budgets");
            case Target.Markup markup -> action == Action.READ ? readable(member, markup.scope(), "markup")
                    : Decision.deny("a markup is a price: only organization admins set it");
            case Target.Usage usage -> readable(member, usage.scope(), "usage");
            case Target.Account account -> action == Action.READ ? readable(member, account.scope(), "balance")
                    : Decision.deny("only organization owners and admins open accounts and place orders: credit is the"
                            + " organization's to give");
            case Target.DeadLetter letter -> letter.teamId().map(team -> action == Action.READ
                    ? teamReader(member, team, "team admins and viewers read the team's dead letters")
                            .orElse(Decision.deny("only the team's admins and viewers read its dead letters"))
                    : teamAdmin(member, team, "a team admin replays and discards the team's dead letters"))
                    .orElse(Decision.deny("dead letters of keys from the configuration are the organization's"));
        };
    }

    private static Decision memberRecord(Principal.MemberKey member, Action action, Target.Member other) {
        return switch (action) {
            case READ -> own(member, other.memberId(), "a member reads their own record")
                    .or(() -> other.teamIds().stream()
                            .filter(team -> member.teamRole(team).filter(Authorization::readsTeam).isPresent())
                            .findFirst()
                            .map(team -> Decision.allow("team admins and viewers read the members of their team")))
                    .orElse(Decision.deny("the member is in none of the teams this member administers or views"));
            case WRITE, CHANGE_ROLE -> Decision.deny("only organization admins manage members");
            case CREATE_KEY, REVOKE_KEY, ROTATE_KEY -> Decision.deny("key actions apply to keys");
        };
    }

    private static Decision key(Principal.MemberKey member, Action action, Target.Key key) {
        boolean own = key.memberId().filter(member.memberId()::equals).isPresent();
        Optional<Role> role = member.teamRole(key.teamId());
        boolean admin = role.filter(r -> r == Role.ADMIN).isPresent();
        return switch (action) {
            case READ -> admin || role.filter(r -> r == Role.VIEWER).isPresent()
                    ? Decision.allow("team admins and viewers read the team's keys")
                    : own ? Decision.allow("a member reads their own keys")
                    : Decision.deny("not a key of this member, nor of a team they administer or view");
            case WRITE -> admin ? Decision.allow("a team admin changes the team's keys")
                    : Decision.deny("only the team's admins change a key's name, rules or expiry");
            case CREATE_KEY, ROTATE_KEY -> issue(role, own, key);
            case REVOKE_KEY -> admin ? Decision.allow("a team admin revokes the team's keys")
                    : own ? Decision.allow("a member may always revoke their own key")
                    : Decision.deny("only the key's member and the team's admins revoke it");
            case CHANGE_ROLE -> Decision.deny("a role change applies to members");
        };
    }

    /**
     * Making or rotating a key, whose text goes to the caller: a service key by the team's admins; a member's key
     * only by the member, since the key acts as its member on the admin API (organization admins are decided in
     * {@link #orgAdmin}).
     */
    private static Decision issue(Optional<Role> role, boolean own, Target.Key key) {
        if (key.holder().isEmpty()) {
            return role.filter(r -> r == Role.ADMIN).isPresent()
                    ? Decision.allow("a team admin makes the team's service keys")
                    : Decision.deny("only team admins make service keys");
        }
        if (!own) {
            return Decision.deny("a member's keys are made by the member, or by an organization admin: a key acts as"
                    + " its member");
        }
        if (role.isEmpty()) {
            return Decision.deny("a member makes keys only in the projects of their own teams");
        }
        return switch (role.get()) {
            case ADMIN, MEMBER -> Decision.allow("a member makes their own keys in their team's projects");
            case VIEWER -> Decision.deny("a team viewer reads the team; keys need the member or admin role");
            case OWNER -> throw new IllegalStateException("owner is no team role");
        };
    }

    /** Rules, limits and budgets of a scope. */
    private static Decision settings(Principal.MemberKey member, Action action, Target.Scoped scope, String what) {
        return switch (action) {
            case READ -> readable(member, scope, what);
            case WRITE -> switch (scope) {
                case Target.Team team -> Decision.deny("a team's own " + what + " are set by organization admins:"
                        + " they bound what the team's admins hand out");
                case Target.Project project -> teamAdmin(member, project.teamId(),
                        "a team admin sets the " + what + " of the team's projects");
                case Target.Key key -> teamAdmin(member, key.teamId(), "a team admin sets the " + what
                        + " of the team's keys");
                case Target.Member other -> Decision.deny("a member's own " + what + " span their teams: organization"
                        + " admins set them");
            };
            case CREATE_KEY, REVOKE_KEY, ROTATE_KEY -> Decision.deny("key actions apply to keys");
            case CHANGE_ROLE -> Decision.deny("a role change applies to members");
        };
    }

    /** Who reads the rules, limits, budgets or usage of a scope without an organization-wide right. */
    private static Decision readable(Principal.MemberKey member, Target.Scoped scope, String what) {
        return switch (scope) {
            case Target.Team team -> teamReader(member, team.teamId(), "team admins and viewers read the team's " + what)
                    .orElse(Decision.deny("only the team's admins and viewers read its " + what));
            case Target.Project project -> teamReader(member, project.teamId(), "team admins and viewers read the "
                    + what + " of the team's projects")
                    .orElse(Decision.deny("only the team's admins and viewers read its projects' " + what));
            case Target.Key key -> teamReader(member, key.teamId(), "team admins and viewers read the " + what
                    + " of the team's keys")
                    .or(() -> key.memberId().flatMap(owner -> own(member, owner, "a member reads the " + what
                            + " of their own keys")))
                    .orElse(Decision.deny("not a key of this member, nor of a team they administer or view"));
            case Target.Member other -> own(member, other.memberId(), "a member reads their own " + what)
                    .orElse(Decision.deny("a member's own " + what + " are theirs and the organization admins' to see"));
        };
    }

    private static Decision belongs(Principal.MemberKey member, String teamId, String reason) {
        return member.teamRole(teamId).isPresent() ? Decision.allow(reason)
                : Decision.deny("not a member of the team");
    }

    private static Decision teamAdmin(Principal.MemberKey member, String teamId, String reason) {
        return member.teamRole(teamId).filter(r -> r == Role.ADMIN).isPresent() ? Decision.allow(reason)
                : Decision.deny("only the team's admins (and organization admins) may");
    }

    private static Optional<Decision> teamReader(Principal.MemberKey member, String teamId, String reason) {
        return member.teamRole(teamId).filter(Authorization::readsTeam).map(r -> Decision.allow(reason));
    }

    private static Optional<Decision> own(Principal.MemberKey member, String memberId, String reason) {
        return member.memberId().equals(memberId) ? Optional.of(Decision.allow(reason)) : Optional.empty();
    }

    /** Team admins and team viewers read all of the team's things; a team member reads only the team and projects. */
    private static boolean readsTeam(Role teamRole) {
        return switch (teamRole) {
            case ADMIN, VIEWER -> true;
            case MEMBER -> false;
            case OWNER -> throw new IllegalStateException("owner is no team role");
        };
    }
}
