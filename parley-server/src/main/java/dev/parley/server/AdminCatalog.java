package dev.parley.server;

import dev.parley.core.catalog.CatalogPorts;
import dev.parley.core.catalog.CatalogStore;
import dev.parley.core.catalog.StoredCatalog;
import dev.parley.core.catalog.StoredModel;
import dev.parley.core.catalog.StoredProvider;
import dev.parley.core.config.ConfigException;
import dev.parley.core.config.ModelConfig;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.RouteConfig;
import dev.parley.core.secrets.SecretBox;
import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /admin/providers} and {@code /admin/models}: the catalog made through the API, next to the configuration
 * file's (listed, read only). Keys are taken on create and PATCH, sealed before the store sees them, and only ever
 * shown masked, in answers and audit entries alike; header values too, since they may carry credentials. Every
 * change is validated on the whole catalog it would make, with the configuration's own messages (422), and routes
 * from the next request on.
 */
final class AdminCatalog {

    private static final Target.Org CATALOG = new Target.Org(Target.OrgResource.CATALOG);
    private static final Set<String> PROVIDER_FIELDS = Set.of("name", "type", "base_url", "keys", "headers", "region",
            "rpm", "tpm", "timeouts", "health_check");
    private static final Set<String> MODEL_FIELDS = Set.of("name", "routes", "fallbacks", "retries", "timeouts");
    private static final int MAX_KEYS = 64;
    private static final int MAX_KEY_LENGTH = 4096;

    private AdminCatalog() {
    }

    // --- Providers

    static AdminReply listProviders(AdminCall call) {
        call.require(Action.READ, CATALOG);
        Catalog catalog = call.backend.catalog();
        ArrayNode items = AdminJson.MAPPER.createArrayNode();
        catalog.file().providers().forEach(p -> items.add(fileProvider(p)));
        store(call).catalog().providers().forEach(p -> items.add(provider(p, box(call))));
        return AdminReply.ok(list(items));
    }

    static AdminReply getProvider(AdminCall call) {
        call.require(Action.READ, CATALOG);
        String name = call.param("name");
        Optional<ProviderConfig> inFile = call.backend.catalog().file().provider(name);
        if (inFile.isPresent()) {
            return AdminReply.ok(fileProvider(inFile.get()));
        }
        return AdminReply.ok(provider(storedProvider(call, name), box(call)));
    }

    static AdminReply createProvider(AdminCall call) {
        call.require(Action.WRITE, CATALOG);
        AdminInput input = call.input(PROVIDER_FIELDS);
        String name = input.requiredText("name");
        notInFile(call, "provider", name, call.backend.catalog().fileProvider(name));
        StoredProvider p = new StoredProvider(name, input.requiredText("type"), input.text("base_url"),
                sealed(call, name, input).orElse(List.of()), headers(input).orElse(Map.of()), input.text("region"),
                input.wholeInt("rpm", 1, Integer.MAX_VALUE), input.whole("tpm", 1, Long.MAX_VALUE),
                object(input, "timeouts").orElse("{}"), object(input, "health_check").orElse("{}"), call.now, call.now);
        StoredProvider created = change(call, c -> withProvider(c, p), () -> store(call).createProvider(p));
        ObjectNode out = provider(created, box(call));
        call.changed("provider.create", name, Optional.empty(), Optional.of(out));
        return AdminReply.created(out);
    }

    static AdminReply updateProvider(AdminCall call) {
        call.require(Action.WRITE, CATALOG);
        String name = call.param("name");
        notInFile(call, "provider", name, call.backend.catalog().fileProvider(name));
        StoredProvider before = storedProvider(call, name);
        AdminInput input = call.input(PROVIDER_FIELDS);
        if (input.text("name").filter(n -> !n.equals(name)).isPresent()) {
            throw AdminProblem.invalid("name", "a provider cannot be renamed; make a new one");
        }
        StoredProvider after = new StoredProvider(name, input.text("type").orElse(before.type()),
                input.has("base_url") ? input.nullableText("base_url") : before.baseUrl(),
                sealed(call, name, input).orElse(before.sealedKeys()), headers(input).orElse(before.headers()),
                input.has("region") ? input.nullableText("region") : before.region(),
                input.has("rpm") ? input.wholeInt("rpm", 1, Integer.MAX_VALUE) : before.rpm(),
                input.has("tpm") ? input.whole("tpm", 1, Long.MAX_VALUE) : before.tpm(),
                object(input, "timeouts").orElse(input.has("timeouts") ? "{}" : before.timeouts()),
                object(input, "health_check").orElse(input.has("health_check") ? "{}" : before.healthCheck()),
                before.createdAt(), call.now);
        StoredProvider updated = change(call, c -> withProvider(without(c, name, List.of()), after),
                () -> store(call).updateProvider(after).orElseThrow(() -> AdminProblem.notFound("provider", name)));
        ObjectNode out = provider(updated, box(call));
        call.changed("provider.update", name, Optional.of(provider(before, box(call))), Optional.of(out));
        return AdminReply.ok(out);
    }

    static AdminReply deleteProvider(AdminCall call) {
        call.require(Action.WRITE, CATALOG);
        String name = call.param("name");
        notInFile(call, "provider", name, call.backend.catalog().fileProvider(name));
        StoredProvider before = storedProvider(call, name);
        List<String> users = call.backend.catalog().view().config().models().stream()
                .filter(m -> m.routes().stream().anyMatch(r -> r.provider().equals(name))).map(ModelConfig::name)
                .toList();
        if (!users.isEmpty()) {
            throw AdminProblem.conflict("provider " + name + " is routed to by model(s) " + String.join(", ", users)
                    + "; change or delete them first");
        }
        change(call, c -> deleted(c, name), () -> store(call).deleteProvider(name));
        call.changed("provider.delete", name, Optional.of(provider(before, box(call))), Optional.empty());
        return AdminReply.noContent();
    }

    // --- Models

    static AdminReply listModels(AdminCall call) {
        call.require(Action.READ, CATALOG);
        ArrayNode items = AdminJson.MAPPER.createArrayNode();
        call.backend.catalog().file().models().forEach(m -> items.add(fileModel(m)));
        store(call).catalog().models().forEach(m -> items.add(model(m)));
        return AdminReply.ok(list(items));
    }

    static AdminReply getModel(AdminCall call) {
        call.require(Action.READ, CATALOG);
        String name = call.param("name");
        Optional<ModelConfig> inFile = call.backend.catalog().file().models().stream()
                .filter(m -> m.name().equals(name)).findFirst();
        if (inFile.isPresent()) {
            return AdminReply.ok(fileModel(inFile.get()));
        }
        return AdminReply.ok(model(storedModel(call, name)));
    }

    static AdminReply createModel(AdminCall call) {
        call.require(Action.WRITE, CATALOG);
        AdminInput input = call.input(MODEL_FIELDS);
        String name = input.requiredText("name");
        notInFile(call, "model", name, call.backend.catalog().fileModel(name));
        StoredModel m = model(name, input, Optional.empty(), call);
        StoredModel created = change(call, c -> withModel(c, m), () -> store(call).createModel(m));
        call.changed("model.create", name, Optional.empty(), Optional.of(model(created)));
        return AdminReply.created(model(created));
    }

    /** {@code PUT}: the model as given, made when it does not exist yet. */
    static AdminReply putModel(AdminCall call) {
        call.require(Action.WRITE, CATALOG);
        String name = call.param("name");
        notInFile(call, "model", name, call.backend.catalog().fileModel(name));
        AdminInput input = call.input(MODEL_FIELDS);
        if (input.text("name").filter(n -> !n.equals(name)).isPresent()) {
            throw AdminProblem.invalid("name", "must be the model's name in the path, " + name);
        }
        Optional<StoredModel> before = store(call).model(name);
        StoredModel m = model(name, input, before, call);
        StoredModel stored = change(call, c -> withModel(without(c, "", List.of(name)), m),
                () -> before.isPresent()
                        ? store(call).updateModel(m).orElseThrow(() -> AdminProblem.notFound("model", name))
                        : store(call).createModel(m));
        call.changed(before.isPresent() ? "model.update" : "model.create", name, before.map(AdminCatalog::model),
                Optional.of(model(stored)));
        return before.isPresent() ? AdminReply.ok(model(stored)) : AdminReply.created(model(stored));
    }

    static AdminReply deleteModel(AdminCall call) {
        call.require(Action.WRITE, CATALOG);
        String name = call.param("name");
        notInFile(call, "model", name, call.backend.catalog().fileModel(name));
        StoredModel before = storedModel(call, name);
        List<String> users = call.backend.catalog().view().config().models().stream()
                .filter(m -> m.fallbacks().contains(name)).map(ModelConfig::name).toList();
        if (!users.isEmpty()) {
            throw AdminProblem.conflict("model " + name + " is a fallback of model(s) " + String.join(", ", users)
                    + "; change them first");
        }
        change(call, c -> without(c, "", List.of(name)), () -> store(call).deleteModel(name));
        call.changed("model.delete", name, Optional.of(model(before)), Optional.empty());
        return AdminReply.noContent();
    }

    // --- Helpers

    private static StoredModel model(String name, AdminInput input, Optional<StoredModel> before, AdminCall call) {
        JsonNode routes = input.json("routes").orElseThrow(() -> AdminProblem.invalid("routes", "required"));
        if (!routes.isArray()) {
            throw AdminProblem.invalid("routes", "must be a list of {provider, model, weight, priority}");
        }
        return new StoredModel(name, AdminJson.MAPPER.writeValueAsString(routes), input.list("fallbacks"),
                object(input, "retries").orElse("{}"), object(input, "timeouts").orElse("{}"),
                before.map(StoredModel::createdAt).orElse(call.now), call.now);
    }

    /**
     * Validates the catalog with the change, stores it, and routes with it: one change at a time (prices too go
     * through here).
     */
    static <T> T change(AdminCall call, UnaryOperator<StoredCatalog> candidate,
                                Supplier<T> write) {
        try {
            return call.backend.catalog().change(candidate, write);
        } catch (ConfigException e) {
            // The configuration's own message: the same words a file holding this catalog would get.
            throw AdminProblem.invalidCatalog(e.getMessage());
        }
    }

    private static StoredCatalog withProvider(StoredCatalog c, StoredProvider p) {
        List<StoredProvider> providers = new ArrayList<>(c.providers());
        providers.add(p);
        return new StoredCatalog(providers, c.models(), c.prices());
    }

    private static StoredCatalog withModel(StoredCatalog c, StoredModel m) {
        List<StoredModel> models = new ArrayList<>(c.models());
        models.add(m);
        models.sort(Comparator.comparing(StoredModel::name));
        return new StoredCatalog(c.providers(), models, c.prices());
    }

    private static StoredCatalog without(StoredCatalog c, String provider, List<String> models) {
        return new StoredCatalog(c.providers().stream().filter(p -> !p.name().equals(provider)).toList(),
                c.models().stream().filter(m -> !models.contains(m.name())).toList(), c.prices());
    }

    /** {@code c} without {@code provider} and the prices set for it, which the store deletes with it. */
    private static StoredCatalog deleted(StoredCatalog c, String provider) {
        StoredCatalog rest = without(c, provider, List.of());
        return new StoredCatalog(rest.providers(), rest.models(),
                c.prices().stream().filter(p -> !p.provider().equals(provider)).toList());
    }

    private static void notInFile(AdminCall call, String what, String name, boolean inFile) {
        if (inFile) {
            throw AdminProblem.conflict(what + " " + name + " is defined in the configuration file; change it there");
        }
    }

    private static CatalogPorts ports(AdminCall call) {
        return call.backend.catalog().ports().orElseThrow(() -> AdminProblem.unavailable(
                "Providers and models made through the API need Parley's database; this Parley runs without one."));
    }

    private static CatalogStore store(AdminCall call) {
        return ports(call).store();
    }

    private static SecretBox box(AdminCall call) {
        return ports(call).box();
    }

    private static StoredProvider storedProvider(AdminCall call, String name) {
        return store(call).provider(name).orElseThrow(() -> AdminProblem.notFound("provider", name));
    }

    private static StoredModel storedModel(AdminCall call, String name) {
        return store(call).model(name).orElseThrow(() -> AdminProblem.notFound("model", name));
    }

    /** The keys given, sealed for this provider; empty when the body has none. */
    private static Optional<List<String>> sealed(AdminCall call, String provider, AdminInput input) {
        Optional<JsonNode> keys = input.json("keys");
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        if (!keys.get().isArray() || keys.get().size() > MAX_KEYS) {
            throw AdminProblem.invalid("keys", "must be a list of at most " + MAX_KEYS + " keys");
        }
        List<String> sealed = new ArrayList<>();
        for (JsonNode key : keys.get()) {
            if (!key.isString() || key.stringValue().isBlank() || key.stringValue().length() > MAX_KEY_LENGTH
                    || key.stringValue().chars().anyMatch(Character::isISOControl)) {
                // Never echo the value: it is a credential.
                throw AdminProblem.invalid("keys", "each key must be a non-blank string of at most " + MAX_KEY_LENGTH
                        + " characters without control characters");
            }
            sealed.add(box(call).seal(provider, key.stringValue().strip()));
        }
        return Optional.of(sealed);
    }

    private static Optional<Map<String, String>> headers(AdminInput input) {
        return input.json("headers").map(node -> {
            if (!node.isObject()) {
                throw AdminProblem.invalid("headers", "must be an object of strings");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            node.properties().forEach(h -> {
                if (!h.getValue().isString()) {
                    throw AdminProblem.invalid("headers." + h.getKey(), "must be a string");
                }
                headers.put(h.getKey(), h.getValue().stringValue());
            });
            return headers;
        });
    }

    private static Optional<String> object(AdminInput input, String field) {
        return input.json(field).map(node -> {
            if (!node.isObject()) {
                throw AdminProblem.invalid(field, "must be an object");
            }
            return AdminJson.MAPPER.writeValueAsString(node);
        });
    }

    private static ObjectNode list(ArrayNode items) {
        ObjectNode out = AdminJson.object();
        out.set("items", items);
        // One page: the catalog is small and read whole.
        out.putNull("next");
        return out;
    }

    private static ObjectNode provider(StoredProvider p, SecretBox box) {
        ObjectNode out = AdminJson.object();
        out.put("name", p.name());
        out.put("source", "api");
        out.put("type", p.type());
        p.baseUrl().ifPresent(url -> out.put("base_url", url));
        ArrayNode keys = out.putArray("keys");
        p.sealedKeys().forEach(sealed -> keys.add(SecretBox.mask(box.open(p.name(), sealed))));
        ObjectNode headers = out.putObject("headers");
        p.headers().forEach((k, v) -> headers.put(k, SecretBox.mask(v)));
        p.region().ifPresent(region -> out.put("region", region));
        p.rpm().ifPresent(rpm -> out.put("rpm", rpm));
        p.tpm().ifPresent(tpm -> out.put("tpm", tpm));
        out.set("timeouts", AdminJson.MAPPER.readTree(p.timeouts()));
        out.set("health_check", AdminJson.MAPPER.readTree(p.healthCheck()));
        out.put("created_at", p.createdAt().toString());
        out.put("updated_at", p.updatedAt().toString());
        return out;
    }

    private static ObjectNode fileProvider(ProviderConfig p) {
        ObjectNode out = AdminJson.object();
        out.put("name", p.name());
        out.put("source", "file");
        out.put("type", p.type().wireName());
        out.put("base_url", p.baseUrl().toString());
        ArrayNode keys = out.putArray("keys");
        p.keys().forEach(k -> keys.add(SecretBox.mask(k.value())));
        ObjectNode headers = out.putObject("headers");
        p.headers().forEach((k, v) -> headers.put(k, SecretBox.mask(v)));
        p.region().ifPresent(region -> out.put("region", region));
        return out;
    }

    private static ObjectNode model(StoredModel m) {
        ObjectNode out = AdminJson.object();
        out.put("name", m.name());
        out.put("source", "api");
        out.set("routes", AdminJson.MAPPER.readTree(m.routes()));
        ArrayNode fallbacks = out.putArray("fallbacks");
        m.fallbacks().forEach(fallbacks::add);
        out.set("retries", AdminJson.MAPPER.readTree(m.retries()));
        out.set("timeouts", AdminJson.MAPPER.readTree(m.timeouts()));
        out.put("created_at", m.createdAt().toString());
        out.put("updated_at", m.updatedAt().toString());
        return out;
    }

    private static ObjectNode fileModel(ModelConfig m) {
        ObjectNode out = AdminJson.object();
        out.put("name", m.name());
        out.put("source", "file");
        ArrayNode routes = out.putArray("routes");
        for (RouteConfig r : m.routes()) {
            routes.addObject().put("provider", r.provider()).put("model", r.model()).put("weight", r.weight())
                    .put("priority", r.priority());
        }
        ArrayNode fallbacks = out.putArray("fallbacks");
        m.fallbacks().forEach(fallbacks::add);
        return out;
    }
}
