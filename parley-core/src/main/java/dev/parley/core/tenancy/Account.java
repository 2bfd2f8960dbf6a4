package dev.parley.core.tenancy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A prepaid account of a team or a member: its credit is the sum of its {@link Order}s, and the requests it pays
 * for ({@link Accounts#payer}) are charged to it from the moment it was opened, never before.
 *
 * @param alertBelow when what is left after a request falls below this, an alert is raised; empty for none
 */
public record Account(String id, Scope scope, Instant openedAt, Optional<BigDecimal> alertBelow) {
    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(alertBelow, "alertBelow");
        if (!holdsAccount(scope.kind())) {
            throw new IllegalArgumentException("only a team or a member has an account, not a " + scope.kind().wire());
        }
        if (alertBelow.filter(a -> a.signum() < 0).isPresent()) {
            throw new IllegalArgumentException("a low-balance threshold cannot be negative");
        }
    }

    /** Whether a scope of this kind may have an account: teams and members pay; keys and projects spend theirs. */
    public static boolean holdsAccount(ScopeKind kind) {
        return switch (kind) {
            case TEAM, MEMBER -> true;
            case KEY, PROJECT -> false;
        };
    }
}
