package dev.parley.store;

import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;

class PostgresBatchStoreTest extends BatchStoreContract {

    @BeforeAll
    static void requireServer() {
        PostgresServer.requireReachable();
    }

    @Override
    protected TestDatabase freshDatabase() throws SQLException {
        return PostgresServer.freshSchema();
    }
}
