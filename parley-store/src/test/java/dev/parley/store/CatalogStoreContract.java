package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.catalog.PriceVersionRecord;
import dev.parley.core.catalog.StoredCatalog;
import dev.parley.core.catalog.StoredModel;
import dev.parley.core.catalog.StoredProvider;
import dev.parley.core.config.PriceOverride;
import dev.parley.core.secrets.SecretBox;
import dev.parley.core.tenancy.TenancyConflictException;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the catalog store promises, checked on each kind of database. */
abstract class CatalogStoreContract extends RealDatabaseTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final String PLAINTEXT = "sk-upstream-canary-7d1e93f0a2b4";

    private final SecretBox box = new SecretBox(new byte[32], new SecureRandom());
    protected CatalogRepository store;

    @BeforeEach
    void openStore() {
        store = new CatalogRepository(database);
    }

    @Test
    void keepsAProviderAsGiven() {
        StoredProvider given = new StoredProvider("eu-openai", "openai-compatible", Optional.of("https://eu.example/v1"),
                List.of(box.seal("eu-openai", PLAINTEXT), box.seal("eu-openai", "second-key-000000")),
                Map.of("X-Org", "org-1", "X-Team", "t"), Optional.of("eu-west"), OptionalInt.of(500),
                OptionalLong.of(200_000), "{\"connect\":\"5s\"}", "{\"interval\":\"30s\"}", T0, T0);

        assertThat(store.createProvider(given)).isEqualTo(given);
        assertThat(store.provider("eu-openai")).contains(given);
        assertThat(box.open("eu-openai", store.provider("eu-openai").orElseThrow().sealedKeys().getFirst()))
                .isEqualTo(PLAINTEXT);
    }

    @Test
    void keepsAbsentSettingsAbsent() {
        StoredProvider given = provider("bare");

        assertThat(store.createProvider(given)).isEqualTo(given);
        assertThat(store.provider("bare").orElseThrow().rpm()).isEmpty();
        assertThat(store.provider("bare").orElseThrow().baseUrl()).isEmpty();
        assertThat(store.provider("missing")).isEmpty();
    }

    @Test
    void refusesADuplicateProviderName() {
        store.createProvider(provider("p"));

        assertThatThrownBy(() -> store.createProvider(provider("p")))
                .isInstanceOf(TenancyConflictException.class)
                .hasMessageContaining("\"p\" already exists");
    }

    @Test
    void updatesAndDeletesAProvider() {
        store.createProvider(provider("p"));
        StoredProvider changed = new StoredProvider("p", "anthropic", Optional.empty(),
                List.of(box.seal("p", "rotated-key-111111")), Map.of(), Optional.of("us"), OptionalInt.of(5),
                OptionalLong.empty(), "{}", "{}", T1, T1);

        StoredProvider stored = store.updateProvider(changed).orElseThrow();

        assertThat(stored.type()).isEqualTo("anthropic");
        assertThat(stored.createdAt()).isEqualTo(T0);
        assertThat(stored.updatedAt()).isEqualTo(T1);
        assertThat(stored.region()).contains("us");
        assertThat(store.updateProvider(provider("absent"))).isEmpty();
        assertThat(store.deleteProvider("p")).isTrue();
        assertThat(store.deleteProvider("p")).isFalse();
        assertThat(store.provider("p")).isEmpty();
    }

    @Test
    void keepsModelsAndTheirRoutes() {
        StoredModel given = model("gpt", "[{\"provider\":\"p\",\"model\":\"gpt-4o\",\"weight\":1,\"priority\":0}]");

        assertThat(store.createModel(given)).isEqualTo(given);
        assertThatThrownBy(() -> store.createModel(given)).isInstanceOf(TenancyConflictException.class);

        StoredModel moved = new StoredModel("gpt", "[{\"provider\":\"q\",\"model\":\"gpt-4o\"}]", List.of(),
                "{}", "{}", T1, T1);
        assertThat(store.updateModel(moved).orElseThrow().routes()).contains("\"q\"");
        assertThat(store.model("gpt").orElseThrow().createdAt()).isEqualTo(T0);
        assertThat(store.updateModel(model("absent", "[]"))).isEmpty();
        assertThat(store.deleteModel("gpt")).isTrue();
        assertThat(store.model("gpt")).isEmpty();
    }

    @Test
    void readsTheWholeCatalogInNameOrder() {
        assertThat(store.catalog()).isEqualTo(StoredCatalog.EMPTY);
        store.createProvider(provider("b"));
        store.createProvider(provider("a"));
        store.createModel(model("m2", "[]"));
        store.createModel(model("m1", "[]"));

        StoredCatalog catalog = store.catalog();

        assertThat(catalog.providers()).extracting(StoredProvider::name).containsExactly("a", "b");
        assertThat(catalog.models()).extracting(StoredModel::name).containsExactly("m1", "m2");
    }

    @Test
    void aPlaintextKeyCannotReachTheStore() {
        assertThatThrownBy(() -> new StoredProvider("p", "openai", Optional.empty(), List.of(PLAINTEXT), Map.of(),
                Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), "{}", "{}", T0, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(PLAINTEXT);
    }

    @Test
    void keepsPricesExactlyAndDeletesThemWithTheirProvider() {
        store.createProvider(provider("priced"));
        store.createProvider(provider("other"));
        PriceOverride exact = new PriceOverride("priced", "m/with-slash", new BigDecimal("0.0000000001"),
                new BigDecimal("12345678901234.5"), Optional.of(new BigDecimal("0.3")), Optional.empty(),
                Optional.of(new BigDecimal("6")));
        PriceOverride other = new PriceOverride("other", "m", BigDecimal.ONE, BigDecimal.TEN);

        assertThat(store.putPrice(exact)).isEqualTo(exact);
        store.putPrice(other);
        PriceOverride cheaper = new PriceOverride("other", "m", new BigDecimal("0.5"), BigDecimal.TEN);
        assertThat(store.putPrice(cheaper)).isEqualTo(cheaper);

        assertThat(store.catalog().prices()).containsExactly(cheaper, exact);
        assertThat(store.deleteProvider("priced")).isTrue();
        assertThat(store.catalog().prices()).containsExactly(cheaper);
        assertThat(store.deletePrice("other", "m")).isTrue();
        assertThat(store.deletePrice("other", "m")).isFalse();
        assertThat(store.catalog().prices()).isEmpty();
    }

    @Test
    void keepsEachPriceVersionAsFirstRecorded() {
        store.recordPriceVersion(new PriceVersionRecord("v1", "[]", T0));
        store.recordPriceVersion(new PriceVersionRecord("v2", "[{\"provider\":\"p\"}]", T1));
        store.recordPriceVersion(new PriceVersionRecord("v1", "[\"again\"]", T1));

        assertThat(store.priceVersion("v1")).contains(new PriceVersionRecord("v1", "[]", T0));
        assertThat(store.priceVersions()).extracting(PriceVersionRecord::version).containsExactly("v2", "v1");
        assertThat(store.priceVersion("v3")).isEmpty();
    }

    private StoredProvider provider(String name) {
        return new StoredProvider(name, "openai", Optional.empty(), List.of(box.seal(name, PLAINTEXT)), Map.of(),
                Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), "{}", "{}", T0, T0);
    }

    private static StoredModel model(String name, String routes) {
        return new StoredModel(name, routes, List.of("other"), "{\"max_attempts\":2}", "{\"first_token\":\"300s\"}",
                T0, T0);
    }
}
