package dev.importjobs.storage.postgres;

import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.testkit.SharedDatabaseContract;
import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/** Two stores over one PostgreSQL schema, standing for two nodes: a database for the class, a schema per test. */
class PostgresSharedDatabaseTest extends SharedDatabaseContract {
    private static TestDatabase database;
    /** The test's schema, made by its first store (JUnit makes an instance per test). */
    private TestDatabase schema;

    @BeforeAll
    static void createDatabase() {
        database = TestPostgres.server().newDatabase();
    }

    @Override
    protected JobStore openStore(Path directory) {
        if (schema == null) {
            schema = database.inNewSchema();
        }
        return schema.store().poolSize(4).open();
    }
}
