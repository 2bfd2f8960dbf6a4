package dev.parley.core.usage;

import java.util.Objects;
import java.util.Set;

/**
 * Which usage rows a caller may see at all, as {@code tenancy.Authorization.usageReach} says: everything, or the
 * rows of some teams and the caller's own rows. A report's filters narrow it further, never widen it.
 */
public sealed interface UsageReach {

    UsageReach EVERYTHING = new Everything();

    /** Whether {@code row} is one the caller may see. */
    default boolean sees(UsageRecord row) {
        return switch (this) {
            case Everything everything -> true;
            case Limited limited -> row.attribution().teamId().filter(limited.teamIds()::contains).isPresent()
                    || row.attribution().memberId().filter(limited.memberId()::equals).isPresent();
        };
    }

    /** Every row: the master key and organization owners, admins and viewers. */
    record Everything() implements UsageReach {
    }

    /**
     * The rows of {@code teamIds} (those the caller administers or views) and the rows charged to {@code memberId}
     * (their own), in any team.
     */
    record Limited(Set<String> teamIds, String memberId) implements UsageReach {
        public Limited {
            teamIds = Set.copyOf(teamIds);
            Objects.requireNonNull(memberId, "memberId");
        }
    }
}
