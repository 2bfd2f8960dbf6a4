package dev.parley.core.tenancy;

import dev.parley.core.auth.ModelAccess;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The access rules of a key, its project and its team taken together: a request must pass every level, so a team
 * can narrow what its projects and keys may do and no key can widen it. At each level an empty list allows all;
 * models, providers and regions are glob patterns ({@code *} matches any run of characters).
 */
public final class EffectiveAccess {

    /** Rules that allow everything: no level restricts. */
    public static final EffectiveAccess ALL = new EffectiveAccess(List.of());

    private final List<AccessRules> levels;

    private EffectiveAccess(List<AccessRules> levels) {
        this.levels = List.copyOf(levels);
    }

    /** The rules of every level that applies, in any order (typically key, project, team). */
    public static EffectiveAccess of(List<AccessRules> levels) {
        return new EffectiveAccess(levels);
    }

    public static EffectiveAccess of(AccessRules key, AccessRules project, AccessRules team) {
        return new EffectiveAccess(List.of(key, project, team));
    }

    /** The rules of {@code key} with those of its project and team as the snapshot has them. */
    public static EffectiveAccess of(KeyRecord key, TenancySnapshot snapshot) {
        return of(key.rules(), snapshot.project(key.projectId()).map(Project::rules).orElse(AccessRules.NONE),
                snapshot.team(key.teamId()).map(Team::rules).orElse(AccessRules.NONE));
    }

    public boolean allowsModel(String model) {
        return every(AccessRules::models, model);
    }

    /**
     * Whether a channel of provider {@code providerName}, tagged with {@code region} if it has one, may serve the
     * request. A level that lists regions refuses a channel without a region: data residency cannot be assumed.
     */
    public boolean allowsChannel(String providerName, Optional<String> region) {
        if (!every(AccessRules::providers, providerName)) {
            return false;
        }
        for (AccessRules level : levels) {
            if (!level.regions().isEmpty() && !region.map(r -> matchesAny(level.regions(), r)).orElse(false)) {
                return false;
            }
        }
        return true;
    }

    /** The smallest of the levels' limits on the output tokens one request may ask for, if any sets one. */
    public OptionalInt maxTokensPerRequest() {
        return levels.stream().map(AccessRules::maxTokensPerRequest).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).min();
    }

    /**
     * Whether the request and response bodies are kept: only when some level asks for it and none forbids it; a
     * level that says nothing defers to the others, so bodies are not kept by default.
     */
    public boolean logBodies() {
        return levels.stream().anyMatch(level -> level.logBodies().equals(Optional.of(true)))
                && levels.stream().noneMatch(level -> level.logBodies().equals(Optional.of(false)));
    }

    private boolean every(Function<AccessRules, List<String>> patterns, String name) {
        for (AccessRules level : levels) {
            List<String> allowed = patterns.apply(level);
            if (!allowed.isEmpty() && !matchesAny(allowed, name)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAny(List<String> patterns, String name) {
        return patterns.stream().anyMatch(pattern -> ModelAccess.matches(pattern, name));
    }
}
