package dev.parley.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteBatchStoreTest extends BatchStoreContract {

    @TempDir
    Path folder;

    @Override
    protected TestDatabase freshDatabase() {
        return new TestDatabase.Sqlite(folder.resolve("parley.db"));
    }
}
