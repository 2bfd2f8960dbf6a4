package dev.parley.core.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Maps a document in Parley's own shape ({@code providers}, {@code models}, {@code keys}) to a configuration. */
final class ParleyMapper {

    static final List<String> TOP_LEVEL_KEYS =
            List.of("server", "storage", "usage", "retries", "queue", "timeouts", "health", "master_key", "providers",
                    "models", "keys", "prices", "markup_percent", "redis",
                    "idempotency", "batches");
    private static final List<String> PROVIDER_KEYS = List.of(
            "name", "type", "base_url", "keys", "key", "headers", "timeouts", "connect_timeout", "request_timeout",
            "rpm", "tpm", "health_check", "region", "allow_link_local", "tls", "forward_headers");
    private static final List<String> HEALTH_CHECK_KEYS = List.of("interval");
    private static final List<String> MODEL_KEYS = List.of("name", "routes", "fallbacks", "retries", "timeouts");
    private static final List<String> ROUTE_KEYS = List.of("provider", "model", "weight", "priority");

    private ParleyMapper() {}

    static ParleyConfig map(Node root) {
        var fields = root.fields(TOP_LEVEL_KEYS);
        var settings = SettingsMapper.read(fields);
        var providers = fields.optional("providers").map(node -> node.items(ParleyMapper::provider)).orElse(List.of());
        var models = fields.optional("models").map(node -> node.items(model -> model(model, settings.retries())))
                .orElse(List.of());
        return new ParleyConfig(settings.server(), settings.storage(), settings.usage(), settings.retries(),
                settings.queue(), providers, models, settings.keys(),
                SettingsMapper.masterKeyOrEnvironment(settings.masterKey(), root.env()), List.of(), settings.timeouts(),
                settings.health(), settings.pricing(), settings.redis(),
                settings.idempotency(), settings.batches());
    }

    private static ProviderConfig provider(Node node) {
        TlsMapper.refuseSwitchOff(node.anyFields());
        var fields = node.fields(PROVIDER_KEYS);
        var name = providerName(fields.required("name"));
        var type = type(fields.required("type"));
        var baseUrl = fields.optional("base_url").map(Node::httpUrl)
                .or(type::defaultBaseUrl)
                .orElseThrow(() -> fields.failAt("base_url", "required for type " + type.wireName()));
        boolean linkLocal = fields.optional("allow_link_local").map(Node::bool).orElse(false);
        if (!linkLocal) {
            UpstreamAddress.forbidden(baseUrl).ifPresent(problem -> {
                throw fields.failAt("base_url", problem + "; set allow_link_local: true on the provider if it is"
                        + " really meant");
            });
        }
        var keys = upstreamKeys(fields);
        if (keys.isEmpty() && type.requiresKey()) {
            throw fields.failAt("keys", "at least one key is required for type " + type.wireName());
        }
        return new ProviderConfig(name, type, baseUrl, keys,
                fields.optional("headers").map(ParleyMapper::headers).orElse(Map.of()),
                providerTimeouts(fields),
                fields.optional("rpm").map(rpm -> OptionalInt.of(rpm.integer(1, Integer.MAX_VALUE)))
                        .orElse(OptionalInt.empty()),
                fields.optional("tpm").map(tpm -> OptionalLong.of(tpm.integer(1, Integer.MAX_VALUE)))
                        .orElse(OptionalLong.empty()),
                fields.optional("health_check").map(ParleyMapper::healthCheck),
                fields.optional("region").map(ParleyMapper::region),
                fields.optional("tls").map(TlsMapper::upstream).orElse(UpstreamTls.DEFAULT),
                fields.optional("forward_headers").map(ParleyMapper::forwardHeaders)
                        .orElseGet(() -> ForwardHeaders.defaults(type)),
                linkLocal);
    }

    /** Refused naming the entry: a credential header in the list is a mistake that would leak keys. */
    private static List<String> forwardHeaders(Node node) {
        return node.items(item -> {
            var name = item.nonBlankText().strip();
            ForwardHeaders.problem(name).ifPresent(problem -> {
                throw item.fail(problem);
            });
            return name;
        });
    }

    private static String region(Node node) {
        var region = node.nonBlankText().strip();
        if (!ProviderConfig.isValidRegion(region)) {
            throw node.fail("must be " + ProviderConfig.REGION_RULE + ", got " + node.described());
        }
        return region;
    }

    private static HealthCheck healthCheck(Node node) {
        return new HealthCheck(node.fields(HEALTH_CHECK_KEYS).required("interval").positiveDuration());
    }

    /**
     * A provider's {@code timeouts}, with the older keys still read: {@code connect_timeout} is {@code connect} and
     * {@code request_timeout} is {@code total}. Giving a timeout both ways would leave one of them ignored.
     */
    private static TimeoutOverrides providerTimeouts(Fields fields) {
        var own = fields.optional("timeouts").map(SettingsMapper::timeouts).orElse(TimeoutOverrides.NONE);
        var connect = alias(fields, "connect_timeout", own.connect(), "connect");
        var total = alias(fields, "request_timeout", own.total(), "total");
        return new TimeoutOverrides(connect, own.firstToken(), own.idle(), total);
    }

    private static Optional<Duration> alias(Fields fields, String key, Optional<Duration> own, String ownKey) {
        var old = fields.optional(key).map(Node::positiveDuration);
        if (old.isPresent() && own.isPresent()) {
            throw fields.failAt(key, "give either " + key + " or timeouts." + ownKey + ", not both");
        }
        return old.or(() -> own);
    }

    static String providerName(Node node) {
        var name = node.nonBlankText();
        if (!ProviderConfig.isValidName(name)) {
            throw node.fail("expected " + ProviderConfig.NAME_RULE + ", got " + node.described());
        }
        return name;
    }

    private static ProviderType type(Node node) {
        return ProviderType.fromWireName(node.text().strip()).orElseThrow(() ->
                node.fail("expected one of " + ProviderType.wireNames() + ", got " + node.described()));
    }

    /** {@code keys: [...]} or, for the common case of one key, {@code key: ...}; not both. */
    private static List<Secret> upstreamKeys(Fields fields) {
        var single = fields.optional("key");
        var several = fields.optional("keys");
        if (single.isPresent() && several.isPresent()) {
            throw single.get().fail("give either key or keys, not both");
        }
        return single.map(node -> List.of(node.secret()))
                .or(() -> several.map(node -> node.items(Node::secret)))
                .orElse(List.of());
    }

    private static Map<String, String> headers(Node node) {
        var headers = new HashMap<String, String>();
        var seen = new HashMap<String, String>();
        for (var field : node.anyFields().all()) {
            var name = field.key();
            var value = field.value();
            if (!ValueSyntax.isHeaderName(name)) {
                throw value.fail("not a valid header name");
            }
            var earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            if (earlier != null) {
                throw value.fail("duplicate header (header names ignore case; \"" + earlier + "\" is also given)");
            }
            var text = value.text();
            if (!ValueSyntax.isHeaderValue(text)) {
                throw value.fail("a header value must not contain line breaks");
            }
            headers.put(name, text);
        }
        return headers;
    }

    /** @param retries the top-level retry settings, which a model's own {@code retries} keys override one by one */
    private static ModelConfig model(Node node, RetrySettings retries) {
        var fields = node.fields(MODEL_KEYS);
        var name = fields.required("name").nonBlankText();
        var routesNode = fields.required("routes");
        var routes = routesNode.items(route -> route(route, name));
        if (routes.isEmpty()) {
            throw routesNode.fail("must have at least one route");
        }
        var fallbacks = fields.optional("fallbacks").map(list -> list.items(Node::nonBlankText)).orElse(List.of());
        if (fallbacks.contains(name)) {
            throw fields.failAt("fallbacks", "a model cannot be its own fallback");
        }
        var ownRetries = fields.optional("retries").map(own -> SettingsMapper.retries(own, retries));
        var timeouts = fields.optional("timeouts").map(SettingsMapper::timeouts).orElse(TimeoutOverrides.NONE);
        return new ModelConfig(name, routes, fallbacks, ownRetries, timeouts);
    }

    /** The upstream model name defaults to the client-facing one, the usual case for a single provider. */
    private static RouteConfig route(Node node, String modelName) {
        var fields = node.fields(ROUTE_KEYS);
        return new RouteConfig(
                fields.required("provider").nonBlankText(),
                fields.optional("model").map(Node::nonBlankText).orElse(modelName),
                weight(fields.optional("weight")),
                priority(fields.optional("priority")));
    }

    static int weight(Optional<Node> node) {
        return node.map(weight -> weight.integer(0, Integer.MAX_VALUE)).orElse(RouteConfig.DEFAULT_WEIGHT);
    }

    static int priority(Optional<Node> node) {
        return node.map(priority -> priority.integer(0, Integer.MAX_VALUE)).orElse(RouteConfig.DEFAULT_PRIORITY);
    }
}
