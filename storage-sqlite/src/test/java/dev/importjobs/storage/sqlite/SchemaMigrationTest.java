package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.StoreException;
import dev.importjobs.core.query.JobFilter;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.ListJobsQuery;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.spi.JobChange;
import dev.importjobs.core.spi.JobChanges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaMigrationTest {
    @TempDir
    Path dir;

    @Test
    void aNewFileGetsTheLatestSchemaInWalMode() throws SQLException {
        Path file = dir.resolve("new.db");
        SqliteJobStore.open(file).close();
        try (Connection c = connect(file)) {
            assertEquals(SqliteDialect.MIGRATIONS.latest(), SqliteDialect.INSTANCE.schemaVersion(c));
            assertEquals("wal", single(c, "PRAGMA journal_mode"));
            assertEquals("ok", single(c, "PRAGMA integrity_check"));
        }
    }

    @Test
    void aVersionOneFileIsUpgradedAndItsJobsCounted() throws SQLException {
        Path file = dir.resolve("old.db");
        fileOfVersion(file, 1, "failed", "pending", "pending");
        try (SqliteJobStore store = SqliteJobStore.open(file)) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            assertEquals(3, jobs.list(ListJobsQuery.firstPage("org_1")).totalDocs());
            var pending = new ListJobsQuery("org_1", 1L, 10, dev.importjobs.core.query.Sort.DEFAULT,
                    new JobFilter(Set.of(JobStatus.PENDING), null, null), null);
            assertEquals(2, jobs.list(pending).totalDocs());
            assertEquals(2, jobs.list(pending).items().size());
        }
        try (Connection c = connect(file)) {
            assertEquals(SqliteDialect.MIGRATIONS.latest(), SqliteDialect.INSTANCE.schemaVersion(c));
        }
    }

    @Test
    void aFileOfTheVersionBeforeHousekeepingGetsItsIndexes() throws SQLException {
        Path file = dir.resolve("before-housekeeping.db");
        int before = 4;
        try (Connection c = connect(file)) {
            SqliteDialect.MIGRATIONS.migrate(c, SqliteDialect.INSTANCE, before);
            assertEquals("0", single(c, "SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                    + "('jobs_by_status_updated_at', 'jobs_for_retention')"));
        }
        SqliteJobStore.open(file).close();
        try (Connection c = connect(file)) {
            assertEquals(SqliteDialect.MIGRATIONS.latest(), SqliteDialect.INSTANCE.schemaVersion(c));
            assertEquals("2", single(c, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                    + "('jobs_by_status_updated_at', 'jobs_for_retention')"));
        }
    }

    /**
     * A version-5 file's jobs, counted then only per status, action and creator, are counted per status by the
     * migration to 6, and its triggers follow every insert, change of status and delete from there.
     */
    @Test
    void aVersionFiveFilesJobsAreCountedPerStatusAndStayCounted() throws SQLException {
        Path file = dir.resolve("v5.db");
        fileOfVersion(file, 5, "failed", "pending", "pending");
        try (SqliteJobStore store = SqliteJobStore.open(file)) {
            try (Connection c = connect(file)) {
                assertEquals(SqliteDialect.MIGRATIONS.latest(), SqliteDialect.INSTANCE.schemaVersion(c));
                assertEquals("failed=1,pending=2", statusCounts(c));
            }
            ImportJobs jobs = ImportJobs.builder(store).build();
            jobs.create(new CreateJobCommand("org_1", JobFields.builder().createdBy("u").fileName("f.csv").build()));
            jobs.delete(new JobRef("org_1", "000000000000000000000000"));
            try (Connection c = connect(file); Statement s = c.createStatement()) {
                s.execute("UPDATE jobs SET status = 'inProgress' WHERE id = '000000000000000000000001'");
                assertEquals("failed=0,inProgress=1,pending=2", statusCounts(c));
                assertEquals(single(c, "SELECT group_concat(status || '=' || n, ',') FROM (SELECT status, SUM(n) AS n "
                        + "FROM job_counts GROUP BY status ORDER BY status)"), statusCounts(c));
            }
        }
    }

    private static String statusCounts(Connection c) throws SQLException {
        return single(c, "SELECT group_concat(status || '=' || n, ',') FROM (SELECT status, n FROM job_status_counts "
                + "WHERE organization_id = 'org_1' ORDER BY status)");
    }

    @Test
    void aVersionThreeFilesJobsJoinTheChangeFeedInTheOrderTheyWereMade() throws SQLException {
        Path file = dir.resolve("v3.db");
        fileOfVersion(file, 3, "pending", "pending", "pending");
        try (SqliteJobStore store = SqliteJobStore.open(file)) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            jobs.delete(new JobRef("org_1", "000000000000000000000001"));
            JobChanges feed = jobs.changesSince("org_1", 0, 10);
            assertEquals(List.of("000000000000000000000000", "000000000000000000000002", "000000000000000000000001"),
                    feed.changes().stream().map(JobChange::jobId).toList());
            assertTrue(feed.changes().get(2).isDeletion());
            assertTrue(feed.resumable());
        }
    }

    @Test
    void aFileFromANewerVersionIsRefusedAndLeftAlone() throws Exception {
        Path file = dir.resolve("newer.db");
        try (Connection c = connect(file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE future (x)");
            s.execute("PRAGMA user_version = " + (SqliteDialect.MIGRATIONS.latest() + 1));
        }
        byte[] before = Files.readAllBytes(file);
        StoreException refused = assertThrows(StoreException.class, () -> SqliteJobStore.open(file));
        assertTrue(refused.getMessage().contains("newer"), refused.getMessage());
        assertTrue(refused.getMessage().contains(String.valueOf(SqliteDialect.MIGRATIONS.latest() + 1)), refused.getMessage());
        try (Connection c = connect(file)) {
            assertEquals(SqliteDialect.MIGRATIONS.latest() + 1, SqliteDialect.INSTANCE.schemaVersion(c));
        }
        assertEquals(before.length, Files.readAllBytes(file).length);
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedWithAClearMessage() throws Exception {
        Path file = dir.resolve("text.db");
        Files.writeString(file, "this is not a database, it is a text file of some length ".repeat(20));
        StoreException refused = assertThrows(StoreException.class, () -> SqliteJobStore.open(file));
        assertEquals("cannot open " + file.toAbsolutePath() + ": it is not a SQLite database; move it away or "
                + "choose another path", refused.getMessage());
    }

    /** Like the file itself, its missing directories are made (docs/server.md#the-database). */
    @Test
    void missingDirectoriesAreCreated() throws SQLException {
        Path file = dir.resolve("no/such/dir/jobs.db");
        SqliteJobStore.open(file).close();
        try (Connection c = connect(file)) {
            assertEquals(SqliteDialect.MIGRATIONS.latest(), SqliteDialect.INSTANCE.schemaVersion(c));
        }
    }

    /**
     * A file of another application would have our tables added to it and its header switched to WAL: it
     * is refused before any of that, with one line, and left byte for byte. Another application's file has
     * tables and no schema version, or uses {@code user_version} itself for a version we know.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada')",
        "CREATE TABLE notes (body TEXT); PRAGMA user_version = 2"})
    void anotherApplicationsDatabaseIsRefusedAndLeftByteForByte(String schema) throws Exception {
        Path file = dir.resolve("theirs.db");
        try (Connection c = connect(file); Statement s = c.createStatement()) {
            for (String sql : schema.split("; ")) {
                s.execute(sql);
            }
        }
        byte[] before = Files.readAllBytes(file);
        List<Path> filesBefore = filesIn(dir);

        StoreException refused = assertThrows(StoreException.class, () -> SqliteJobStore.open(file));

        assertEquals("cannot open " + file.toAbsolutePath() + ": it is another application's SQLite database (it "
                + "has tables, but not Import Jobs' schema); give a new file or an Import Jobs database",
                refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the file is byte-identical");
        assertEquals(filesBefore, filesIn(dir), "no journal, WAL or shared-memory file was left beside it");
    }

    @Test
    void anEmptyFileIsTakenAsNew() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.db"));
        SqliteJobStore.open(file).close();
        try (Connection c = connect(file)) {
            assertEquals(SqliteDialect.MIGRATIONS.latest(), SqliteDialect.INSTANCE.schemaVersion(c));
        }
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aDirectoryThatCannotBeMadeIsRefusedWithAClearMessage() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "a file, not a directory");
        Path file = notes.resolve("jobs.db");
        StoreException refused = assertThrows(StoreException.class, () -> SqliteJobStore.open(file));
        assertEquals("cannot open " + file.toAbsolutePath() + ": " + notes.toAbsolutePath()
                + " is a file, not a directory; choose another path", refused.getMessage());
    }

    @Test
    void aDirectoryIsRefusedWithAClearMessage() {
        StoreException refused = assertThrows(StoreException.class, () -> SqliteJobStore.open(dir));
        assertEquals("cannot open " + dir.toAbsolutePath() + ": it is a directory; name a file in it, such as "
                + dir.toAbsolutePath().resolve("importjobs.db"), refused.getMessage());
    }

    /** A place SQLite cannot create a file in, even for root: the message names the cause and the remedy, not SQLite's code. */
    @Test
    void aPlaceSqliteCannotWriteIsRefusedWithAClearMessage() {
        Path proc = Path.of("/proc/self");
        Assumptions.assumeTrue(Files.isDirectory(proc), "needs Linux's /proc");
        Path file = proc.resolve("jobs.db");
        StoreException refused = assertThrows(StoreException.class, () -> SqliteJobStore.open(file));
        assertEquals("cannot open " + file + ": SQLite cannot read and write it there; the file must be readable "
                + "and writable, and its directory " + proc + " writable, by the user running it ("
                + System.getProperty("user.name") + ")", refused.getMessage());
        assertFalse(refused.getMessage().contains("SQLITE_"), refused.getMessage());
    }

    @Test
    void reopeningAMigratedFileChangesNothing() throws SQLException {
        Path file = dir.resolve("twice.db");
        SqliteJobStore.open(file).close();
        SqliteJobStore.open(file).close();
        try (Connection c = connect(file)) {
            assertEquals(SqliteDialect.MIGRATIONS.latest(), SqliteDialect.INSTANCE.schemaVersion(c));
        }
    }

    @Test
    void migrationScriptsSplitIntoStatementsKeepingTriggerBodiesWhole() {
        var statements = SqliteDialect.MIGRATIONS.statements("002-job-counts.sql");
        long triggers = statements.stream().filter(sql -> sql.startsWith("CREATE TRIGGER")).count();
        assertEquals(3, triggers);
        assertTrue(statements.stream().filter(sql -> sql.startsWith("CREATE TRIGGER"))
                .allMatch(sql -> sql.endsWith("END;")));
    }

    /** A file at schema {@code version} holding one job of org_1 per status, ids 00…0, 00…1, … in order. */
    private static void fileOfVersion(Path file, int version, String... statuses) throws SQLException {
        try (Connection c = connect(file)) {
            SqliteDialect.MIGRATIONS.migrate(c, SqliteDialect.INSTANCE, version);
            try (Statement s = c.createStatement()) {
                for (int i = 0; i < statuses.length; i++) {
                    s.execute("INSERT INTO jobs (id, organization_id, status, created_by_id, file_name, "
                            + "create_fingerprint, processed_rows, success_count, insert_count, update_count, "
                            + "skip_count, warning_count, error_count, error_report_truncated, created_at, "
                            + "updated_at, version) VALUES ('00000000000000000000000" + i + "', 'org_1', '"
                            + statuses[i] + "', 'u', 'f.csv', 'x', 0, 0, 0, 0, 0, 0, 0, 0, " + i + ", " + i + ", 1)");
                }
            }
            assertEquals(version, SqliteDialect.INSTANCE.schemaVersion(c));
        }
    }

    private static Connection connect(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
