package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.RecordChunkCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process is killed with SIGKILL mid-stream, with one writer thread and with 16 whose writes are
 * committed in batches; every write it acknowledged must be in the file, and the file must open cleanly.
 */
class CrashSafetyTest {
    private static final int ACKNOWLEDGED_BEFORE_KILL = 300;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesAKillDashNine() throws Exception {
        killWhileWriting(1, SqliteJobStore.Durability.POWER_LOSS);
    }

    /** 16 writers at once: their writes are committed in batches, and each acknowledged one is there. */
    @Test
    void everyAcknowledgedWriteOfConcurrentBatchesSurvivesAKillDashNine() throws Exception {
        long commits = killWhileWriting(16, SqliteJobStore.Durability.POWER_LOSS);
        assertTrue(commits < ACKNOWLEDGED_BEFORE_KILL,
                ACKNOWLEDGED_BEFORE_KILL + " acknowledged writes took " + commits + " commits: they were batched");
    }

    /**
     * Durability {@code process} leaves commits in the operating system's cache, which a killed process does not
     * take with it: every acknowledged write is there all the same (a power loss is what it gives up).
     */
    @Test
    void durabilityProcessKeepsEveryAcknowledgedWriteThroughAKillDashNine() throws Exception {
        killWhileWriting(16, SqliteJobStore.Durability.PROCESS);
    }

    /**
     * Runs {@link CrashWriter} on {@code threads} threads with {@code durability}, kills it once it acknowledged enough writes, checks
     * every one of them is in the file and the file is sound; returns how many commits those writes took.
     */
    private long killWhileWriting(int threads, SqliteJobStore.Durability durability) throws Exception {
        Path db = dir.resolve("crash.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), db.toString(),
                Integer.toString(threads), durability.optionName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<String, Integer> acknowledgedChunks = new LinkedHashMap<>();
        long commits = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            int acknowledged = 0;
            while (acknowledged < ACKNOWLEDGED_BEFORE_KILL) {
                String line = out.readLine();
                assertNotNull(line, "the writer died before it was killed");
                String[] parts = line.split(" ");
                if (parts[0].equals("job")) {
                    acknowledgedChunks.put(parts[1], 0);
                } else {
                    acknowledgedChunks.merge(parts[1], 1, Integer::sum);
                }
                commits = Math.max(commits, Long.parseLong(parts[parts.length - 1]));
                acknowledged++;
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(1, TimeUnit.MINUTES), "the writer was killed");
        }
        assertFalse(acknowledgedChunks.isEmpty());

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertEquals("ok", rs.getString(1));
        }
        try (SqliteJobStore store = SqliteJobStore.open(db)) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            for (Map.Entry<String, Integer> entry : acknowledgedChunks.entrySet()) {
                ImportJob job = jobs.get(new JobRef(CrashWriter.ORG, entry.getKey()));
                int chunks = entry.getValue();
                assertTrue(job.counters().processedRows() >= chunks * CrashWriter.ROWS, job.id());
                for (int chunk = 0; chunk < chunks; chunk++) {
                    assertFalse(jobs.recordChunk(RecordChunkCommand.of(CrashWriter.ORG, job.id(), chunk,
                            CrashWriter.ROWS)).applied(), "acknowledged chunk " + chunk + " of " + job.id());
                }
            }
        }
        return commits;
    }
}
