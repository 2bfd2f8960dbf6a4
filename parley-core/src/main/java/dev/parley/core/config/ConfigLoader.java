package dev.parley.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads Parley's configuration from YAML text. Does no I/O: the caller reads the file and passes the environment,
 * which keeps loading deterministic and testable. Accepts Parley's own format and LiteLLM proxy configurations
 * (recognised by a top-level {@code model_list}).
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /**
     * Parses and validates a configuration.
     *
     * @param yamlText the file's content; empty means all defaults
     * @param env the environment for {@code ${NAME}} references, normally {@code System.getenv()}
     * @throws ConfigException naming the first key that is wrong
     */
    public static ParleyConfig parse(String yamlText, Map<String, String> env) {
        Objects.requireNonNull(yamlText, "yamlText");
        Objects.requireNonNull(env, "env");
        var document = YamlTreeReader.read(yamlText);
        var root = new Node(document, KeyPath.ROOT, Map.copyOf(env));
        var config = LiteLlmMapper.applies(root.anyFields()) ? LiteLlmMapper.map(root) : ParleyMapper.map(root);
        return ConfigValidator.validate(config, document);
    }

    /**
     * {@code file} with more providers, models and prices after its own, validated as a file holding all of them would
     * be: the view the request path routes with when providers, models and prices are also made through the admin
     * API. {@code catalogText} is a YAML (or JSON) mapping with only {@code providers}, {@code models} and
     * {@code prices}, in the file's shape (the file's {@code markup_percent} stays). It is read with no environment,
     * so a {@code ${NAME}} in it can never pull a variable's value into a provider's URL or headers; a caller
     * passing values that must stay literal writes {@code $${} for {@code ${}.
     *
     * @throws ConfigException naming the first key that is wrong; an appended entry by its index in the merged list
     */
    public static ParleyConfig withCatalog(ParleyConfig file, String catalogText) {
        Objects.requireNonNull(file, "file");
        var document = YamlTreeReader.read(catalogText);
        var root = new Node(document, KeyPath.ROOT, Map.of());
        var extra = ParleyMapper.map(root);
        List<ProviderConfig> providers = new ArrayList<>(file.providers());
        providers.addAll(extra.providers());
        List<ModelConfig> models = new ArrayList<>(file.models());
        models.addAll(extra.models());
        List<PriceOverride> prices = new ArrayList<>(file.pricing().prices());
        prices.addAll(extra.pricing().prices());
        var merged = new ParleyConfig(file.server(), file.storage(), file.usage(), file.retries(), file.queue(),
                providers, models, file.keys(), file.masterKey(), List.of(), file.timeouts(), file.health(),
                new PricingSettings(prices, file.pricing().markupPercent()), file.redis(),
                file.idempotency(), file.batches());
        // Lines would point into the catalog's text, not the file's: messages name the key path only.
        var validated = ConfigValidator.validate(merged, YamlNode.emptyMapping());
        return validated.withWarnings(file.warnings());
    }

    /** The configuration used when no file is given: every default, plus the master key from the environment. */
    public static ParleyConfig defaults(Map<String, String> env) {
        return parse("{}", env);
    }
}
