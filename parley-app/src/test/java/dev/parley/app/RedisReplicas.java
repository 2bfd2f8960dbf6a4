package dev.parley.app;

import dev.parley.core.auth.KeyHasher;
import dev.parley.core.tenancy.AccessRules;
import dev.parley.core.tenancy.Budget;
import dev.parley.core.tenancy.BudgetPeriod;
import dev.parley.core.tenancy.KeyRecord;
import dev.parley.core.tenancy.Limits;
import dev.parley.core.tenancy.Member;
import dev.parley.core.tenancy.Project;
import dev.parley.core.tenancy.Role;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.core.tenancy.Team;
import dev.parley.core.tenancy.TenancyStore;
import dev.parley.store.Database;
import dev.parley.store.TenancyRepository;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several Parley replicas in one JVM, as an operator runs them behind a load balancer: one PostgreSQL database (a
 * schema of their own on the machine's server), one server secret, one Redis (a key prefix of their own), each
 * with its own port and data folder, in front of one fake provider priced at $0.001 an input token and $0.01 an
 * output token. The tenancy is written to the store and every replica reloads it, as after an admin change.
 */
final class RedisReplicas implements AutoCloseable {

    static final String POSTGRES = Optional.ofNullable(System.getenv("PARLEY_TEST_POSTGRES_URL"))
            .filter(url -> !url.isBlank()).orElse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final String MASTER = "pk-master-0123456789abcdef";
    static final BigDecimal INPUT_PER_TOKEN = new BigDecimal("0.001");
    static final BigDecimal OUTPUT_PER_TOKEN = new BigDecimal("0.01");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final List<TestParley> replicas = new ArrayList<>();
    final String prefix = "parley-test-" + UUID.randomUUID() + ":";
    private final String schema = "parley_redis_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final String secretHex = HexFormat.of().formatHex(UUID.randomUUID().toString().repeat(2).getBytes(),
            0, 32);
    private final String upstream;
    private final Path dataDir;
    private final String redisUrl;
    private final String onUnavailable;
    private final String extra;
    private final Database database;
    private final TenancyStore store;
    private final KeyHasher hasher;

    /**
     * Starts {@code count} replicas in front of {@code upstream}, sharing the Redis at {@code redisUrl} under the
     * {@code onUnavailable} policy; {@code extra} is added to each configuration (top-level YAML).
     */
    RedisReplicas(int count, String upstream, Path dataDir, String redisUrl, String onUnavailable, String extra)
            throws SQLException {
        execute("CREATE SCHEMA " + schema);
        this.upstream = upstream;
        this.dataDir = dataDir;
        this.redisUrl = redisUrl;
        this.onUnavailable = onUnavailable;
        this.extra = extra;
        for (int i = 0; i < count; i++) {
            join();
        }
        this.database = Database.open(storage());
        this.store = new TenancyRepository(database);
        this.hasher = new KeyHasher(ServerSecret.load(dataDir, Map.of("PARLEY_SECRET", secretHex)));
    }

    /** One more replica, as one started later by the operator; closed with the others. */
    TestParley join() {
        String yaml = """
                server: {host: 127.0.0.1, port: 0, data_dir: "%1$s/replica-%2$d", shutdown_grace: 5s}
                storage: {url: "%3$s"}
                usage: {flush_interval: 20ms}
                master_key: "%4$s"
                redis: {url: "%5$s", key_prefix: "%6$s", on_unavailable: %7$s, timeout: 10s}
                providers:
                  - {name: fake, type: openai-compatible, base_url: "%8$s/v1", keys: ["${UPSTREAM_KEY}"]}
                models:
                  - name: gpt-test
                    routes: [{provider: fake, model: upstream-model}]
                keys:
                  - {name: ci, key: "%9$s"}
                prices:
                  - {provider: fake, model: upstream-model, input: 1000, output: 10000}
                %10$s
                """.formatted(dataDir, replicas.size(), storage(), MASTER, redisUrl, prefix, onUnavailable, upstream,
                TestParley.KEY, extra);
        TestParley replica = TestParley.start(yaml, dataDir, Map.of("PARLEY_SECRET", secretHex));
        replicas.add(replica);
        return replica;
    }

    private String storage() {
        return POSTGRES + (POSTGRES.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    TestParley replica(int i) {
        return replicas.get(i % replicas.size());
    }

    /** A team, project and member of their own and one key of that member; every replica reloads them. */
    Tenant tenant(String label) {
        String id = label + "-" + SEQUENCE.incrementAndGet() + "-" + schema.substring(schema.length() - 6);
        Instant now = Instant.now();
        Team team = store.createTeam(new Team("t-" + id, "team " + id, AccessRules.NONE, now));
        Project project = store.createProject(new Project("p-" + id, team.id(), "project " + id, AccessRules.NONE, now));
        Member member = store.createMember(new Member("m-" + id, id + "@example.com", "member " + id, Role.MEMBER, now));
        String secret = "sk-parley-test-" + id + "-0123456789abcdef";
        store.createKey(new KeyRecord("k-" + id, "key " + id, hasher.hash(secret), "sk-parley-…cdef", project.id(),
                team.id(), Optional.of(member.id()), AccessRules.NONE, now, Optional.empty(), Optional.empty(),
                Optional.empty()));
        reload();
        return new Tenant(new Scope(ScopeKind.KEY, "k-" + id), new Scope(ScopeKind.TEAM, team.id()), secret);
    }

    void limits(Scope scope, int rpm) {
        store.putLimits(new Limits(scope, OptionalInt.of(rpm), OptionalLong.empty(), OptionalInt.empty()));
        reload();
    }

    Budget budget(Scope scope, BigDecimal amount) {
        Budget budget = store.createBudget(new Budget("b-" + scope.id(), scope, BudgetPeriod.TOTAL, amount,
                OptionalInt.empty()));
        reload();
        return budget;
    }

    /** The store's changes take effect on every replica, as after an admin change. */
    void reload() {
        replicas.forEach(r -> r.parley.reloadTenancy());
    }

    /** What the ledger says {@code scope} spent, once every replica's rows are written. */
    BigDecimal spent(Scope scope) {
        replicas.forEach(r -> r.parley.flushUsage());
        return store.spent(scope, Instant.EPOCH);
    }

    /** The ledger's rows of {@code team}: their count and the sum of their costs, read straight from the table. */
    long rows(Scope team) throws SQLException {
        replicas.forEach(r -> r.parley.flushUsage());
        try (Connection c = DriverManager.getConnection(storage());
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM usage_records WHERE team_id = ?")) {
            q.setString(1, team.id());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The worst case a Chat request of {@code body} naming {@code maxTokens} reserves. */
    static BigDecimal worstCase(String body, long maxTokens) {
        return INPUT_PER_TOKEN.multiply(BigDecimal.valueOf(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length))
                .add(OUTPUT_PER_TOKEN.multiply(BigDecimal.valueOf(maxTokens)));
    }

    static String chat(int maxTokens) {
        return "{\"model\":\"gpt-test\",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"How many?\"}]}";
    }

    @Override
    public void close() throws SQLException {
        replicas.forEach(TestParley::close);
        database.close();
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        forgetKeys();
    }

    /** Deletes this run's keys from Redis (they would expire anyway); a Redis that is gone is left alone. */
    private void forgetKeys() {
        try {
            Process scan = new ProcessBuilder("redis-cli", "-u", redisUrl, "--scan", "--pattern", prefix + "*")
                    .redirectErrorStream(true).start();
            List<String> keys = new String(scan.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines().filter(k -> k.startsWith(prefix)).toList();
            scan.waitFor();
            for (int i = 0; i < keys.size(); i += 500) {
                List<String> command = new ArrayList<>(List.of("redis-cli", "-u", redisUrl, "DEL"));
                command.addAll(keys.subList(i, Math.min(keys.size(), i + 500)));
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor();
            }
        } catch (java.io.IOException e) {
            // No redis-cli: the keys expire on their own.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** One tenant's key and team scopes and the key's secret. */
    record Tenant(Scope key, Scope team, String secret) {

        HttpResponse<String> chat(TestParley replica, String body) throws Exception {
            return replica.post("/v1/chat/completions", secret, body);
        }
    }
}
