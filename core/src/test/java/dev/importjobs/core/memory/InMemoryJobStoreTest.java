package dev.importjobs.core.memory;

import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.testkit.JobStoreContract;
import java.nio.file.Path;

/** The in-memory store against the store contract. */
class InMemoryJobStoreTest extends JobStoreContract {
    @Override
    protected JobStore openStore(Path directory) {
        return new InMemoryJobStore();
    }
}
