package dev.parley.core.tenancy;

import dev.parley.core.pricing.Markup;
import java.util.Objects;

/**
 * The markup (a service fee) or discount charged on the requests of one team, project or key, instead of the
 * configuration's {@code markup_percent}: what an operator who resells usage bills each customer. The most specific
 * rule wins: a key's over its project's, a project's over its team's ({@link TenancySnapshot#markup}).
 */
public record MarkupRule(Scope scope, Markup markup) {

    public MarkupRule {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(markup, "markup");
        if (scope.kind() == ScopeKind.MEMBER) {
            throw new IllegalArgumentException("a markup is set on a team, a project or a key, not on a member");
        }
    }
}
