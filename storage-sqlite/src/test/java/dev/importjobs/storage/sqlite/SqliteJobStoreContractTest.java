package dev.importjobs.storage.sqlite;

import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.testkit.JobStoreContract;
import java.nio.file.Path;

/** The store contract, on a fresh SQLite file per test. */
class SqliteJobStoreContractTest extends JobStoreContract {
    @Override
    protected JobStore openStore(Path directory) {
        return SqliteJobStore.open(directory.resolve("jobs.db"));
    }
}
