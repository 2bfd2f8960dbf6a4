package dev.parley.core.config;

import dev.parley.core.auth.ModelAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Function;

/**
 * The rules that span several entries: unique names and keys, routes that point at real providers. Each value was
 * already checked on its own while it was read; what is left needs the whole configuration. Also collects
 * warnings for things that are legal but almost certainly not meant.
 */
final class ConfigValidator {

    private final ParleyConfig config;
    private final YamlNode document;
    private final List<String> warnings = new ArrayList<>();

    private ConfigValidator(ParleyConfig config, YamlNode document) {
        this.config = config;
        this.document = document;
    }

    /** Returns {@code config} with the warnings added, or throws for the first broken rule. */
    static ParleyConfig validate(ParleyConfig config, YamlNode document) {
        var validator = new ConfigValidator(config, document);
        validator.check();
        var warnings = new ArrayList<>(config.warnings());
        warnings.addAll(validator.warnings);
        return config.withWarnings(warnings);
    }

    private void check() {
        unique("providers", "name", "provider name", config.providers(), ProviderConfig::name);
        unique("models", "name", "model name", config.models(), ModelConfig::name);
        routesReachKnownProviders();
        fallbacksAreKnownModels();
        unique("keys", "name", "key name", config.keys(), KeyConfig::name);
        keyValuesAreUnique();
        pricesNameKnownProviders();
        warnAboutUnusedProviders();
        warnAboutPatternsMatchingNothing();
    }

    private <T> void unique(String section, String field, String what, List<T> entries, Function<T, String> name) {
        var firstIndex = new HashMap<String, Integer>();
        for (var i = 0; i < entries.size(); i++) {
            var value = name.apply(entries.get(i));
            var earlier = firstIndex.putIfAbsent(value, i);
            if (earlier != null) {
                throw error(KeyPath.of(section).index(i).key(field),
                        "duplicate " + what + " \"" + value + "\" (also at " + section + "[" + earlier + "])");
            }
        }
    }

    private void routesReachKnownProviders() {
        var known = config.providers().stream().map(ProviderConfig::name).toList();
        for (var m = 0; m < config.models().size(); m++) {
            var routes = config.models().get(m).routes();
            for (var r = 0; r < routes.size(); r++) {
                var provider = routes.get(r).provider();
                if (!known.contains(provider)) {
                    throw error(KeyPath.of("models").index(m).key("routes").index(r).key("provider"),
                            "unknown provider \"" + provider + "\" ("
                                    + (known.isEmpty() ? "no providers are configured" : "known: " + String.join(", ", known))
                                    + ")");
                }
            }
        }
    }

    private void fallbacksAreKnownModels() {
        var known = config.models().stream().map(ModelConfig::name).toList();
        for (var m = 0; m < config.models().size(); m++) {
            var fallbacks = config.models().get(m).fallbacks();
            for (var f = 0; f < fallbacks.size(); f++) {
                if (!known.contains(fallbacks.get(f))) {
                    throw error(KeyPath.of("models").index(m).key("fallbacks").index(f),
                            "unknown model \"" + fallbacks.get(f) + "\" (known: " + String.join(", ", known) + ")");
                }
            }
        }
    }

    /** Two keys with one value would make usage unattributable; messages name the other key, never the value. */
    private void keyValuesAreUnique() {
        var firstIndex = new HashMap<Secret, Integer>();
        for (var i = 0; i < config.keys().size(); i++) {
            var path = KeyPath.of("keys").index(i).key("key");
            var key = config.keys().get(i).key();
            if (config.masterKey().filter(key::equals).isPresent()) {
                throw error(path, "same value as the master key; a virtual key must differ from it");
            }
            var earlier = firstIndex.putIfAbsent(key, i);
            if (earlier != null) {
                throw error(path, "same value as keys[" + earlier + "].key");
            }
        }
    }

    /** A price for a provider that does not exist would never apply; two for one model would contradict. */
    private void pricesNameKnownProviders() {
        var known = config.providers().stream().map(ProviderConfig::name).toList();
        var prices = config.pricing().prices();
        var firstIndex = new HashMap<List<String>, Integer>();
        for (var i = 0; i < prices.size(); i++) {
            var price = prices.get(i);
            if (!known.contains(price.provider())) {
                throw error(KeyPath.of("prices").index(i).key("provider"), "unknown provider \"" + price.provider()
                        + "\" (" + (known.isEmpty() ? "no providers are configured" : "known: " + String.join(", ", known))
                        + ")");
            }
            var earlier = firstIndex.putIfAbsent(List.of(price.provider(), price.model()), i);
            if (earlier != null) {
                throw error(KeyPath.of("prices").index(i).key("model"), "a second price for \"" + price.provider() + "\" and \""
                        + price.model() + "\" (also at prices[" + earlier + "])");
            }
        }
    }

    private void warnAboutUnusedProviders() {
        var used = config.models().stream()
                .flatMap(model -> model.routes().stream())
                .map(RouteConfig::provider)
                .toList();
        for (var i = 0; i < config.providers().size(); i++) {
            if (!used.contains(config.providers().get(i).name())) {
                warnings.add("providers[" + i + "]: \"" + config.providers().get(i).name()
                        + "\" is not used by any model");
            }
        }
    }

    private void warnAboutPatternsMatchingNothing() {
        if (config.models().isEmpty()) {
            return;
        }
        for (var k = 0; k < config.keys().size(); k++) {
            var patterns = config.keys().get(k).models();
            for (var p = 0; p < patterns.size(); p++) {
                var pattern = patterns.get(p);
                if (config.models().stream().noneMatch(model -> ModelAccess.matches(pattern, model.name()))) {
                    warnings.add("keys[" + k + "].models[" + p + "]: \"" + pattern + "\" matches no configured model");
                }
            }
        }
    }

    private ConfigException error(KeyPath path, String reason) {
        var line = document.find(path).map(YamlNode::line).orElse(0);
        return new ConfigException(path.toString(), reason + YamlTreeReader.atLine(line));
    }
}
