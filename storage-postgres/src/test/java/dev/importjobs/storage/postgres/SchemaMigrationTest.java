package dev.importjobs.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.StoreException;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.ListJobsQuery;
import dev.importjobs.core.testkit.Await;
import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import dev.importjobs.storage.postgres.testkit.Waits;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The schema is made and migrated by whichever node gets there first; the others wait on the version row
 * and find the work done (docs/storage.md#the-postgresql-store). A schema newer than this release is refused.
 */
class SchemaMigrationTest {
    private static final int NODES = 8;

    @Test
    void manyNodesOpeningAnEmptyDatabaseAtOnceAllComeUpOnOneSchema() throws Exception {
        TestDatabase database = TestPostgres.server().newDatabase();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService nodes = Executors.newFixedThreadPool(NODES);
        List<Future<PostgresJobStore>> opened = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            opened.add(nodes.submit(() -> {
                start.await();
                return database.store().poolSize(2).open();
            }));
        }
        start.countDown();
        List<PostgresJobStore> stores = new ArrayList<>();
        try {
            for (Future<PostgresJobStore> store : opened) {
                stores.add(store.get(60, TimeUnit.SECONDS));
            }
            ImportJobs first = ImportJobs.builder(stores.get(0)).build();
            first.create(new CreateJobCommand("org_1", JobFields.builder().createdBy("u").fileName("a.csv").build()));
            for (PostgresJobStore store : stores) {
                assertEquals(1, ImportJobs.builder(store).build().list(ListJobsQuery.firstPage("org_1")).totalDocs());
            }
        } finally {
            stores.forEach(PostgresJobStore::close);
            nodes.shutdownNow();
        }
        try (Connection c = database.connect()) {
            assertEquals(PostgresDialect.MIGRATIONS.latest(), PostgresDialect.INSTANCE.schemaVersion(c));
            assertEquals(1, single(c, "SELECT COUNT(*) FROM " + PostgresDialect.VERSION_TABLE));
        }
    }

    @Test
    void aNewDatabaseGetsTheLatestSchemaAndReopeningChangesNothing() throws SQLException {
        TestDatabase database = TestPostgres.server().newDatabase();
        database.store().open().close();
        long tables;
        try (Connection c = database.connect()) {
            assertEquals(PostgresDialect.MIGRATIONS.latest(), PostgresDialect.INSTANCE.schemaVersion(c));
            tables = single(c, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()");
            assertEquals(9, tables, "jobs, job_chunks, line_errors, job_counts, job_status_counts, settings, "
                    + "job_deletions, forgotten_deletions and the version table");
        }

        database.store().open().close();

        try (Connection c = database.connect()) {
            assertEquals(PostgresDialect.MIGRATIONS.latest(), PostgresDialect.INSTANCE.schemaVersion(c));
            assertEquals(tables, single(c, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()"));
        }
    }

    @Test
    void aDatabaseFromANewerReleaseIsRefusedInOneLineAndLeftAlone() throws SQLException {
        TestDatabase database = TestPostgres.server().newDatabase();
        database.store().open().close();
        int newer = PostgresDialect.MIGRATIONS.latest() + 1;
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE " + PostgresDialect.VERSION_TABLE + " SET version = " + newer);
            s.execute("CREATE TABLE from_the_future (x INTEGER)");
        }

        StoreException refused = assertThrows(StoreException.class, () -> database.store().open());

        assertEquals("the database has schema version " + newer + ", newer than this Import Jobs supports ("
                + PostgresDialect.MIGRATIONS.latest() + "); open it with a newer release", refused.getMessage());
        try (Connection c = database.connect()) {
            assertEquals(newer, PostgresDialect.INSTANCE.schemaVersion(c));
            assertEquals(1, single(c, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'from_the_future'"));
        }
    }

    @Test
    void aMigratorWaitsForTheOneHoldingTheVersionRowThenFindsItsWorkDone() throws Exception {
        TestDatabase database = TestPostgres.server().newDatabase();
        try (Connection holder = database.connect(); Statement s = holder.createStatement()) {
            // Another node, midway through migration 1: it holds the version row and has made one table.
            assertEquals(0, PostgresDialect.INSTANCE.beginMigration(holder));
            s.execute("CREATE TABLE half_way (x INTEGER)");
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<PostgresJobStore> waiting = other.submit(() -> database.store().poolSize(1).open());
                try (Connection probe = database.connect()) {
                    awaitLockWait(probe);
                }
                assertFalse(waiting.isDone(), "the second migrator waits for the version row");
                for (String sql : PostgresDialect.MIGRATIONS.statements("001-schema.sql")) {
                    s.execute(sql);
                }
                PostgresDialect.INSTANCE.recordSchemaVersion(holder, 1);
                s.execute("COMMIT");

                waiting.get(30, TimeUnit.SECONDS).close();
            } finally {
                other.shutdownNow();
            }
        }
        try (Connection c = database.connect()) {
            // Migration 1 was the holder's (its half-way table stands, nothing ran it twice); the waiting node
            // went on with the later ones.
            assertEquals(PostgresDialect.MIGRATIONS.latest(), PostgresDialect.INSTANCE.schemaVersion(c));
            assertEquals(1, single(c, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'half_way'"));
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLineWithoutThePassword() {
        String url = "jdbc:postgresql://127.0.0.1:1/jobs?user=importer&password=s3cret-in-url";

        StoreException failed = assertThrows(StoreException.class,
                () -> PostgresJobStore.builder(url).password("s3cret-given").open());

        assertTrue(failed.getMessage().startsWith("cannot open the PostgreSQL database at 127.0.0.1:1/jobs: "),
                failed.getMessage());
        assertEquals(1, failed.getMessage().lines().count(), failed.getMessage());
        assertFalse(failed.getMessage().contains("s3cret"), failed.getMessage());
    }

    @Test
    void aUrlOfAnotherFormIsRefusedNamingTheForm() {
        StoreException failed = assertThrows(StoreException.class,
                () -> PostgresJobStore.builder("jdbc:postgresql://db:port/jobs?password=s3cret").open());

        assertTrue(failed.getMessage().contains(JdbcUrls.FORM), failed.getMessage());
        assertFalse(failed.getMessage().contains("s3cret"), failed.getMessage());
    }

    /**
     * A version-3 database's jobs, counted then only per status, action and creator, are counted per status by the
     * migration to 4, and the counts follow the store's writes from there.
     */
    @Test
    void aVersionThreeDatabasesJobsAreCountedPerStatus() throws SQLException {
        TestDatabase database = TestPostgres.server().newDatabase();
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            PostgresDialect.MIGRATIONS.migrate(c, PostgresDialect.INSTANCE, 3);
            s.execute("INSERT INTO job_counts (organization_id, status, action_key, created_by_id, n) VALUES "
                    + "('org_1', 'pending', '', 'u1', 2), ('org_1', 'pending', '=x', 'u2', 3), "
                    + "('org_1', 'failed', '', 'u1', 4), ('org_2', 'pending', '', 'u1', 5)");
        }
        try (PostgresJobStore store = database.store().open(); Connection c = database.connect()) {
            assertEquals(PostgresDialect.MIGRATIONS.latest(), PostgresDialect.INSTANCE.schemaVersion(c));
            assertEquals(5, single(c, "SELECT n FROM job_status_counts WHERE organization_id = 'org_1' AND status = 'pending'"));
            assertEquals(4, single(c, "SELECT n FROM job_status_counts WHERE organization_id = 'org_1' AND status = 'failed'"));
            assertEquals(5, single(c, "SELECT n FROM job_status_counts WHERE organization_id = 'org_2' AND status = 'pending'"));

            ImportJobs jobs = ImportJobs.builder(store).build();
            jobs.create(new CreateJobCommand("org_1", JobFields.builder().createdBy("u3").fileName("f.csv").build()));
            assertEquals(10, jobs.list(ListJobsQuery.firstPage("org_1")).totalDocs(), "9 counted before, 1 new");
            assertEquals(6, single(c, "SELECT n FROM job_status_counts WHERE organization_id = 'org_1' AND status = 'pending'"));
        }
    }

    /** Waits until some session of the database waits for a lock: the second migrator on the version row. */
    private static void awaitLockWait(Connection probe) {
        Await.until(() -> Waits.lockWaits(probe) > 0, "the second migrator waits for the version row",
                Duration.ofSeconds(30));
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
