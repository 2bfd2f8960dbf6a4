package dev.parley.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteUsageRollupsTest extends UsageRollupsContract {

    @TempDir
    Path folder;

    @Override
    protected TestDatabase freshDatabase() {
        return new TestDatabase.Sqlite(folder.resolve("not-yet").resolve("created").resolve("parley.db"));
    }
}
