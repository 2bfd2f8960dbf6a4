package dev.parley.core.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Maps a LiteLLM proxy configuration ({@code model_list} and its settings sections) to Parley's, so that a LiteLLM
 * user can point Parley at the file they have. Deployments that share an API, address and key become one
 * provider; deployments that share a {@code model_name} become routes of one model. Settings Parley has no use
 * for are accepted and listed in the warnings, so nothing is dropped without the operator being told.
 */
final class LiteLlmMapper {

    static final String MODEL_LIST = "model_list";
    private static final List<String> TOP_LEVEL_KEYS = List.of(MODEL_LIST, "general_settings", "litellm_settings",
            "router_settings", "server", "storage", "usage", "retries", "queue", "timeouts", "health", "master_key",
            "keys", "prices", "markup_percent", "redis", "idempotency", "batches");
    /** Parley-format sections that would describe the same things as model_list a second time. */
    private static final List<String> CONFLICTING_KEYS = List.of("providers", "models");
    private static final List<String> IGNORED_SECTIONS = List.of("litellm_settings", "router_settings");
    private static final String ENVIRON_PREFIX = "os.environ/";

    private final List<String> warnings = new ArrayList<>();

    private LiteLlmMapper() {}

    static boolean applies(Fields root) {
        return root.has(MODEL_LIST);
    }

    static ParleyConfig map(Node root) {
        return new LiteLlmMapper().read(root);
    }

    /** One {@code model_list} entry. */
    private record Deployment(String modelName, LiteLlmProvider prefix, ProviderKey provider, String upstreamModel,
            int weight, int priority) {}

    /** What makes two deployments the same upstream account. */
    private record ProviderKey(ProviderType type, URI baseUrl, Optional<Secret> key, Optional<String> region) {}

    private ParleyConfig read(Node root) {
        var fields = root.anyFields();
        for (var key : CONFLICTING_KEYS) {
            if (fields.has(key)) {
                throw fields.failAt(key, "cannot be combined with " + MODEL_LIST + "; use one format per file");
            }
        }
        fields.requireOnly(TOP_LEVEL_KEYS);
        var settings = SettingsMapper.read(fields);
        var deployments = fields.required(MODEL_LIST).items(this::deployment);
        var masterKey = generalSettings(fields, settings.masterKey());
        IGNORED_SECTIONS.forEach(section -> fields.optional(section).ifPresent(this::ignoreAll));
        var providers = providers(deployments);
        return new ParleyConfig(settings.server(), settings.storage(), settings.usage(), settings.retries(),
                settings.queue(), List.copyOf(providers.values()), models(deployments, providers), settings.keys(),
                SettingsMapper.masterKeyOrEnvironment(masterKey, root.env()), warnings, settings.timeouts(),
                settings.health(), settings.pricing(), settings.redis(),
                settings.idempotency(), settings.batches());
    }

    private Deployment deployment(Node node) {
        var entry = node.anyFields();
        var modelNameNode = entry.required("model_name");
        var modelName = modelNameNode.nonBlankText();
        if (modelName.contains("*")) {
            throw modelNameNode.fail("wildcard model names are not supported; list each model");
        }
        var params = entry.required("litellm_params").anyFields();
        TlsMapper.liteLlmSwitchOff(params).ifPresent(refused -> {
            throw refused;
        });
        ignoreAllBut(entry, List.of("model_name", "litellm_params"));
        ignoreAllBut(params, List.of("model", "api_base", "api_key", "weight", "order", "region_name"));

        var modelNode = params.required("model");
        var model = modelNode.nonBlankText().strip();
        var slash = model.indexOf('/');
        if (slash <= 0 || slash == model.length() - 1) {
            throw modelNode.fail("expected \"provider/model\" such as \"openai/gpt-4o\", got " + modelNode.described());
        }
        var prefix = LiteLlmProvider.fromPrefix(model.substring(0, slash)).orElseThrow(() -> modelNode.fail(
                "unsupported provider \"" + model.substring(0, slash) + "\" (supported: "
                        + LiteLlmProvider.prefixes() + ")"));
        var upstreamModel = model.substring(slash + 1);
        if (upstreamModel.contains("*")) {
            throw modelNode.fail("wildcard models are not supported; list each model");
        }
        return new Deployment(modelName, prefix, provider(params, prefix), upstreamModel,
                ParleyMapper.weight(params.optional("weight")), ParleyMapper.priority(params.optional("order")));
    }

    private static ProviderKey provider(Fields params, LiteLlmProvider prefix) {
        var apiBase = params.optional("api_base").map(node -> {
            URI url = node.httpUrl(environText(node));
            UpstreamAddress.forbidden(url).ifPresent(problem -> {
                throw node.fail(problem + "; Parley's own configuration can allow it with allow_link_local");
            });
            return url;
        });
        var type = prefix.type(apiBase);
        var baseUrl = prefix.baseUrl(apiBase, type).orElseThrow(() ->
                params.failAt("api_base", "required for " + prefix.prefix() + " models"));
        var key = params.optional("api_key").map(node -> node.secret(environText(node)))
                .or(() -> implicitKey(params, prefix.keyVariable(baseUrl, type)));
        if (key.isEmpty() && prefix.requiresKey(type)) {
            throw params.failAt("api_key", "required for " + prefix.prefix() + " models"
                    + prefix.keyVariable(baseUrl, type).map(name -> " (or set the " + name + " variable)").orElse(""));
        }
        // LiteLLM's region_name (its region-based routing) is Parley's region tag.
        var region = params.optional("region_name").map(node -> {
            var text = environText(node);
            if (!ProviderConfig.isValidRegion(text)) {
                throw node.fail("must be " + ProviderConfig.REGION_RULE + ", got " + node.described());
            }
            return text;
        });
        return new ProviderKey(type, baseUrl, key, region);
    }

    /** Like LiteLLM, fall back to the service's usual variable, e.g. ANTHROPIC_API_KEY. */
    private static Optional<Secret> implicitKey(Fields params, Optional<String> variable) {
        return variable.map(name -> params.owner().env().get(name))
                .map(String::strip)
                .filter(value -> !value.isEmpty())
                .map(Secret::new);
    }

    /** LiteLLM's own reference syntax, {@code os.environ/NAME}, besides Parley's {@code ${NAME}}. */
    static String environText(Node node) {
        var text = node.text().strip();
        if (!text.startsWith(ENVIRON_PREFIX)) {
            return text;
        }
        var name = text.substring(ENVIRON_PREFIX.length());
        var value = node.env().get(name);
        if (value == null) {
            throw node.fail("environment variable " + name + " is not set");
        }
        return value;
    }

    private Optional<Secret> generalSettings(Fields root, Optional<Secret> topLevelMasterKey) {
        var general = root.optional("general_settings").map(Node::anyFields);
        if (general.isEmpty()) {
            return topLevelMasterKey;
        }
        ignoreAllBut(general.get(), List.of("master_key"));
        var masterKey = general.get().optional("master_key");
        if (masterKey.isPresent() && topLevelMasterKey.isPresent()) {
            throw masterKey.get().fail("conflicts with master_key; give only one");
        }
        return masterKey.map(node -> SettingsMapper.longSecret(node, node.secret(environText(node))))
                .or(() -> topLevelMasterKey);
    }

    /** Providers in order of first use, named after their prefix: openai, openai-2, ... */
    private static Map<ProviderKey, ProviderConfig> providers(List<Deployment> deployments) {
        var providers = new LinkedHashMap<ProviderKey, ProviderConfig>();
        var perPrefix = new HashMap<String, Integer>();
        for (var deployment : deployments) {
            var key = deployment.provider();
            if (!providers.containsKey(key)) {
                var count = perPrefix.merge(deployment.prefix().prefix(), 1, Integer::sum);
                var name = count == 1 ? deployment.prefix().prefix() : deployment.prefix().prefix() + "-" + count;
                providers.put(key, new ProviderConfig(name, key.type(), key.baseUrl(),
                        key.key().map(List::of).orElse(List.of()), Map.of(), TimeoutOverrides.NONE, OptionalInt.empty(),
                        OptionalLong.empty(), Optional.empty(), key.region()));
            }
        }
        return providers;
    }

    /** Models in order of first appearance; each deployment of a model_name is one route. */
    private static List<ModelConfig> models(List<Deployment> deployments, Map<ProviderKey, ProviderConfig> providers) {
        var routes = new LinkedHashMap<String, List<RouteConfig>>();
        for (var deployment : deployments) {
            routes.computeIfAbsent(deployment.modelName(), name -> new ArrayList<>()).add(new RouteConfig(
                    providers.get(deployment.provider()).name(), deployment.upstreamModel(),
                    deployment.weight(), deployment.priority()));
        }
        return routes.entrySet().stream().map(model -> new ModelConfig(model.getKey(), model.getValue())).toList();
    }

    private void ignoreAllBut(Fields fields, List<String> used) {
        fields.all().stream()
                .filter(field -> !used.contains(field.key()))
                .forEach(field -> warnings.add(field.value().path() + ": ignored"));
    }

    private void ignoreAll(Node section) {
        ignoreAllBut(section.anyFields(), List.of());
    }
}
