package dev.parley.core.tenancy;

import dev.parley.core.pricing.Markup;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The tenancy data the request path reads, indexed and immutable: swapped whole after each admin change, so that a
 * revoked key is refused from the next request on and no request sees half a change.
 */
public final class TenancySnapshot {

    public static final TenancySnapshot EMPTY = new TenancySnapshot(List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of());

    private final Map<String, Team> teams;
    private final Map<String, Project> projects;
    private final Map<String, Member> members;
    private final Map<String, List<Membership>> membershipsByMember;
    private final Map<String, KeyRecord> keysByHash;
    private final Map<String, KeyRecord> keysById;
    private final Map<Scope, Limits> limits;
    private final Map<Scope, List<Budget>> budgets;
    private final Map<Scope, Markup> markups;

    public TenancySnapshot(Collection<Team> teams, Collection<Project> projects, Collection<Member> members,
                           Collection<Membership> memberships, Collection<KeyRecord> keys,
                           Collection<Limits> limits, Collection<Budget> budgets, Collection<MarkupRule> markups) {
        this.teams = index(teams, Team::id);
        this.projects = index(projects, Project::id);
        this.members = index(members, Member::id);
        this.membershipsByMember = Map.copyOf(memberships.stream()
                .collect(Collectors.groupingBy(Membership::memberId, Collectors.toUnmodifiableList())));
        this.keysByHash = index(keys, KeyRecord::hash);
        this.keysById = index(keys, KeyRecord::id);
        this.limits = index(limits, Limits::scope);
        this.budgets = Map.copyOf(budgets.stream()
                .collect(Collectors.groupingBy(Budget::scope, Collectors.toUnmodifiableList())));
        this.markups = Map.copyOf(markups.stream().collect(Collectors.toMap(MarkupRule::scope, MarkupRule::markup)));
    }

    private static <K, V> Map<K, V> index(Collection<V> values, Function<V, K> key) {
        Map<K, V> map = new HashMap<>();
        for (V value : values) {
            map.put(key.apply(value), value);
        }
        return Map.copyOf(map);
    }

    public Optional<KeyRecord> keyByHash(String hash) {
        return Optional.ofNullable(keysByHash.get(hash));
    }

    /** The key with this id, if it is active in this snapshot: what admission reads the key's rules from. */
    public Optional<KeyRecord> key(String id) {
        return Optional.ofNullable(keysById.get(id));
    }

    public Optional<Team> team(String id) {
        return Optional.ofNullable(teams.get(id));
    }

    public Optional<Project> project(String id) {
        return Optional.ofNullable(projects.get(id));
    }

    public Optional<Member> member(String id) {
        return Optional.ofNullable(members.get(id));
    }

    public List<Membership> memberships(String memberId) {
        return membershipsByMember.getOrDefault(memberId, List.of());
    }

    public Optional<Limits> limits(Scope scope) {
        return Optional.ofNullable(limits.get(scope));
    }

    public List<Budget> budgets(Scope scope) {
        return budgets.getOrDefault(scope, List.of());
    }

    /**
     * The markup of the requests {@code who} makes: its key's, else its project's, else its team's; empty when none
     * is set (the configuration's {@code markup_percent} applies).
     */
    public Optional<Markup> markup(Attribution who) {
        for (ScopeKind kind : List.of(ScopeKind.KEY, ScopeKind.PROJECT, ScopeKind.TEAM)) {
            Optional<Markup> set = who.id(kind).map(id -> markups.get(new Scope(kind, id)));
            if (set.isPresent()) {
                return set;
            }
        }
        return Optional.empty();
    }

    public int keyCount() {
        return keysByHash.size();
    }
}
