package dev.parley.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything Parley is configured with, validated: route providers exist, names and keys are unique.
 *
 * @param retries how requests are retried and failed over before their first byte
 * @param masterKey the administrator's key, from {@code master_key} or the {@code PARLEY_MASTER_KEY} variable
 * @param warnings things that were accepted but probably not meant, such as LiteLLM settings Parley ignores
 * @param health when channels' circuits open and for how long
 */
public record ParleyConfig(
        ServerSettings server,
        StorageSettings storage,
        UsageSettings usage,
        RetrySettings retries,
        List<ProviderConfig> providers,
        List<ModelConfig> models,
        List<KeyConfig> keys,
        Optional<Secret> masterKey,
        List<String> warnings,
        HealthSettings health) {

    public ParleyConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(masterKey, "masterKey");
        Objects.requireNonNull(health, "health");
        providers = List.copyOf(providers);
        models = List.copyOf(models);
        keys = List.copyOf(keys);
        warnings = List.copyOf(warnings);
    }

    /** A configuration with the default health settings. */
    public ParleyConfig(ServerSettings server, StorageSettings storage, UsageSettings usage, RetrySettings retries,
                        List<ProviderConfig> providers, List<ModelConfig> models, List<KeyConfig> keys,
                        Optional<Secret> masterKey, List<String> warnings) {
        this(server, storage, usage, retries, providers, models, keys, masterKey, warnings, HealthSettings.DEFAULTS);
    }

    public Optional<ProviderConfig> provider(String name) {
        return providers.stream().filter(provider -> provider.name().equals(name)).findFirst();
    }

    public Optional<ModelConfig> model(String name) {
        return models.stream().filter(model -> model.name().equals(name)).findFirst();
    }
}
