package dev.parley.core.usage;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which ledger rows a report or an export reads: those started in {@code [since, until)}, within {@code reach},
 * that match every filter given (an absent filter matches all). Rows of configured keys belong to no team, project,
 * member or key, so a filter on one of those leaves them out.
 */
public record UsageFilter(Instant since, Instant until, Optional<String> teamId, Optional<String> projectId,
                          Optional<String> memberId, Optional<String> keyId, Optional<String> model,
                          Optional<String> provider, UsageReach reach) {

    public UsageFilter {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(reach, "reach");
        if (!since.isBefore(until)) {
            throw new UsageQueryException("since", "must be before until (" + since + " is not before " + until + ")");
        }
    }

    /** Every row in {@code [since, until)}. */
    public static UsageFilter between(Instant since, Instant until) {
        return new UsageFilter(since, until, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), UsageReach.EVERYTHING);
    }

    public UsageFilter within(Instant from, Instant to) {
        return new UsageFilter(from, to, teamId, projectId, memberId, keyId, model, provider, reach);
    }

    public UsageFilter team(String id) {
        return new UsageFilter(since, until, Optional.of(id), projectId, memberId, keyId, model, provider, reach);
    }

    public UsageFilter project(String id) {
        return new UsageFilter(since, until, teamId, Optional.of(id), memberId, keyId, model, provider, reach);
    }

    public UsageFilter member(String id) {
        return new UsageFilter(since, until, teamId, projectId, Optional.of(id), keyId, model, provider, reach);
    }

    public UsageFilter key(String id) {
        return new UsageFilter(since, until, teamId, projectId, memberId, Optional.of(id), model, provider, reach);
    }

    public UsageFilter model(String name) {
        return new UsageFilter(since, until, teamId, projectId, memberId, keyId, Optional.of(name), provider, reach);
    }

    public UsageFilter provider(String name) {
        return new UsageFilter(since, until, teamId, projectId, memberId, keyId, model, Optional.of(name), reach);
    }

    public UsageFilter reach(UsageReach within) {
        return new UsageFilter(since, until, teamId, projectId, memberId, keyId, model, provider, within);
    }
}
