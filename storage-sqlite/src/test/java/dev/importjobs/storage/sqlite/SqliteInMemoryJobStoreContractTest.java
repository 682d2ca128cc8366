package dev.importjobs.storage.sqlite;

import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.testkit.JobStoreContract;
import java.nio.file.Path;

/** The store contract on {@link SqliteJobStore#inMemory()}: one connection serves reads and writes. */
class SqliteInMemoryJobStoreContractTest extends JobStoreContract {
    @Override
    protected JobStore openStore(Path directory) {
        return SqliteJobStore.inMemory();
    }
}
