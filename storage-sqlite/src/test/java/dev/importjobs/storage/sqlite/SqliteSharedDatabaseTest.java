package dev.importjobs.storage.sqlite;

import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.testkit.SharedDatabaseContract;
import java.nio.file.Path;

/** Two stores on one SQLite file, standing for two processes: each has its own connections and SQLite's locks. */
class SqliteSharedDatabaseTest extends SharedDatabaseContract {
    @Override
    protected JobStore openStore(Path directory) {
        return SqliteJobStore.open(directory.resolve("shared.db"));
    }
}
