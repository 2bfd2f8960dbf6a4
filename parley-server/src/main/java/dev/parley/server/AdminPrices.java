package dev.parley.server;

import dev.parley.core.catalog.CatalogStore;
import dev.parley.core.catalog.PriceVersionRecord;
import dev.parley.core.catalog.StoredCatalog;
import dev.parley.core.config.PriceOverride;
import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.Target;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /admin/prices}: the operator's prices (dollars per million tokens for one upstream model of one provider),
 * the configuration file's (read only) and those set here, which win over the bundled price data like the file's.
 * Every change makes a new price version, which the rows priced after it name; {@code /admin/prices/versions} lists
 * each version rows were billed at with the operator's prices it had, so that an old row's cost stays explained.
 * Prices are part of the catalog: organization admins change them, viewers read them.
 */
final class AdminPrices {

    private static final Target.Org CATALOG = new Target.Org(Target.OrgResource.CATALOG);
    private static final Set<String> FIELDS = Set.of("provider", "model", "input", "output", "cache_read", "cache_write",
            "cache_write_1h");

    private AdminPrices() {
    }

    static AdminReply list(AdminCall call) {
        call.require(Action.READ, CATALOG);
        Catalog.View view = call.backend.catalog().view();
        ObjectNode out = AdminJson.object();
        out.put("version", view.pricer().version());
        out.put("markup_percent", view.pricer().markup().percent().toPlainString());
        ArrayNode items = out.putArray("prices");
        call.backend.catalog().file().pricing().prices().forEach(p -> items.add(AdminJson.price(p).put("source", "file")));
        call.backend.catalog().ports().ifPresent(ports -> ports.store().catalog().prices()
                .forEach(p -> items.add(AdminJson.price(p).put("source", "api"))));
        return AdminReply.ok(out);
    }

    /** Sets the price of one provider's upstream model, whole: a cache price left out is the input price. */
    static AdminReply put(AdminCall call) {
        call.require(Action.WRITE, CATALOG);
        AdminInput input = call.input(FIELDS);
        PriceOverride price = new PriceOverride(input.requiredText("provider"), input.requiredText("model"),
                required(input, "input"), required(input, "output"), input.money("cache_read"),
                input.money("cache_write"), input.money("cache_write_1h"));
        notInFile(call, price.provider(), price.model());
        Optional<PriceOverride> before = stored(call, price.provider(), price.model());
        PriceOverride after = AdminCatalog.change(call, c -> with(c, price), () -> store(call).putPrice(price));
        call.changed("price.put", price.provider() + "/" + price.model(), before.map(AdminJson::price),
                Optional.of(AdminJson.price(after)));
        return AdminReply.ok(AdminJson.price(after).put("version", call.backend.catalog().view().pricer().version()));
    }

    /** {@code DELETE /admin/prices?provider=...&model=...}: the bundled price applies again. */
    static AdminReply delete(AdminCall call) {
        call.require(Action.WRITE, CATALOG);
        String provider = call.query("provider").orElseThrow(() -> AdminProblem.badRequest("provider", "required"));
        String model = call.query("model").orElseThrow(() -> AdminProblem.badRequest("model", "required"));
        notInFile(call, provider, model);
        PriceOverride before = stored(call, provider, model)
                .orElseThrow(() -> AdminProblem.notFound("price of", provider + "/" + model));
        AdminCatalog.change(call, c -> without(c, provider, model), () -> store(call).deletePrice(provider, model));
        call.changed("price.delete", provider + "/" + model, Optional.of(AdminJson.price(before)), Optional.empty());
        return AdminReply.noContent();
    }

    static AdminReply versions(AdminCall call) {
        call.require(Action.READ, CATALOG);
        ArrayNode items = AdminJson.MAPPER.createArrayNode();
        store(call).priceVersions().forEach(v -> items.add(version(v)));
        ObjectNode out = AdminJson.object();
        out.set("items", items);
        return AdminReply.ok(out);
    }

    static AdminReply version(AdminCall call) {
        call.require(Action.READ, CATALOG);
        String version = call.param("version");
        return AdminReply.ok(version(store(call).priceVersion(version)
                .orElseThrow(() -> AdminProblem.notFound("price version", version))));
    }

    private static ObjectNode version(PriceVersionRecord v) {
        ObjectNode out = AdminJson.object();
        out.put("version", v.version());
        out.put("first_used_at", v.firstUsedAt().toString());
        out.set("prices", AdminJson.MAPPER.readTree(v.prices()));
        return out;
    }

    private static BigDecimal required(AdminInput input, String field) {
        return input.money(field).orElseThrow(() -> AdminProblem.invalid(field, "required"));
    }

    private static void notInFile(AdminCall call, String provider, String model) {
        boolean inFile = call.backend.catalog().file().pricing().prices().stream()
                .anyMatch(p -> p.provider().equals(provider) && p.model().equals(model));
        if (inFile) {
            throw AdminProblem.conflict("the price of " + provider + "/" + model
                    + " is set in the configuration file; change it there");
        }
    }

    private static Optional<PriceOverride> stored(AdminCall call, String provider, String model) {
        return store(call).catalog().prices().stream()
                .filter(p -> p.provider().equals(provider) && p.model().equals(model)).findFirst();
    }

    private static StoredCatalog with(StoredCatalog c, PriceOverride price) {
        List<PriceOverride> prices = new ArrayList<>(without(c, price.provider(), price.model()).prices());
        prices.add(price);
        prices.sort(Comparator.comparing(PriceOverride::provider).thenComparing(PriceOverride::model));
        return new StoredCatalog(c.providers(), c.models(), prices);
    }

    private static StoredCatalog without(StoredCatalog c, String provider, String model) {
        return new StoredCatalog(c.providers(), c.models(), c.prices().stream()
                .filter(p -> !(p.provider().equals(provider) && p.model().equals(model))).toList());
    }

    private static CatalogStore store(AdminCall call) {
        return call.backend.catalog().ports().orElseThrow(() -> AdminProblem.unavailable(
                "Prices set through the API need Parley's database; this Parley runs without one.")).store();
    }
}
