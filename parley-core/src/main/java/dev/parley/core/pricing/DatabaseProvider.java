package dev.parley.core.pricing;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One provider of the price database.
 *
 * @param apiPattern found in the base URL of the provider's API
 * @param modelMatch model names that are this provider's own
 * @param providerMatch other names of the provider
 * @param fallbacks providers whose prices apply to models this one resells but does not list
 */
record DatabaseProvider(String id, Optional<Pattern> apiPattern, Optional<Match> modelMatch,
                        Optional<Match> providerMatch, List<String> fallbacks, List<ModelEntry> models) {

    DatabaseProvider {
        fallbacks = List.copyOf(fallbacks);
        models = List.copyOf(models);
    }

    /** The first model whose rule matches, in the database's order, as its own tools choose. */
    Optional<ModelEntry> model(String name) {
        return models.stream().filter(model -> model.match().matches(name)).findFirst();
    }

    /** Whether {@code baseUrl} is where this provider's API lives. */
    boolean servesAt(String baseUrl) {
        return apiPattern.filter(pattern -> pattern.matcher(baseUrl).find()).isPresent();
    }

    boolean isNamed(String name) {
        return id.equals(name) || providerMatch.filter(match -> match.matches(name)).isPresent();
    }
}
