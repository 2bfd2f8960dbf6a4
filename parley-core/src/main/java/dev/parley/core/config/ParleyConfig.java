package dev.parley.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything Parley is configured with, validated: route providers exist, names and keys are unique.
 *
 * @param retries how requests are retried and failed over before their first byte
 * @param queue how requests wait while every key that could serve them is rate limited
 * @param masterKey the administrator's key, from {@code master_key} or the {@code PARLEY_MASTER_KEY} variable
 * @param warnings things that were accepted but probably not meant, such as LiteLLM settings Parley ignores
 * @param timeouts the top-level timeouts: what a provider or model that sets none of its own waits
 * @param health when channels' circuits open and for how long
 * @param pricing the operator's own prices and the markup on every request
 * @param redis the Redis replicas share counters and key health through; empty: each instance keeps its own
 * @param idempotency how long requests sent with an {@code Idempotency-Key} are remembered
 * @param batches how batch jobs are taken and run
 */
public record ParleyConfig(
        ServerSettings server,
        StorageSettings storage,
        UsageSettings usage,
        RetrySettings retries,
        QueueSettings queue,
        List<ProviderConfig> providers,
        List<ModelConfig> models,
        List<KeyConfig> keys,
        Optional<Secret> masterKey,
        List<String> warnings,
        Timeouts timeouts,
        HealthSettings health,
        PricingSettings pricing,
        Optional<RedisSettings> redis,
        IdempotencySettings idempotency,
        BatchSettings batches) {

    public ParleyConfig {
        Objects.requireNonNull(idempotency, "idempotency");
        Objects.requireNonNull(batches, "batches");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(masterKey, "masterKey");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(pricing, "pricing");
        Objects.requireNonNull(redis, "redis");
        providers = List.copyOf(providers);
        models = List.copyOf(models);
        keys = List.copyOf(keys);
        warnings = List.copyOf(warnings);
    }

    /** A configuration with the default batch settings. */
    public ParleyConfig(ServerSettings server, StorageSettings storage, UsageSettings usage, RetrySettings retries,
                        QueueSettings queue, List<ProviderConfig> providers, List<ModelConfig> models,
                        List<KeyConfig> keys, Optional<Secret> masterKey, List<String> warnings, Timeouts timeouts,
                        HealthSettings health, PricingSettings pricing, Optional<RedisSettings> redis,
                        IdempotencySettings idempotency) {
        this(server, storage, usage, retries, queue, providers, models, keys, masterKey, warnings, timeouts, health,
                pricing, redis, idempotency, BatchSettings.DEFAULTS);
    }

    /** A configuration without Redis and with the default idempotency settings. */
    public ParleyConfig(ServerSettings server, StorageSettings storage, UsageSettings usage, RetrySettings retries,
                        QueueSettings queue, List<ProviderConfig> providers, List<ModelConfig> models,
                        List<KeyConfig> keys, Optional<Secret> masterKey, List<String> warnings, Timeouts timeouts,
                        HealthSettings health, PricingSettings pricing) {
        this(server, storage, usage, retries, queue, providers, models, keys, masterKey, warnings, timeouts, health,
                pricing, Optional.empty(), IdempotencySettings.DEFAULTS);
    }

    /** A configuration with the default pricing: the bundled prices, no markup. */
    public ParleyConfig(ServerSettings server, StorageSettings storage, UsageSettings usage, RetrySettings retries,
                        QueueSettings queue, List<ProviderConfig> providers, List<ModelConfig> models,
                        List<KeyConfig> keys, Optional<Secret> masterKey, List<String> warnings, Timeouts timeouts,
                        HealthSettings health) {
        this(server, storage, usage, retries, queue, providers, models, keys, masterKey, warnings, timeouts, health,
                PricingSettings.DEFAULTS);
    }

    /** A configuration with the default queue, timeouts and health settings, for code that builds one by hand. */
    public ParleyConfig(ServerSettings server, StorageSettings storage, UsageSettings usage, RetrySettings retries,
                        List<ProviderConfig> providers, List<ModelConfig> models, List<KeyConfig> keys,
                        Optional<Secret> masterKey, List<String> warnings) {
        this(server, storage, usage, retries, QueueSettings.DEFAULTS, providers, models, keys, masterKey, warnings,
                Timeouts.DEFAULTS, HealthSettings.DEFAULTS, PricingSettings.DEFAULTS);
    }

    /** The same configuration on other server settings (a port chosen at start-up, say); nothing else is lost. */
    public ParleyConfig withServer(ServerSettings other) {
        return new ParleyConfig(other, storage, usage, retries, queue, providers, models, keys, masterKey, warnings,
                timeouts, health, pricing, redis, idempotency, batches);
    }

    /** The same configuration with other warnings. */
    public ParleyConfig withWarnings(List<String> other) {
        return new ParleyConfig(server, storage, usage, retries, queue, providers, models, keys, masterKey, other,
                timeouts, health, pricing, redis, idempotency, batches);
    }

    /** The same configuration with another Redis, or none. */
    public ParleyConfig withRedis(Optional<RedisSettings> other) {
        return new ParleyConfig(server, storage, usage, retries, queue, providers, models, keys, masterKey, warnings,
                timeouts, health, pricing, other, idempotency, batches);
    }

    public Optional<ProviderConfig> provider(String name) {
        return providers.stream().filter(provider -> provider.name().equals(name)).findFirst();
    }

    public Optional<ModelConfig> model(String name) {
        // A loop, not a stream: a request's retry policy is looked up here, and the stream's own work was most of it.
        for (ModelConfig model : models) {
            if (model.name().equals(name)) {
                return Optional.of(model);
            }
        }
        return Optional.empty();
    }
}
