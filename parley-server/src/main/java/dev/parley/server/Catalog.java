package dev.parley.server;

import dev.parley.core.catalog.CatalogPorts;
import dev.parley.core.catalog.PriceVersionRecord;
import dev.parley.core.catalog.StoredCatalog;
import dev.parley.core.catalog.StoredModel;
import dev.parley.core.catalog.StoredProvider;
import dev.parley.core.config.ConfigLoader;
import dev.parley.core.config.ParleyConfig;
import dev.parley.core.pricing.Pricer;
import dev.parley.core.routing.Router;
import dev.parley.core.secrets.SecretBox;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The providers, models and prices the request path routes and prices with: the configuration file's and the
 * store's, merged into one {@link ParleyConfig} validated exactly as a file holding all of them would be
 * ({@link ConfigLoader#withCatalog}), with its {@link Router} and {@link Pricer}. The whole {@link View} is swapped
 * at once: a request reads it once when it starts and keeps it through its retries and fallbacks, and the next
 * request sees the change. Changes are serialized, and each is validated on the whole catalog it would make before
 * the store takes it.
 */
final class Catalog {

    /** One consistent catalog. */
    record View(ParleyConfig config, Router router, Pricer pricer) {
    }

    private final ParleyConfig file;
    private final Pricer filePricer;
    private final Optional<CatalogPorts> ports;
    private final AtomicReference<View> current;
    private final ReentrantLock changes = new ReentrantLock();
    /** Told of each new view after it is routed with (health checks follow the providers). */
    private volatile Consumer<View> swapped = view -> { };

    Catalog(ParleyConfig file, Router router, Pricer pricer, Optional<CatalogPorts> ports) {
        this.file = file;
        this.filePricer = pricer;
        this.ports = ports;
        this.current = new AtomicReference<>(new View(file, router, pricer));
    }

    /** Sets what is told of each change; the server sets it once, before it takes requests. */
    void onSwap(Consumer<View> listener) {
        this.swapped = listener;
    }

    View view() {
        return current.get();
    }

    Router router() {
        return current.get().router();
    }

    ParleyConfig file() {
        return file;
    }

    Optional<CatalogPorts> ports() {
        return ports;
    }

    boolean fileProvider(String name) {
        return file.provider(name).isPresent();
    }

    boolean fileModel(String name) {
        return file.models().stream().anyMatch(m -> m.name().equals(name));
    }

    /**
     * Reads the store's catalog and routes with it. At start-up this fails, naming the provider, when a key cannot
     * be opened under this server secret, and, naming the key path, when the store's catalog no longer fits the file.
     */
    void load() {
        ports.ifPresent(p -> {
            View loaded = compile(p.store().catalog());
            current.set(loaded);
            recordVersion(p, loaded);
        });
    }

    /**
     * Reads the store's catalog again and routes with it: a change another replica made. Serialized with this
     * replica's own changes. When the store cannot be read, or its catalog does not compile with this replica's file,
     * it throws and the view in use stays.
     */
    void reload() {
        ports.ifPresent(p -> {
            changes.lock();
            try {
                View next = compile(p.store().catalog());
                current.set(next);
                swapped.accept(next);
            } finally {
                changes.unlock();
            }
        });
    }

    /**
     * Keeps the view's price version with the operator's prices it has, so that the version a row names can be
     * explained after the prices change (a version already kept stays as it was first recorded).
     */
    private static void recordVersion(CatalogPorts p, View view) {
        ArrayNode prices = AdminJson.MAPPER.createArrayNode();
        view.config().pricing().prices().forEach(price -> prices.add(AdminJson.price(price)));
        p.store().recordPriceVersion(new PriceVersionRecord(view.pricer().version(),
                AdminJson.MAPPER.writeValueAsString(prices), Instant.now()));
    }

    /**
     * Runs one change: {@code write} stores it once {@code candidate}, the store's catalog with the change, is known
     * to compile; the compiled view is then the one routed with. Serialized, so that two changes cannot each be
     * validated without the other.
     *
     * @throws dev.parley.core.config.ConfigException when the catalog with the change would not be valid
     */
    <T> T change(java.util.function.UnaryOperator<StoredCatalog> candidate, Supplier<T> write) {
        CatalogPorts p = ports.orElseThrow();
        changes.lock();
        try {
            View next = compile(candidate.apply(p.store().catalog()));
            T result = write.get();
            if (!next.pricer().version().equals(current.get().pricer().version())) {
                recordVersion(p, next);
            }
            current.set(next);
            swapped.accept(next);
            return result;
        } finally {
            changes.unlock();
        }
    }

    /** The merged view of the file and {@code stored}; opens the sealed keys. */
    View compile(StoredCatalog stored) {
        if (stored.isEmpty()) {
            return new View(file, new Router(file), filePricer);
        }
        SecretBox box = ports.orElseThrow().box();
        ObjectNode root = AdminJson.object();
        ArrayNode providers = root.putArray("providers");
        stored.providers().forEach(p -> providers.add(provider(p, box)));
        ArrayNode models = root.putArray("models");
        stored.models().forEach(m -> models.add(model(m)));
        ArrayNode prices = root.putArray("prices");
        stored.prices().forEach(p -> prices.add(AdminJson.price(p)));
        // The catalog's text is read with no environment; $${ keeps a literal ${ (in a key, say) as it is.
        String text = AdminJson.MAPPER.writeValueAsString(root).replace("${", "$${");
        ParleyConfig merged = ConfigLoader.withCatalog(file, text);
        // Prices of their own make another price table, and so another version; otherwise the file's table stays.
        Pricer pricer = stored.prices().isEmpty() ? filePricer.withProviders(merged.providers()) : Pricer.of(merged);
        return new View(merged, new Router(merged), pricer);
    }

    private static ObjectNode provider(StoredProvider p, SecretBox box) {
        ObjectNode out = AdminJson.object();
        out.put("name", p.name());
        out.put("type", p.type());
        p.baseUrl().ifPresent(url -> out.put("base_url", url));
        ArrayNode keys = out.putArray("keys");
        p.sealedKeys().forEach(sealed -> keys.add(box.open(p.name(), sealed)));
        ObjectNode headers = out.putObject("headers");
        p.headers().forEach(headers::put);
        p.region().ifPresent(region -> out.put("region", region));
        p.rpm().ifPresent(rpm -> out.put("rpm", rpm));
        p.tpm().ifPresent(tpm -> out.put("tpm", tpm));
        nonEmpty(out, "timeouts", p.timeouts());
        nonEmpty(out, "health_check", p.healthCheck());
        return out;
    }

    private static ObjectNode model(StoredModel m) {
        ObjectNode out = AdminJson.object();
        out.put("name", m.name());
        out.set("routes", AdminJson.MAPPER.readTree(m.routes()));
        ArrayNode fallbacks = out.putArray("fallbacks");
        m.fallbacks().forEach(fallbacks::add);
        nonEmpty(out, "retries", m.retries());
        nonEmpty(out, "timeouts", m.timeouts());
        return out;
    }

    private static void nonEmpty(ObjectNode out, String field, String json) {
        JsonNode node = AdminJson.MAPPER.readTree(json);
        if (!(node.isObject() && node.isEmpty())) {
            out.set(field, node);
        }
    }
}
