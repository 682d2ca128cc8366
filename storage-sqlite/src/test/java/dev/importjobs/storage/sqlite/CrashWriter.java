package dev.importjobs.storage.sqlite;

import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.RecordChunkCommand;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link CrashSafetyTest}: on as many threads as its second argument says (default 1),
 * with the durability its third names (default power-loss), writes jobs and chunks forever and prints a line after each acknowledged write ({@code job <id>} or
 * {@code chunk <id> <index>}, then how many commits the writer had made by then, as SQLite's commit hook
 * counts them), until it is killed. Each thread writes its own jobs, their chunks in order.
 */
public final class CrashWriter {
    static final String ORG = "org_crash";
    static final int CHUNKS_PER_JOB = 20;
    static final long ROWS = 5;

    private CrashWriter() {
    }

    public static void main(String[] args) throws SQLException {
        SqliteJobStore.Durability durability = args.length > 2
                ? SqliteJobStore.Durability.ofOptionName(args[2]).orElseThrow() : SqliteJobStore.Durability.POWER_LOSS;
        StoreParts parts = StoreParts.open(Path.of(args[0]), durability);
        AtomicLong commits = parts.countCommits();
        ImportJobs jobs = ImportJobs.builder(parts.store()).build();
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        for (int t = 0; t < threads; t++) {
            int thread = t;
            new Thread(() -> write(jobs, thread, commits), "writer-" + t).start();
        }
    }

    private static void write(ImportJobs jobs, int thread, AtomicLong commits) {
        for (int n = 0; ; n++) {
            String id = jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("writer")
                    .fileName("file-" + thread + "-" + n + ".csv").build())).job().id();
            System.out.println("job " + id + " " + commits.get());
            for (int chunk = 0; chunk < CHUNKS_PER_JOB; chunk++) {
                jobs.recordChunk(RecordChunkCommand.of(ORG, id, chunk, ROWS));
                System.out.println("chunk " + id + " " + chunk + " " + commits.get());
            }
        }
    }
}
