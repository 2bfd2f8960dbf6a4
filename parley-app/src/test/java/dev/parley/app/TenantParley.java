package dev.parley.app;

import static org.awaitility.Awaitility.await;

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
import dev.parley.core.usage.UsageRecord;
import dev.parley.store.Database;
import dev.parley.store.TenancyRepository;
import dev.parley.store.UsageRepository;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Parley on SQLite in front of one fake provider, with its tenancy written straight to the store (as the
 * admin API would) and reloaded, and 64 clients to send at once. The fake is reached as three providers: one in
 * {@code us-east}, one in {@code eu-west} and one without a region, each priced at $0.001 an input token and $0.01
 * an output token, so that a request's worst case and its cost are round figures.
 */
final class TenantParley implements AutoCloseable {

    static final String MASTER = "pk-master-0123456789abcdef";
    static final int CLIENTS = 64;
    static final BigDecimal INPUT_PER_TOKEN = new BigDecimal("0.001");
    static final BigDecimal OUTPUT_PER_TOKEN = new BigDecimal("0.01");

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final TestParley parley;
    final TenancyStore store;
    private final Database database;
    private final KeyHasher hasher;

    private TenantParley(TestParley parley, Database database, KeyHasher hasher) {
        this.parley = parley;
        this.database = database;
        this.store = new TenancyRepository(database);
        this.hasher = hasher;
    }

    static TenantParley inFrontOf(String upstreamBaseUrl, Path dataDir) {
        return of("""
                server: {host: 127.0.0.1, port: 0, data_dir: "%1$s", shutdown_grace: 10s}
                retries: {max_attempts: 1}
                master_key: "%2$s"
                providers:
                  - {name: fake-us, type: openai-compatible, base_url: "%3$s/v1", keys: ["${UPSTREAM_KEY}"], region: us-east}
                  - {name: fake-eu, type: openai-compatible, base_url: "%3$s/v1", keys: ["${UPSTREAM_KEY}"], region: eu-west}
                  - {name: fake-plain, type: openai-compatible, base_url: "%3$s/v1", keys: ["${UPSTREAM_KEY}"]}
                models:
                  - name: gpt-test
                    routes:
                      - {provider: fake-us, model: upstream-model, priority: 0}
                      - {provider: fake-eu, model: upstream-model, priority: 1}
                  - name: plain-test
                    routes: [{provider: fake-plain, model: upstream-model}]
                keys:
                  - {name: ci, key: "%4$s"}
                prices:
                  - {provider: fake-us, model: upstream-model, input: 1000, output: 10000}
                  - {provider: fake-eu, model: upstream-model, input: 1000, output: 10000}
                  - {provider: fake-plain, model: upstream-model, input: 1000, output: 10000}
                """.formatted(dataDir, MASTER, upstreamBaseUrl, TestParley.KEY), dataDir);
    }

    /** A Parley of {@code yaml}, whose data folder is {@code dataDir}, with its tenancy store at hand. */
    static TenantParley of(String yaml, Path dataDir) {
        TestParley parley = TestParley.start(yaml, dataDir);
        Database database = Database.open("sqlite:" + dataDir.resolve("parley.db"));
        // The secret Parley created in its data folder at start-up: keys are stored as their HMAC under it.
        return new TenantParley(parley, database, new KeyHasher(ServerSecret.load(dataDir, Map.of())));
    }

    /** A team, a project and a member of their own, and one key of that member, named after {@code label}. */
    Tenant tenant(String label) {
        String id = label + "-" + SEQUENCE.incrementAndGet();
        Instant now = Instant.now();
        Team team = store.createTeam(new Team("t-" + id, "team " + id, AccessRules.NONE, now));
        Project project = store.createProject(new Project("p-" + id, team.id(), "project " + id, AccessRules.NONE, now));
        Member member = store.createMember(new Member("m-" + id, id + "@example.com", "member " + id, Role.MEMBER, now));
        String secret = "sk-parley-test-" + id + "-0123456789abcdef";
        KeyRecord key = store.createKey(new KeyRecord("k-" + id, "key " + id, hasher.hash(secret), "sk-parley-…cdef",
                project.id(), team.id(), Optional.of(member.id()), AccessRules.NONE, now, Optional.empty(),
                Optional.empty(), Optional.empty()));
        return new Tenant(this, team, project, member, key, secret);
    }

    /** The admin API of this Parley. */
    AdminClient admin() {
        return new AdminClient(parley);
    }

    /** The ledger's row of {@code requestId}, once it is written. */
    UsageRecord row(String requestId) {
        UsageRepository ledger = new UsageRepository(database);
        return await().atMost(Duration.ofSeconds(10)).until(() -> ledger.findByRequestId(requestId), Optional::isPresent)
                .orElseThrow();
    }

    /** The store's changes take effect, as after an admin action. */
    void reload() {
        parley.parley.reloadTenancy();
    }

    /** Runs {@code count} clients at once, each on its own thread (and connection); returns what each returned. */
    <T> List<T> together(int count, Callable<T> client) throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(clients.submit(() -> {
                    start.await();
                    return client.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> result : sent) {
                results.add(result.get());
            }
            return results;
        }
    }

    /** The worst case Parley reserves for a Chat request of {@code body} naming {@code maxTokens}. */
    static BigDecimal worstCase(String body, long maxTokens) {
        return INPUT_PER_TOKEN.multiply(BigDecimal.valueOf(body.getBytes(StandardCharsets.UTF_8).length))
                .add(OUTPUT_PER_TOKEN.multiply(BigDecimal.valueOf(maxTokens)));
    }

    /** What one request the fake answers with {@code Reply.DEFAULT_USAGE} (12 in, 7 out) costs. */
    static BigDecimal defaultReplyCost() {
        return INPUT_PER_TOKEN.multiply(BigDecimal.valueOf(12)).add(OUTPUT_PER_TOKEN.multiply(BigDecimal.valueOf(7)));
    }

    @Override
    public void close() {
        parley.close();
        database.close();
    }

    /** One tenant's team, project, member and key, and the key's secret to send. */
    record Tenant(TenantParley owner, Team team, Project project, Member member, KeyRecord key, String secret) {

        Scope scope(ScopeKind kind) {
            return switch (kind) {
                case KEY -> new Scope(kind, key.id());
                case PROJECT -> new Scope(kind, project.id());
                case TEAM -> new Scope(kind, team.id());
                case MEMBER -> new Scope(kind, member.id());
            };
        }

        Tenant limits(ScopeKind kind, OptionalInt rpm, OptionalLong tpm, OptionalInt concurrency) {
            owner.store.putLimits(new Limits(scope(kind), rpm, tpm, concurrency));
            owner.reload();
            return this;
        }

        Budget budget(ScopeKind kind, BudgetPeriod period, BigDecimal amount, OptionalInt alertPercent) {
            Budget budget = owner.store.createBudget(new Budget("b-" + kind.wire() + "-" + key.id(), scope(kind), period,
                    amount, alertPercent));
            owner.reload();
            return budget;
        }

        Tenant keyRules(AccessRules rules) {
            KeyRecord k = key;
            owner.store.updateKey(new KeyRecord(k.id(), k.name(), k.hash(), k.hint(), k.projectId(), k.teamId(),
                    k.memberId(), rules, k.createdAt(), k.expiresAt(), k.revokedAt(), k.rotatedFrom()));
            owner.reload();
            return this;
        }

        Tenant projectRules(AccessRules rules) {
            owner.store.updateProject(new Project(project.id(), project.teamId(), project.name(), rules,
                    project.createdAt()));
            owner.reload();
            return this;
        }

        Tenant teamRules(AccessRules rules) {
            owner.store.updateTeam(new Team(team.id(), team.name(), rules, team.createdAt()));
            owner.reload();
            return this;
        }

        HttpResponse<String> chat(String body) throws Exception {
            return owner.parley.post("/v1/chat/completions", secret, body);
        }

        /** What the ledger says {@code kind}'s scope spent since the epoch, once every row is written. */
        BigDecimal spent(ScopeKind kind) {
            owner.parley.parley.flushUsage();
            return owner.store.spent(scope(kind), Instant.EPOCH);
        }
    }
}
