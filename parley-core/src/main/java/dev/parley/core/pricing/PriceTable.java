package dev.parley.core.pricing;

import dev.parley.core.config.ParleyConfig;
import dev.parley.core.config.PriceOverride;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.ProviderType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The prices Parley bills at: the bundled price database (genai-prices), with the operator's {@code prices} on
 * top. Read once at start-up and immutable; its {@link #version()} names exactly these prices, so a usage row
 * can record what it was billed at and keep it when prices change.
 */
public final class PriceTable {

    static final String BUNDLED_RESOURCE = "genai-prices.json";
    private static final String GEMINI_MODEL_PREFIX = "models/";

    private final List<DatabaseProvider> providers;
    private final Map<String, DatabaseProvider> byId;
    private final Map<OverrideKey, ModelPrice> overrides;
    private final PriceVersion version;
    /**
     * Which database entry a provider's model name matches, remembered: matching walks the provider's rules
     * (regular expressions among them) in order, and every ledger row asks again for the same few names. The
     * entry does not depend on time (its price at an instant is chosen after), so remembering it is exact. Bounded,
     * since a client may name any model of a provider it can address directly.
     */
    private final Map<EntryKey, Optional<ModelEntry>> entries = new ConcurrentHashMap<>();
    static final int REMEMBERED_ENTRIES = 4_096;

    private record EntryKey(String provider, String model) {
    }

    /**
     * Which database provider serves at a base URL, and which providers' model patterns a model name fits,
     * remembered for the same reason and as exactly: both walk every provider's regular expressions, and neither
     * depends on time. Bounded like {@link #entries}.
     */
    private final Map<String, Optional<DatabaseProvider>> servers = new ConcurrentHashMap<>();
    private final Map<String, List<DatabaseProvider>> fitting = new ConcurrentHashMap<>();

    private record OverrideKey(String provider, String model) {}

    private PriceTable(List<DatabaseProvider> providers, Map<OverrideKey, ModelPrice> overrides, PriceVersion version) {
        this.providers = List.copyOf(providers);
        var ids = new HashMap<String, DatabaseProvider>();
        providers.forEach(provider -> ids.putIfAbsent(provider.id(), provider));
        this.byId = Map.copyOf(ids);
        this.overrides = Map.copyOf(overrides);
        this.version = version;
    }

    /** The database shipped with Parley, read on first use and shared after. */
    public static PriceTable bundled() {
        return Bundled.TABLE;
    }

    /** The bundled database with a configuration's own prices on top. */
    public static PriceTable of(ParleyConfig config) {
        return bundled().withOverrides(config.pricing().prices());
    }

    /** A price database in the genai-prices format; fails naming the first malformed entry. */
    public static PriceTable parse(byte[] json) {
        return new PriceTable(PriceData.parse(json), Map.of(), PriceVersion.of(json));
    }

    /** This table with {@code prices} winning over its own, replacing any given before. */
    public PriceTable withOverrides(List<PriceOverride> prices) {
        var entries = new HashMap<OverrideKey, ModelPrice>();
        for (var price : prices) {
            var key = new OverrideKey(price.provider(), price.model());
            if (entries.putIfAbsent(key, Overrides.price(price)) != null) {
                throw new IllegalArgumentException("two prices for " + price.provider() + "/" + price.model());
            }
        }
        return new PriceTable(providers, entries, version.withOverrides(prices));
    }

    /** A short stable name of exactly these prices: the same data and overrides always give the same version. */
    public String version() {
        return version.text();
    }

    /** How many models the database prices, over every provider. */
    public int modelCount() {
        return providers.stream().mapToInt(provider -> provider.models().size()).sum();
    }

    /**
     * The price of {@code upstreamModel} on a configured provider at {@code at}: the operator's own price for that
     * provider and model if there is one, else the database's for the provider's type.
     */
    public Optional<ModelPrice> find(ProviderConfig provider, String upstreamModel, Instant at) {
        var own = overrides.get(new OverrideKey(provider.name(), upstreamModel));
        if (own != null) {
            return Optional.of(own);
        }
        return switch (provider.type()) {
            case OPENAI, ANTHROPIC, GEMINI -> find(provider.type(), upstreamModel, at);
            case OPENAI_COMPATIBLE -> compatible(provider.baseUrl().toString(), upstreamModel, at);
        };
    }

    /**
     * The database's price of {@code upstreamModel} on a provider of this type. An OpenAI-compatible server may
     * serve anyone's models: the model is looked for under the provider its name points to, if any.
     */
    public Optional<ModelPrice> find(ProviderType type, String upstreamModel, Instant at) {
        return switch (type) {
            case OPENAI -> find("openai", upstreamModel, at);
            case ANTHROPIC -> find("anthropic", upstreamModel, at);
            case GEMINI -> find("google", stripGeminiPrefix(upstreamModel), at);
            case OPENAI_COMPATIBLE -> byModelName(upstreamModel, at);
        };
    }

    /** The database's price of {@code model} under one of its providers, by id ({@code openai}) or other name. */
    public Optional<ModelPrice> find(String databaseProvider, String model, Instant at) {
        return provider(databaseProvider).flatMap(provider -> priceIn(provider, model, at, 0));
    }

    /** A server whose URL the database knows (Groq, DeepSeek, OpenRouter...) is priced as that provider. */
    private Optional<ModelPrice> compatible(String baseUrl, String model, Instant at) {
        return remembered(servers, baseUrl, url -> providers.stream().filter(provider -> provider.servesAt(url))
                        .findFirst())
                .flatMap(provider -> priceIn(provider, model, at, 0))
                .or(() -> byModelName(model, at));
    }

    private static <T> T remembered(Map<String, T> memory, String key, Function<String, T> find) {
        T known = memory.get(key);
        if (known != null) {
            return known;
        }
        T found = find.apply(key);
        if (memory.size() < REMEMBERED_ENTRIES) {
            memory.put(key, found);
        }
        return found;
    }

    /**
     * {@code vendor/model} is looked for under that vendor (as the model or the part after the slash); else under
     * every provider whose own models' names it fits ({@code gpt-*} is OpenAI's); else there is no price.
     */
    private Optional<ModelPrice> byModelName(String model, Instant at) {
        var slash = model.indexOf('/');
        var byVendor = slash > 0
                ? provider(model.substring(0, slash)).flatMap(provider -> priceIn(provider, model, at, 0)
                        .or(() -> priceIn(provider, model.substring(slash + 1), at, 0)))
                : Optional.<ModelPrice>empty();
        return byVendor.or(() -> remembered(fitting, model, name -> providers.stream()
                        .filter(provider -> provider.modelMatch().filter(match -> match.matches(name)).isPresent())
                        .toList()).stream()
                .flatMap(provider -> priceIn(provider, model, at, 0).stream())
                .findFirst());
    }

    private Optional<DatabaseProvider> provider(String name) {
        return Optional.ofNullable(byId.get(name))
                .or(() -> providers.stream().filter(provider -> provider.isNamed(name)).findFirst());
    }

    private Optional<ModelEntry> entry(DatabaseProvider provider, String model) {
        var key = new EntryKey(provider.id(), model);
        var known = entries.get(key);
        if (known != null) {
            return known;
        }
        var found = provider.model(model);
        if (entries.size() < REMEMBERED_ENTRIES) {
            entries.put(key, found);
        }
        return found;
    }

    /** Falls back to the providers whose models this one resells (Claude on Vertex is priced as Anthropic's). */
    private Optional<ModelPrice> priceIn(DatabaseProvider provider, String model, Instant at, int depth) {
        var own = entry(provider, model).map(entry -> entry.priceAt(at));
        if (own.isPresent() || depth > providers.size()) {
            return own;
        }
        return provider.fallbacks().stream()
                .flatMap(id -> Stream.ofNullable(byId.get(id)))
                .flatMap(fallback -> priceIn(fallback, model, at, depth + 1).stream())
                .findFirst();
    }

    private static String stripGeminiPrefix(String model) {
        return model.startsWith(GEMINI_MODEL_PREFIX) ? model.substring(GEMINI_MODEL_PREFIX.length()) : model;
    }

    /** Read when first asked for, once, so that code that never prices pays nothing. */
    private static final class Bundled {
        static final PriceTable TABLE = load();

        private static PriceTable load() {
            try (var in = PriceTable.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) {
                    throw new PriceDataException(BUNDLED_RESOURCE, "missing from the classpath");
                }
                return parse(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled price data", e);
            }
        }
    }
}
