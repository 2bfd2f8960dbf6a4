package dev.parley.store;

import dev.parley.core.catalog.CatalogStore;
import dev.parley.core.catalog.StoredCatalog;
import dev.parley.core.catalog.StoredModel;
import dev.parley.core.catalog.StoredProvider;
import dev.parley.core.tenancy.TenancyConflictException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Providers and models made through the admin API (migration V7), with the same SQL on both databases. The keys
 * arrive sealed and are stored as they arrive; this class cannot open them. A duplicate name is refused by the
 * primary key and thrown as a {@link TenancyConflictException}.
 */
public final class CatalogRepository implements CatalogStore {

    private static final String PROVIDER = "name, type, base_url, keys, headers, region, rpm, tpm, timeouts,"
            + " health_check, created_at, updated_at";
    private static final String MODEL = "name, routes, fallbacks, retries, timeouts, created_at, updated_at";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Jdbc jdbc;

    public CatalogRepository(Database database) {
        this.jdbc = new Jdbc(database);
    }

    @Override
    public StoredCatalog catalog() {
        return jdbc.snapshot("reading the catalog", c -> new StoredCatalog(
                Jdbc.list(c, "SELECT " + PROVIDER + " FROM providers ORDER BY name", List.of(),
                        CatalogRepository::provider),
                Jdbc.list(c, "SELECT " + MODEL + " FROM models ORDER BY name", List.of(), CatalogRepository::model)));
    }

    @Override
    public Optional<StoredProvider> provider(String name) {
        return jdbc.read("reading a provider", c -> provider(c, name));
    }

    @Override
    public StoredProvider createProvider(StoredProvider p) {
        return jdbc.transaction("creating a provider", c -> {
            Jdbc.update(c, "INSERT INTO providers (" + PROVIDER + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    List.of(p.name(), p.type(), SqlValue.text(p.baseUrl()), strings(p.sealedKeys()),
                            headers(p.headers()), SqlValue.text(p.region()), SqlValue.integer(p.rpm()),
                            SqlValue.bigint(p.tpm()), p.timeouts(), p.healthCheck(), Micros.of(p.createdAt()),
                            Micros.of(p.updatedAt())));
            return provider(c, p.name()).orElseThrow();
        }, (c, violated) -> "a provider named \"" + p.name() + "\" already exists");
    }

    @Override
    public Optional<StoredProvider> updateProvider(StoredProvider p) {
        return jdbc.transaction("updating a provider", c -> {
            int changed = Jdbc.update(c, "UPDATE providers SET type = ?, base_url = ?, keys = ?, headers = ?,"
                            + " region = ?, rpm = ?, tpm = ?, timeouts = ?, health_check = ?, updated_at = ?"
                            + " WHERE name = ?",
                    List.of(p.type(), SqlValue.text(p.baseUrl()), strings(p.sealedKeys()), headers(p.headers()),
                            SqlValue.text(p.region()), SqlValue.integer(p.rpm()), SqlValue.bigint(p.tpm()),
                            p.timeouts(), p.healthCheck(), Micros.of(p.updatedAt()), p.name()));
            return changed == 0 ? Optional.empty() : provider(c, p.name());
        });
    }

    @Override
    public boolean deleteProvider(String name) {
        return jdbc.transaction("deleting a provider",
                c -> Jdbc.update(c, "DELETE FROM providers WHERE name = ?", List.of(name)) > 0);
    }

    @Override
    public Optional<StoredModel> model(String name) {
        return jdbc.read("reading a model", c -> model(c, name));
    }

    @Override
    public StoredModel createModel(StoredModel m) {
        return jdbc.transaction("creating a model", c -> {
            Jdbc.update(c, "INSERT INTO models (" + MODEL + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                    List.of(m.name(), m.routes(), strings(m.fallbacks()), m.retries(), m.timeouts(),
                            Micros.of(m.createdAt()), Micros.of(m.updatedAt())));
            return model(c, m.name()).orElseThrow();
        }, (c, violated) -> "a model named \"" + m.name() + "\" already exists");
    }

    @Override
    public Optional<StoredModel> updateModel(StoredModel m) {
        return jdbc.transaction("updating a model", c -> {
            int changed = Jdbc.update(c, "UPDATE models SET routes = ?, fallbacks = ?, retries = ?, timeouts = ?,"
                    + " updated_at = ? WHERE name = ?", List.of(m.routes(), strings(m.fallbacks()), m.retries(),
                    m.timeouts(), Micros.of(m.updatedAt()), m.name()));
            return changed == 0 ? Optional.empty() : model(c, m.name());
        });
    }

    @Override
    public boolean deleteModel(String name) {
        return jdbc.transaction("deleting a model",
                c -> Jdbc.update(c, "DELETE FROM models WHERE name = ?", List.of(name)) > 0);
    }

    private static Optional<StoredProvider> provider(Connection c, String name) throws SQLException {
        return Jdbc.first(c, "SELECT " + PROVIDER + " FROM providers WHERE name = ?", List.of(name),
                CatalogRepository::provider);
    }

    private static Optional<StoredModel> model(Connection c, String name) throws SQLException {
        return Jdbc.first(c, "SELECT " + MODEL + " FROM models WHERE name = ?", List.of(name), CatalogRepository::model);
    }

    private static StoredProvider provider(ResultSet rs) throws SQLException {
        long rpm = rs.getLong("rpm");
        boolean noRpm = rs.wasNull();
        long tpm = rs.getLong("tpm");
        boolean noTpm = rs.wasNull();
        return new StoredProvider(rs.getString("name"), rs.getString("type"),
                Optional.ofNullable(rs.getString("base_url")), strings(rs.getString("keys")),
                headers(rs.getString("headers")), Optional.ofNullable(rs.getString("region")),
                noRpm ? OptionalInt.empty() : OptionalInt.of((int) rpm), noTpm ? OptionalLong.empty() : OptionalLong.of(tpm),
                rs.getString("timeouts"), rs.getString("health_check"), Micros.instant(rs.getLong("created_at")),
                Micros.instant(rs.getLong("updated_at")));
    }

    private static StoredModel model(ResultSet rs) throws SQLException {
        return new StoredModel(rs.getString("name"), rs.getString("routes"), strings(rs.getString("fallbacks")),
                rs.getString("retries"), rs.getString("timeouts"), Micros.instant(rs.getLong("created_at")),
                Micros.instant(rs.getLong("updated_at")));
    }

    private static String strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return JSON.writeValueAsString(array);
    }

    private static String headers(Map<String, String> headers) {
        ObjectNode object = JSON.createObjectNode();
        headers.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(h -> object.put(h.getKey(), h.getValue()));
        return JSON.writeValueAsString(object);
    }

    private static List<String> strings(String json) {
        List<String> values = new ArrayList<>();
        tree(json).forEach(value -> values.add(value.asString()));
        return values;
    }

    private static Map<String, String> headers(String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        tree(json).properties().forEach(h -> headers.put(h.getKey(), h.getValue().asString()));
        return headers;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalStateException("unreadable catalog JSON in the database", e);
        }
    }
}
