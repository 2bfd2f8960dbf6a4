package dev.parley.core.config;

import dev.parley.core.usage.LedgerDurability;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the sections both file formats share: {@code server}, {@code storage}, {@code usage}, {@code retries},
 * {@code queue}, {@code timeouts}, {@code health}, {@code keys}, {@code prices}, {@code markup_percent} and the
 * master key.
 */
final class SettingsMapper {

    static final String MASTER_KEY_VARIABLE = "PARLEY_MASTER_KEY";

    private static final List<String> SERVER_KEYS =
            List.of("host", "port", "max_body_bytes", "shutdown_grace", "data_dir", "limits", "tls", "admin");
    private static final List<String> LIMIT_KEYS = List.of("max_headers", "max_header_bytes", "max_json_depth",
            "max_messages", "max_tools", "max_parts", "body_timeout", "keep_alive_timeout",
            "header_timeout");
    private static final List<String> STORAGE_KEYS = List.of("url");
    private static final List<String> USAGE_KEYS = List.of("batch_size", "flush_interval", "queue_capacity",
            "durability", "retention", "bodies");
    private static final List<String> BODY_KEYS = List.of("retention", "max_bytes");
    private static final List<String> RETENTION_KEYS = List.of("raw", "hourly");
    private static final Pattern DAYS = Pattern.compile("(\\d{1,6})d");
    private static final List<String> RETRY_KEYS = List.of("max_attempts", "base_delay", "max_delay", "deadline",
            "budget_percent");
    private static final List<String> TIMEOUT_KEYS = List.of("connect", "first_token", "idle", "total");
    private static final List<String> QUEUE_KEYS = List.of("max_depth", "max_wait");
    private static final List<String> HEALTH_KEYS = List.of("consecutive_failures", "failure_rate", "minimum_calls",
            "window", "base_cool_off", "max_cool_off", "probe_timeout", "latency_half_life");
    private static final List<String> PRICE_KEYS = List.of("provider", "model", "input", "output", "cache_read",
            "cache_write", "cache_write_1h");
    private static final List<String> IDEMPOTENCY_KEYS = List.of("window", "max_wait", "lease");
    private static final List<String> BATCH_KEYS = List.of("max_file_bytes", "max_items", "concurrency", "workers",
            "lease", "poll_interval", "item_timeout");
    private static final List<String> KEY_KEYS = List.of("name", "key", "models");
    private static final List<String> REDIS_KEYS = List.of("url", "key_prefix", "on_unavailable", "timeout");

    private SettingsMapper() {}

    /** The shared sections of one document, before the master key's fallback is applied. */
    record Settings(ServerSettings server, StorageSettings storage, UsageSettings usage, RetrySettings retries,
            QueueSettings queue, List<KeyConfig> keys, Optional<Secret> masterKey, Timeouts timeouts,
            HealthSettings health, PricingSettings pricing, Optional<RedisSettings> redis,
            IdempotencySettings idempotency, BatchSettings batches) {}

    static Settings read(Fields root) {
        var server = root.optional("server").map(SettingsMapper::server).orElse(ServerSettings.DEFAULTS);
        var storage = root.optional("storage").flatMap(SettingsMapper::storage)
                .orElseGet(() -> StorageSettings.defaultFor(server.dataDir()));
        var usage = root.optional("usage").map(SettingsMapper::usage).orElse(UsageSettings.DEFAULTS);
        var retries = root.optional("retries").map(node -> retries(node, RetrySettings.DEFAULTS))
                .orElse(RetrySettings.DEFAULTS);
        var queue = root.optional("queue").map(SettingsMapper::queue).orElse(QueueSettings.DEFAULTS);
        var keys = root.optional("keys").map(node -> node.items(SettingsMapper::key)).orElse(List.of());
        var masterKey = root.optional("master_key").map(SettingsMapper::longSecret);
        var timeouts = root.optional("timeouts").map(node -> timeouts(node).over(Timeouts.DEFAULTS))
                .orElse(Timeouts.DEFAULTS);
        var health = root.optional("health").map(SettingsMapper::health).orElse(HealthSettings.DEFAULTS);
        var pricing = new PricingSettings(
                root.optional("prices").map(node -> node.items(SettingsMapper::price)).orElse(List.of()),
                root.optional("markup_percent").map(SettingsMapper::markupPercent)
                        .orElse(PricingSettings.DEFAULTS.markupPercent()));
        var redis = root.optional("redis").map(SettingsMapper::redis);
        var idempotency = root.optional("idempotency").map(SettingsMapper::idempotency)
                .orElse(IdempotencySettings.DEFAULTS);
        var batches = root.optional("batches").map(SettingsMapper::batches).orElse(BatchSettings.DEFAULTS);
        return new Settings(server, storage, usage, retries, queue, keys, masterKey, timeouts, health, pricing, redis,
                idempotency, batches);
    }

    private static ServerSettings server(Node node) {
        var fields = node.fields(SERVER_KEYS);
        var port = fields.optional("port").map(p -> p.integer(ServerSettings.MIN_PORT, ServerSettings.MAX_PORT))
                .orElse(ServerSettings.DEFAULT_PORT);
        return new ServerSettings(
                fields.optional("host").map(Node::nonBlankText).orElse(ServerSettings.DEFAULT_HOST),
                port,
                fields.optional("max_body_bytes").map(Node::size).orElse(ServerSettings.DEFAULT_MAX_BODY_BYTES),
                fields.optional("shutdown_grace").map(Node::duration).orElse(ServerSettings.DEFAULT_SHUTDOWN_GRACE),
                fields.optional("data_dir").map(Node::nonBlankText).orElse(ServerSettings.DEFAULT_DATA_DIR),
                fields.optional("limits").map(SettingsMapper::limits).orElse(InputLimits.DEFAULTS),
                fields.optional("tls").map(TlsMapper::server),
                fields.optional("admin").map(admin -> TlsMapper.admin(admin, port)));
    }

    private static InputLimits limits(Node node) {
        var fields = node.fields(LIMIT_KEYS);
        InputLimits d = InputLimits.DEFAULTS;
        return new InputLimits(
                fields.optional("max_headers").map(n -> n.integer(8, 10_000)).orElse(d.maxHeaders()),
                fields.optional("max_header_bytes").map(n -> boundedSize(n, 1024, 1 << 20)).orElse(d.maxHeaderBytes()),
                fields.optional("max_json_depth").map(n -> n.integer(8, 1_000)).orElse(d.maxJsonDepth()),
                fields.optional("max_messages").map(n -> n.integer(1, Integer.MAX_VALUE)).orElse(d.maxMessages()),
                fields.optional("max_tools").map(n -> n.integer(1, Integer.MAX_VALUE)).orElse(d.maxTools()),
                fields.optional("max_parts").map(n -> n.integer(1, Integer.MAX_VALUE)).orElse(d.maxParts()),
                fields.optional("body_timeout").map(Node::positiveDuration).orElse(d.bodyTimeout()),
                fields.optional("keep_alive_timeout").map(Node::positiveDuration).orElse(d.keepAliveTimeout()),
                fields.optional("header_timeout").map(SettingsMapper::headerTimeout).orElse(d.headerTimeout()));
    }

    private static Duration headerTimeout(Node node) {
        Duration timeout = node.positiveDuration();
        if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw node.fail("must be between 1ms and 1h, got " + node.described());
        }
        return timeout;
    }

    private static int boundedSize(Node node, int min, int max) {
        long bytes = node.size();
        if (bytes < min || bytes > max) {
            throw node.fail("must be from " + min + " to " + max + " bytes, got " + node.described());
        }
        return (int) bytes;
    }

    private static Optional<StorageSettings> storage(Node node) {
        return node.fields(STORAGE_KEYS).optional("url").map(url -> {
            var text = url.text().strip();
            StorageSettings.problem(text).ifPresent(problem -> {
                throw url.fail(problem);
            });
            return new StorageSettings(text);
        });
    }

    private static RedisSettings redis(Node node) {
        var fields = node.fields(REDIS_KEYS);
        var urlNode = fields.required("url");
        var url = urlNode.nonBlankText().strip();
        RedisSettings.problem(url).ifPresent(problem -> {
            throw urlNode.fail(problem);
        });
        var prefix = fields.optional("key_prefix").map(p -> {
            var text = p.text().strip();
            if (!RedisSettings.validPrefix(text)) {
                throw p.fail("must be " + RedisSettings.PREFIX_RULE + ", got " + p.described());
            }
            return text;
        }).orElse(RedisSettings.DEFAULT_KEY_PREFIX);
        var policy = fields.optional("on_unavailable").map(p -> switch (p.text().strip()) {
            case "open" -> RedisSettings.OnUnavailable.OPEN;
            case "closed" -> RedisSettings.OnUnavailable.CLOSED;
            default -> throw p.fail("expected open or closed, got " + p.described());
        }).orElse(RedisSettings.OnUnavailable.OPEN);
        var timeout = fields.optional("timeout").map(t -> {
            var value = t.duration();
            if (value.compareTo(RedisSettings.MIN_TIMEOUT) < 0 || value.compareTo(RedisSettings.MAX_TIMEOUT) > 0) {
                throw t.fail("must be from 10ms to 10s, got " + t.described());
            }
            return value;
        }).orElse(RedisSettings.DEFAULT_TIMEOUT);
        return new RedisSettings(url, prefix, policy, timeout);
    }

    private static UsageSettings usage(Node node) {
        var fields = node.fields(USAGE_KEYS);
        var batchSize = fields.optional("batch_size").map(size -> size.integer(1, Integer.MAX_VALUE))
                .orElse(UsageSettings.DEFAULT_BATCH_SIZE);
        var flushInterval = fields.optional("flush_interval").map(Node::positiveDuration)
                .orElse(UsageSettings.DEFAULT_FLUSH_INTERVAL);
        var queueCapacity = fields.optional("queue_capacity").map(capacity -> capacity.integer(1, Integer.MAX_VALUE))
                .orElse(UsageSettings.DEFAULT_QUEUE_CAPACITY);
        if (queueCapacity < batchSize) {
            // The writer takes whole batches off the queue; a queue smaller than a batch never fills one.
            throw fields.failAt("queue_capacity",
                    "must be at least batch_size (" + batchSize + "), got " + queueCapacity);
        }
        var durability = fields.optional("durability").map(SettingsMapper::durability)
                .orElse(UsageSettings.DEFAULT_DURABILITY);
        var retention = fields.optional("retention").map(SettingsMapper::retention).orElse(RetentionSettings.FOREVER);
        var bodies = fields.optional("bodies").map(SettingsMapper::bodies).orElse(BodySettings.DEFAULTS);
        return new UsageSettings(batchSize, flushInterval, queueCapacity, durability, retention, bodies);
    }

    private static BodySettings bodies(Node node) {
        var fields = node.fields(BODY_KEYS);
        var retention = fields.optional("retention").map(period -> {
            var days = DAYS.matcher(period.text().strip());
            var kept = days.matches() ? Duration.ofDays(Long.parseLong(days.group(1))) : period.duration();
            if (kept.compareTo(BodySettings.SHORTEST_RETENTION) < 0) {
                throw period.fail("must be at least 1h, got " + period.described());
            }
            return kept;
        }).orElse(BodySettings.DEFAULT_RETENTION);
        var maxBytes = fields.optional("max_bytes").map(size -> {
            long bytes = size.size();
            if (bytes < BodySettings.MIN_MAX_BYTES || bytes > BodySettings.MAX_MAX_BYTES) {
                throw size.fail("must be from 1KiB to 16MiB, got " + size.described());
            }
            return (int) bytes;
        }).orElse(BodySettings.DEFAULT_MAX_BYTES);
        return new BodySettings(retention, maxBytes);
    }

    private static RetentionSettings retention(Node node) {
        var fields = node.fields(RETENTION_KEYS);
        return new RetentionSettings(fields.optional("raw").map(SettingsMapper::retentionPeriod),
                fields.optional("hourly").map(SettingsMapper::retentionPeriod));
    }

    /** {@code 90d}, or any duration: at least a day. */
    private static Duration retentionPeriod(Node node) {
        var days = DAYS.matcher(node.text().strip());
        var period = days.matches() ? Duration.ofDays(Long.parseLong(days.group(1))) : node.duration();
        if (period.compareTo(RetentionSettings.SHORTEST) < 0) {
            throw node.fail("must be at least 1d, got " + node.described());
        }
        return period;
    }

    private static LedgerDurability durability(Node node) {
        return switch (node.text().strip()) {
            case "batched" -> LedgerDurability.BATCHED;
            case "journal" -> LedgerDurability.JOURNAL;
            default -> throw node.fail("expected batched or journal, got " + node.described());
        };
    }

    /** A {@code retries} section; keys it leaves out keep their value in {@code base}. */
    static RetrySettings retries(Node node, RetrySettings base) {
        var fields = node.fields(RETRY_KEYS);
        var maxAttempts = fields.optional("max_attempts")
                .map(attempts -> attempts.integer(1, RetrySettings.MAX_MAX_ATTEMPTS))
                .orElse(base.maxAttempts());
        var baseDelay = fields.optional("base_delay").map(Node::duration).orElse(base.baseDelay());
        var maxDelay = fields.optional("max_delay").map(Node::duration)
                .orElse(base.maxDelay().compareTo(baseDelay) >= 0 ? base.maxDelay() : baseDelay);
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw fields.failAt("max_delay", "must be at least base_delay (" + baseDelay.toMillis() + "ms), got "
                    + maxDelay.toMillis() + "ms");
        }
        var deadline = fields.optional("deadline").map(Node::positiveDuration).orElse(base.deadline());
        var budget = fields.optional("budget_percent")
                .map(percent -> percent.integer(0, RetrySettings.MAX_BUDGET_PERCENT))
                .orElse(base.budgetPercent());
        return new RetrySettings(maxAttempts, baseDelay, maxDelay, deadline, budget);
    }

    /** A {@code timeouts} section, at the top level or on a provider or model: the keys it sets. */
    static TimeoutOverrides timeouts(Node node) {
        var fields = node.fields(TIMEOUT_KEYS);
        return new TimeoutOverrides(fields.optional("connect").map(Node::positiveDuration),
                fields.optional("first_token").map(Node::positiveDuration),
                fields.optional("idle").map(Node::positiveDuration),
                fields.optional("total").map(Node::positiveDuration));
    }

    private static IdempotencySettings idempotency(Node node) {
        var fields = node.fields(IDEMPOTENCY_KEYS);
        var window = fields.optional("window").map(Node::positiveDuration).orElse(IdempotencySettings.DEFAULT_WINDOW);
        if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(IdempotencySettings.MAX_WINDOW) > 0) {
            throw fields.failAt("window", "must be from 1m to 30d, got " + window.toSeconds() + "s");
        }
        var maxWait = fields.optional("max_wait").map(Node::duration).orElse(IdempotencySettings.DEFAULT_WAIT);
        var lease = fields.optional("lease").map(Node::positiveDuration)
                .orElse(window.compareTo(IdempotencySettings.DEFAULT_LEASE) < 0 ? window
                        : IdempotencySettings.DEFAULT_LEASE);
        if (lease.compareTo(window) > 0) {
            throw fields.failAt("lease", "must be at most the window (" + window.toSeconds() + "s), got "
                    + lease.toSeconds() + "s");
        }
        return new IdempotencySettings(window, maxWait, lease);
    }

    private static BatchSettings batches(Node node) {
        var fields = node.fields(BATCH_KEYS);
        long maxFileBytes = fields.optional("max_file_bytes").map(size -> {
            long bytes = size.size();
            if (bytes < BatchSettings.MIN_MAX_FILE_BYTES || bytes > BatchSettings.MAX_MAX_FILE_BYTES) {
                throw size.fail("must be from 1KiB to 1GiB, got " + size.described());
            }
            return bytes;
        }).orElse(BatchSettings.DEFAULT_MAX_FILE_BYTES);
        var lease = fields.optional("lease").map(Node::positiveDuration).orElse(BatchSettings.DEFAULT_LEASE);
        if (lease.compareTo(BatchSettings.MIN_LEASE) < 0) {
            throw fields.failAt("lease", "must be at least 1s, got " + lease.toMillis() + "ms");
        }
        var poll = fields.optional("poll_interval").map(Node::positiveDuration)
                .orElse(BatchSettings.DEFAULT_POLL_INTERVAL);
        if (poll.compareTo(BatchSettings.MIN_POLL_INTERVAL) < 0) {
            throw fields.failAt("poll_interval", "must be at least 10ms, got " + poll.toMillis() + "ms");
        }
        return new BatchSettings(maxFileBytes,
                fields.optional("max_items").map(n -> n.integer(1, BatchSettings.MAX_MAX_ITEMS))
                        .orElse(BatchSettings.DEFAULT_MAX_ITEMS),
                fields.optional("concurrency").map(n -> n.integer(1, BatchSettings.MAX_CONCURRENCY))
                        .orElse(BatchSettings.DEFAULT_CONCURRENCY),
                fields.optional("workers").map(n -> n.integer(1, BatchSettings.MAX_CONCURRENCY))
                        .orElse(BatchSettings.DEFAULT_WORKERS),
                lease, poll,
                fields.optional("item_timeout").map(Node::positiveDuration).orElse(BatchSettings.DEFAULT_ITEM_TIMEOUT));
    }

    private static QueueSettings queue(Node node) {
        var fields = node.fields(QUEUE_KEYS);
        var maxDepth = fields.optional("max_depth").map(depth -> depth.integer(1, QueueSettings.MAX_MAX_DEPTH))
                .orElse(QueueSettings.DEFAULT_MAX_DEPTH);
        var maxWait = fields.optional("max_wait").map(Node::duration).orElse(QueueSettings.DEFAULT_MAX_WAIT);
        if (maxWait.compareTo(QueueSettings.MAX_MAX_WAIT) > 0) {
            throw fields.failAt("max_wait", "must be at most 10m (0 turns waiting off), got " + maxWait.toSeconds() + "s");
        }
        return new QueueSettings(maxDepth, maxWait);
    }

    private static HealthSettings health(Node node) {
        var fields = node.fields(HEALTH_KEYS);
        var baseCoolOff = fields.optional("base_cool_off").map(Node::positiveDuration)
                .orElse(HealthSettings.DEFAULT_BASE_COOL_OFF);
        var maxCoolOff = fields.optional("max_cool_off").map(Node::positiveDuration)
                .orElse(HealthSettings.DEFAULT_MAX_COOL_OFF.compareTo(baseCoolOff) >= 0
                        ? HealthSettings.DEFAULT_MAX_COOL_OFF : baseCoolOff);
        if (maxCoolOff.compareTo(baseCoolOff) < 0) {
            throw fields.failAt("max_cool_off", "must be at least base_cool_off (" + baseCoolOff.toMillis()
                    + "ms), got " + maxCoolOff.toMillis() + "ms");
        }
        return new HealthSettings(
                fields.optional("consecutive_failures").map(n -> n.integer(1, Integer.MAX_VALUE))
                        .orElse(HealthSettings.DEFAULT_CONSECUTIVE_FAILURES),
                fields.optional("failure_rate").map(SettingsMapper::rate).orElse(HealthSettings.DEFAULT_FAILURE_RATE),
                fields.optional("minimum_calls").map(n -> n.integer(1, Integer.MAX_VALUE))
                        .orElse(HealthSettings.DEFAULT_MINIMUM_CALLS),
                fields.optional("window").map(Node::positiveDuration).orElse(HealthSettings.DEFAULT_WINDOW),
                baseCoolOff,
                maxCoolOff,
                fields.optional("probe_timeout").map(Node::positiveDuration)
                        .orElse(HealthSettings.DEFAULT_PROBE_TIMEOUT),
                fields.optional("latency_half_life").map(Node::positiveDuration)
                        .orElse(HealthSettings.DEFAULT_LATENCY_HALF_LIFE));
    }

    /** A share in (0, 1]. */
    private static double rate(Node node) {
        try {
            var value = Double.parseDouble(node.text().strip());
            if (value > 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw node.fail("expected a number greater than 0 and at most 1, got " + node.described());
    }

    /** One {@code prices} entry: dollars per million tokens for a configured provider's upstream model. */
    private static PriceOverride price(Node node) {
        var fields = node.fields(PRICE_KEYS);
        return new PriceOverride(
                fields.required("provider").nonBlankText(),
                fields.required("model").nonBlankText(),
                dollarsPerMillion(fields.required("input")),
                dollarsPerMillion(fields.required("output")),
                fields.optional("cache_read").map(SettingsMapper::dollarsPerMillion),
                fields.optional("cache_write").map(SettingsMapper::dollarsPerMillion),
                fields.optional("cache_write_1h").map(SettingsMapper::dollarsPerMillion));
    }

    private static BigDecimal dollarsPerMillion(Node node) {
        return ValueSyntax.decimal(node.text().strip())
                .filter(amount -> amount.signum() >= 0)
                .orElseThrow(() -> node.fail("expected dollars per million tokens, a number such as 2.50 that is not "
                        + "negative, got " + node.described()));
    }

    private static BigDecimal markupPercent(Node node) {
        return ValueSyntax.decimal(node.text().strip())
                .filter(percent -> percent.compareTo(PricingSettings.MIN_MARKUP_PERCENT) >= 0
                        && percent.compareTo(PricingSettings.MAX_MARKUP_PERCENT) <= 0)
                .orElseThrow(() -> node.fail("expected a percentage from -100 to 1000, such as 5 or -12.5, got "
                        + node.described()));
    }

    private static KeyConfig key(Node node) {
        var fields = node.fields(KEY_KEYS);
        var name = fields.required("name").nonBlankText();
        var key = longSecret(fields.required("key"));
        var models = fields.optional("models").map(SettingsMapper::modelPatterns).orElse(KeyConfig.ALL_MODELS);
        return new KeyConfig(name, key, models);
    }

    private static List<String> modelPatterns(Node node) {
        var patterns = node.items(Node::nonBlankText);
        if (patterns.isEmpty()) {
            throw node.fail("must list at least one model pattern; use \"*\" for all models");
        }
        return patterns;
    }

    /** A secret that clients present to Parley, and so must be hard to guess. */
    static Secret longSecret(Node node) {
        return longSecret(node, node.secret());
    }

    static Secret longSecret(Node node, Secret secret) {
        if (secret.value().length() < KeyConfig.MIN_KEY_LENGTH) {
            throw node.fail("must be at least " + KeyConfig.MIN_KEY_LENGTH + " characters long");
        }
        return secret;
    }

    /**
     * The master key from the file, else from {@code PARLEY_MASTER_KEY}, so that the key can stay out of the file
     * without a {@code ${...}} reference that would fail when the variable is unset.
     */
    static Optional<Secret> masterKeyOrEnvironment(Optional<Secret> fromFile, Map<String, String> env) {
        if (fromFile.isPresent()) {
            return fromFile;
        }
        var value = Optional.ofNullable(env.get(MASTER_KEY_VARIABLE)).map(String::strip).filter(text -> !text.isEmpty());
        if (value.isPresent() && value.get().length() < KeyConfig.MIN_KEY_LENGTH) {
            throw new ConfigException("master_key", "the " + MASTER_KEY_VARIABLE
                    + " environment variable must hold at least " + KeyConfig.MIN_KEY_LENGTH + " characters");
        }
        return value.map(Secret::new);
    }
}
