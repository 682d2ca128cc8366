package dev.importjobs.storage.sqlite;

import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.RecordChunkCommand;
import java.nio.file.Path;

/**
 * The child process of {@link CrashSafetyTest}: writes jobs and chunks forever and prints a line after
 * each acknowledged write ({@code job <id>} or {@code chunk <id> <index>}), until it is killed.
 */
public final class CrashWriter {
    static final String ORG = "org_crash";
    static final int CHUNKS_PER_JOB = 20;
    static final long ROWS = 5;

    private CrashWriter() {
    }

    public static void main(String[] args) {
        SqliteJobStore store = SqliteJobStore.open(Path.of(args[0]));
        ImportJobs jobs = ImportJobs.builder(store).build();
        for (int n = 0; ; n++) {
            String id = jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("writer")
                    .fileName("file-" + n + ".csv").build())).job().id();
            System.out.println("job " + id);
            for (int chunk = 0; chunk < CHUNKS_PER_JOB; chunk++) {
                jobs.recordChunk(RecordChunkCommand.of(ORG, id, chunk, ROWS));
                System.out.println("chunk " + id + " " + chunk);
            }
        }
    }
}
