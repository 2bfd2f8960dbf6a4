package dev.parley.store;

import dev.parley.core.catalog.CatalogStore;
import dev.parley.core.catalog.PriceVersionRecord;
import dev.parley.core.catalog.StoredCatalog;
import dev.parley.core.catalog.StoredModel;
import dev.parley.core.catalog.StoredProvider;
import dev.parley.core.config.PriceOverride;
import dev.parley.core.tenancy.TenancyConflictException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
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
    private static final String PRICE = "provider, model, input, output, cache_read, cache_write, cache_write_1h";
    private static final String VERSION = "version, prices, first_used_at";
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
                Jdbc.list(c, "SELECT " + MODEL + " FROM models ORDER BY name", List.of(), CatalogRepository::model),
                Jdbc.list(c, "SELECT " + PRICE + " FROM prices ORDER BY provider, model", List.of(),
                        CatalogRepository::price)));
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
        return jdbc.transaction("deleting a provider", c -> {
            Jdbc.update(c, "DELETE FROM prices WHERE provider = ?", List.of(name));
            return Jdbc.update(c, "DELETE FROM providers WHERE name = ?", List.of(name)) > 0;
        });
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

    @Override
    public PriceOverride putPrice(PriceOverride p) {
        return jdbc.transaction("putting a price", c -> {
            Jdbc.update(c, "INSERT INTO prices (" + PRICE + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (provider, model) DO UPDATE SET input = excluded.input,"
                            + " output = excluded.output, cache_read = excluded.cache_read,"
                            + " cache_write = excluded.cache_write, cache_write_1h = excluded.cache_write_1h,"
                            + " updated_at = excluded.updated_at",
                    List.of(p.provider(), p.model(), new SqlValue.Decimal(p.input()), new SqlValue.Decimal(p.output()),
                            decimal(p.cacheRead()), decimal(p.cacheWrite()), decimal(p.cacheWrite1h()),
                            Micros.of(Instant.now())));
            return Jdbc.first(c, "SELECT " + PRICE + " FROM prices WHERE provider = ? AND model = ?",
                    List.of(p.provider(), p.model()), CatalogRepository::price).orElseThrow();
        });
    }

    @Override
    public boolean deletePrice(String provider, String model) {
        return jdbc.transaction("deleting a price", c -> Jdbc.update(c,
                "DELETE FROM prices WHERE provider = ? AND model = ?", List.of(provider, model)) > 0);
    }

    @Override
    public void recordPriceVersion(PriceVersionRecord v) {
        jdbc.transaction("recording a price version", c -> Jdbc.update(c, "INSERT INTO price_versions (" + VERSION
                + ") VALUES (?, ?, ?) ON CONFLICT (version) DO NOTHING",
                List.of(v.version(), v.prices(), Micros.of(v.firstUsedAt()))));
    }

    @Override
    public Optional<PriceVersionRecord> priceVersion(String version) {
        return jdbc.read("reading a price version", c -> Jdbc.first(c, "SELECT " + VERSION
                + " FROM price_versions WHERE version = ?", List.of(version), CatalogRepository::version));
    }

    @Override
    public List<PriceVersionRecord> priceVersions() {
        return jdbc.read("listing price versions", c -> Jdbc.list(c, "SELECT " + VERSION
                + " FROM price_versions ORDER BY first_used_at DESC, version", List.of(), CatalogRepository::version));
    }

    private static SqlValue decimal(Optional<BigDecimal> value) {
        return value.<SqlValue>map(SqlValue.Decimal::new).orElseGet(() -> new SqlValue.Nullable(value, Types.NUMERIC));
    }

    private static PriceOverride price(ResultSet rs) throws SQLException {
        return new PriceOverride(rs.getString("provider"), rs.getString("model"), decimal(rs, "input").orElseThrow(),
                decimal(rs, "output").orElseThrow(), decimal(rs, "cache_read"), decimal(rs, "cache_write"),
                decimal(rs, "cache_write_1h"));
    }

    /** A decimal column read as its text, never through a double; without the trailing zeros PostgreSQL adds. */
    private static Optional<BigDecimal> decimal(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column)).map(text -> {
            BigDecimal stripped = new BigDecimal(text).stripTrailingZeros();
            return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        });
    }

    private static PriceVersionRecord version(ResultSet rs) throws SQLException {
        return new PriceVersionRecord(rs.getString("version"), rs.getString("prices"),
                Micros.instant(rs.getLong("first_used_at")));
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
