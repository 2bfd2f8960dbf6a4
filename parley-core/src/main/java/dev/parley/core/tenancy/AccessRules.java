package dev.parley.core.tenancy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a key, project or team may use. An empty list does not restrict; a request must pass the rules of its key,
 * its project and its team alike.
 *
 * @param models glob patterns of model names ({@code *} matches any run of characters)
 * @param providers glob patterns of provider names
 * @param regions the channel {@code region} tags allowed; a channel without a region is refused when this is set
 * @param maxTokensPerRequest the most output tokens one request may ask for
 * @param logBodies whether request and response bodies may be logged; unset defers to the level above
 */
public record AccessRules(List<String> models, List<String> providers, List<String> regions,
                          OptionalInt maxTokensPerRequest, Optional<Boolean> logBodies) {

    public static final AccessRules NONE = new AccessRules(List.of(), List.of(), List.of(), OptionalInt.empty(),
            Optional.empty());

    public AccessRules {
        models = List.copyOf(models);
        providers = List.copyOf(providers);
        regions = List.copyOf(regions);
        Objects.requireNonNull(maxTokensPerRequest, "maxTokensPerRequest");
        Objects.requireNonNull(logBodies, "logBodies");
    }
}
