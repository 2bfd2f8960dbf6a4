package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection settings that SQLite's durability and concurrency rest on. */
class SqliteDatabaseTest {

    @TempDir
    Path folder;

    @Test
    void everyPooledConnectionUsesWalNormalSyncAndABusyTimeout() throws SQLException {
        try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("parley.db"));
                Connection connection = database.connection()) {
            assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(connection, "synchronous")).isEqualTo("1"); // NORMAL
            assertThat(pragma(connection, "busy_timeout")).isEqualTo("10000");
            assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
        }
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
