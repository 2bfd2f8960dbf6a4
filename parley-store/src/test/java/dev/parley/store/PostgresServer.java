package dev.parley.store;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The real PostgreSQL server the tests use: {@code PARLEY_TEST_POSTGRES_URL}, by default the local one.
 * {@code PARLEY_TEST_POSTGRES=off} skips the PostgreSQL tests; otherwise an unreachable server fails them.
 */
final class PostgresServer {

    static final String URL = Optional.ofNullable(System.getenv("PARLEY_TEST_POSTGRES_URL"))
            .filter(url -> !url.isBlank())
            .orElse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private PostgresServer() {}

    /** Call from {@code @BeforeAll}. */
    static void requireReachable() {
        assumeFalse("off".equalsIgnoreCase(System.getenv("PARLEY_TEST_POSTGRES")),
                "PostgreSQL tests are off (PARLEY_TEST_POSTGRES=off)");
        try (Connection c = DriverManager.getConnection(URL)) {
            c.isValid(5);
        } catch (SQLException e) {
            fail("PostgreSQL is not reachable at " + DatabaseUrl.mask(URL) + " (" + e.getMessage() + "). Start it,"
                    + " point PARLEY_TEST_POSTGRES_URL at one, or set PARLEY_TEST_POSTGRES=off to skip these tests.");
        }
    }

    /** Creates a schema with a name no other test or run uses. */
    static TestDatabase.Postgres freshSchema() throws SQLException {
        String schema = "parley_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE SCHEMA " + schema);
        return new TestDatabase.Postgres(schema);
    }

    static void dropSchema(String schema) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** The server URL with {@code currentSchema}, so that every connection (and Flyway) works in the schema. */
    static String urlWithSchema(String schema) {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema.toLowerCase(Locale.ROOT);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL);
                Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }
}
