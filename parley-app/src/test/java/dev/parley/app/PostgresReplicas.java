package dev.parley.app;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Several Parley replicas in one JVM on one fresh PostgreSQL schema, in front of one upstream: each with its own data
 * folder (its journal) and port, all with the same {@code PARLEY_SECRET} and master key, as a deployment behind a
 * load balancer runs them. A replica may reach the database through a {@link TcpProxy} the test can cut. The schema
 * has a name no other test or run uses, and is dropped with the replicas.
 */
final class PostgresReplicas implements AutoCloseable {

    static final String MASTER = "pk-master-replicas-0123456789";
    static final String SECRET = "9f".repeat(32);
    /** The machine's test server, as the store's tests reach it. */
    static final String SERVER = Optional.ofNullable(System.getenv("PARLEY_TEST_POSTGRES_URL"))
            .filter(url -> !url.isBlank())
            .orElse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    final String schema;
    private final String upstream;
    private final List<TestParley> replicas = new ArrayList<>();
    private final List<Path> dataDirs = new ArrayList<>();
    private final List<TcpProxy> proxies = new ArrayList<>();

    private PostgresReplicas(String schema, String upstream) {
        this.schema = schema;
        this.upstream = upstream;
    }

    /** Call from {@code @BeforeAll}: skips when PostgreSQL tests are off, fails when the server is away. */
    static void requireServer() {
        assumeFalse("off".equalsIgnoreCase(System.getenv("PARLEY_TEST_POSTGRES")),
                "PostgreSQL tests are off (PARLEY_TEST_POSTGRES=off)");
        try (Connection c = DriverManager.getConnection(SERVER)) {
            c.isValid(5);
        } catch (SQLException e) {
            fail("PostgreSQL is not reachable for the replica tests: " + e.getMessage());
        }
    }

    /** A fresh schema, no replica yet. */
    static PostgresReplicas on(String upstreamBaseUrl) throws SQLException {
        String schema = "parley_replicas_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(SERVER, "CREATE SCHEMA " + schema);
        return new PostgresReplicas(schema, upstreamBaseUrl);
    }

    /** Starts a replica on the database directly. */
    TestParley start() throws IOException {
        return start(SERVER);
    }

    /** Starts a replica that reaches the database through a proxy of its own; answers the proxy. */
    TcpProxy startBehindProxy() throws IOException {
        URI server = URI.create(SERVER.substring("jdbc:".length()));
        TcpProxy proxy = new TcpProxy(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
        proxies.add(proxy);
        start(SERVER.replace("//" + server.getRawAuthority() + "/", "//127.0.0.1:" + proxy.port() + "/"));
        return proxy;
    }

    private TestParley start(String serverUrl) throws IOException {
        Path dataDir = Files.createTempDirectory("parley-replica-");
        dataDirs.add(dataDir);
        String storage = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        TestParley replica = TestParley.start(yaml(storage, dataDir), dataDir, Map.of("PARLEY_SECRET", SECRET));
        replicas.add(replica);
        return replica;
    }

    private String yaml(String storage, Path dataDir) {
        return """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s", shutdown_grace: 5s}
                storage: {url: "%s"}
                usage: {flush_interval: 50ms}
                retries: {max_attempts: 1}
                master_key: "%s"
                providers:
                  - {name: fake-openai, type: openai-compatible, base_url: "%s/v1", keys: ["${UPSTREAM_KEY}"]}
                models:
                  - {name: gpt-test, routes: [{provider: fake-openai, model: upstream-model}]}
                keys:
                  - {name: ci, key: "%s"}
                """.formatted(dataDir, storage, MASTER, upstream, TestParley.KEY);
    }

    TestParley replica(int index) {
        return replicas.get(index);
    }

    List<TestParley> replicas() {
        return List.copyOf(replicas);
    }

    /** Runs one statement on the replicas' schema, behind their back. */
    void execute(String sql) throws SQLException {
        execute(SERVER + (SERVER.contains("?") ? "&" : "?") + "currentSchema=" + schema, sql);
    }

    /** The first column of the first row of {@code query} on the replicas' schema. */
    String query(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + (SERVER.contains("?") ? "&" : "?")
                + "currentSchema=" + schema);
                Statement statement = c.createStatement();
                var rs = statement.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            replicas.forEach(TestParley::close);
            proxies.forEach(TcpProxy::close);
            for (Path dataDir : dataDirs) {
                TestFiles.deleteTree(dataDir);
            }
        } finally {
            execute(SERVER, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
