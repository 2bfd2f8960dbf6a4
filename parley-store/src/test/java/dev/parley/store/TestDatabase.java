package dev.parley.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh, real database for one test, with a side door (a plain JDBC connection) to inspect it and to break it
 * in the ways only its own SQL dialect can.
 */
sealed interface TestDatabase extends AutoCloseable {

    /** The URL to give {@link Database#open}. */
    String url();

    Database.Kind kind();

    /** A connection outside Parley's pool, on the same database (and schema). */
    Connection sideDoor() throws SQLException;

    /** Names of the indexes on {@code usage_records}. */
    List<String> indexNames() throws SQLException;

    /** The statement that defines an index of the ledger, as the database shows it. */
    String indexDefinition(String name) throws SQLException;

    /** How the database would run {@code query}, one line per step, as it tells with EXPLAIN. */
    List<String> plan(String query) throws SQLException;

    /** The model name of rows that {@link #refusePoisonRows()} makes the database refuse. */
    String POISON_MODEL = "poison";

    /** Makes the database itself refuse rows whose model is {@link #POISON_MODEL}, as a constraint would. */
    void refusePoisonRows() throws SQLException;

    /** Drops whatever the test created. */
    @Override
    void close() throws SQLException;

    /** A database file in a folder that does not exist yet, so that opening must create it. */
    record Sqlite(Path file) implements TestDatabase {
        @Override
        public String url() {
            return "sqlite:" + file;
        }

        @Override
        public Database.Kind kind() {
            return Database.Kind.SQLITE;
        }

        @Override
        public Connection sideDoor() throws SQLException {
            return DriverManager.getConnection("jdbc:sqlite:" + file);
        }

        @Override
        public List<String> indexNames() throws SQLException {
            return strings("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'usage_records'");
        }

        @Override
        public String indexDefinition(String name) throws SQLException {
            return strings("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '" + name + "'").getFirst();
        }

        @Override
        public List<String> plan(String query) throws SQLException {
            // EXPLAIN QUERY PLAN's fourth column is the step's text ("SEARCH usage_records USING INDEX ...").
            try (Connection c = sideDoor();
                    Statement statement = c.createStatement();
                    ResultSet rs = statement.executeQuery("EXPLAIN QUERY PLAN " + query)) {
                List<String> steps = new ArrayList<>();
                while (rs.next()) {
                    steps.add(rs.getString(4));
                }
                return steps;
            }
        }

        @Override
        public void refusePoisonRows() throws SQLException {
            execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON usage_records WHEN NEW.model = 'poison'"
                    + " BEGIN SELECT RAISE(ABORT, 'poison refused by a test trigger'); END");
        }

        @Override
        public void close() {
            // The temporary folder goes with the test.
        }
    }

    /** A schema of its own on the shared test server, dropped afterwards, so that parallel runs never meet. */
    record Postgres(String schema) implements TestDatabase {
        @Override
        public String url() {
            return PostgresServer.urlWithSchema(schema);
        }

        @Override
        public Database.Kind kind() {
            return Database.Kind.POSTGRESQL;
        }

        @Override
        public Connection sideDoor() throws SQLException {
            return DriverManager.getConnection(url());
        }

        @Override
        public List<String> indexNames() throws SQLException {
            return strings("SELECT indexname FROM pg_indexes"
                    + " WHERE schemaname = current_schema() AND tablename = 'usage_records'");
        }

        @Override
        public String indexDefinition(String name) throws SQLException {
            return strings("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                    + " AND indexname = '" + name + "'").getFirst();
        }

        @Override
        public List<String> plan(String query) throws SQLException {
            // A test's ledger is a few rows, which PostgreSQL would rather scan: the index must still be chosen
            // when scanning is ruled out, which it cannot be if the index cannot answer the query.
            try (Connection c = sideDoor();
                    Statement statement = c.createStatement()) {
                statement.execute("SET enable_seqscan = off");
                try (ResultSet rs = statement.executeQuery("EXPLAIN " + query)) {
                    List<String> steps = new ArrayList<>();
                    while (rs.next()) {
                        steps.add(rs.getString(1));
                    }
                    return steps;
                }
            }
        }

        @Override
        public void refusePoisonRows() throws SQLException {
            execute("ALTER TABLE usage_records ADD CONSTRAINT refuse_poison CHECK (model <> 'poison')");
        }

        @Override
        public void close() throws SQLException {
            PostgresServer.dropSchema(schema);
        }
    }

    /** Runs one statement through the side door. */
    default void execute(String sql) throws SQLException {
        try (Connection c = sideDoor();
                Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Runs a query through the side door; returns its first column. */
    default List<String> strings(String query) throws SQLException {
        try (Connection c = sideDoor();
                Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
