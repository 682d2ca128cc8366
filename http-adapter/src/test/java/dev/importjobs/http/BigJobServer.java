package dev.importjobs.http;

import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server in a JVM of its own, for {@link StreamedAnswerTest} and {@link MemoryLoadTest}: one job holding
 * {@link #LINES} line errors, each as long as core allows. Prints {@code serving PORT JOB_ID} and serves until
 * its standard input ends; a line {@code heap} on its input is answered with the heap's peak.
 * Before serving, its main thread allocates one array of {@link #CONTROL_BYTES}: the recording must show it,
 * or it could not show the arrays the test looks for either.
 */
public final class BigJobServer {
    static final int LINES = 1000;
    static final int CONTROL_BYTES = 3_000_000;
    static final String READY = "serving ";
    static final String HEAP = "heap";

    private BigJobServer() {
    }

    public static void main(String[] args) throws IOException {
        try (SqliteJobStore store = SqliteJobStore.open(Path.of(args[0]))) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            String id = jobs.create(new CreateJobCommand(TestServer.ORG, JobFields.builder()
                    .createdBy(CreatedBy.of("user_1")).fileName("big.csv").status("inProgress").build())).job().id();
            for (int chunk = 0; chunk < LINES / 100; chunk++) {
                List<LineError> errors = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    errors.add(maximal(chunk * 100 + i + 1));
                }
                jobs.recordChunk(RecordChunkCommand.builder(TestServer.ORG, id).chunkIndex(chunk).rows(100)
                        .errorCount(100L).errors(errors).build());
            }
            byte[] control = new byte[CONTROL_BYTES];
            ImportJobsServer server = ImportJobsServer.builder(jobs, store).port(0).start();
            System.out.println(READY + server.port() + " " + id + " " + control.length);
            System.out.flush();
            // Serves until the test closes our input; "heap" asks for the heap's peak since the last ask.
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals(HEAP)) {
                    System.out.println(HEAP + " " + heapPeakSinceLastAsked());
                    System.out.flush();
                }
            }
            server.stop(Duration.ZERO);
        }
    }

    /**
     * {@code PEAK AFTER}: the most heap in use at once since the last call (the heap pools' peaks added up),
     * then the heap in use after a collection, from which the next peak is measured.
     */
    private static String heapPeakSinceLastAsked() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        return peak + " " + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
    }

    /** A line error with every part at core's longest. */
    static LineError maximal(long line) {
        return new LineError(line, Severity.ERROR, "c".repeat(LineError.MAX_COLUMN), "k".repeat(LineError.MAX_CODE),
                "m".repeat(LineError.MAX_MESSAGE), "v".repeat(LineError.MAX_VALUE));
    }
}
