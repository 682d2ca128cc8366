package dev.importjobs.storage.postgres;

import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.testkit.JobStoreContract;
import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/** The store contract, unchanged, on a real PostgreSQL: a database for the class, a fresh schema per test. */
class PostgresJobStoreContractTest extends JobStoreContract {
    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestPostgres.server().newDatabase();
    }

    @Override
    protected JobStore openStore(Path directory) {
        return database.inNewSchema().store().poolSize(4).open();
    }
}
