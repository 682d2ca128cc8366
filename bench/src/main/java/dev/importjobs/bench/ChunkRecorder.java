package dev.importjobs.bench;

import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One competitor's way to record a processed chunk durably and exactly once, for {@link ChunkUpdateBenchmark}.
 * Every chunk reports 500 rows; with line errors, that many of them failed and are stored one by one.
 * Every method may be called from many threads at once, also on one job with distinct chunk indexes: an
 * implementation serialises one job's chunks the way it would in production.
 *
 * @param <J> the competitor's handle on one job
 */
interface ChunkRecorder<J> extends AutoCloseable {
    String ORGANIZATION = "org_bench";
    long ROWS = 500;
    long INSERTED = 300;

    /** A new job whose chunk 0 is recorded, ready for chunks 1, 2, … and for a retry of chunk 0. */
    J newJob() throws Exception;

    /** Records chunk {@code index} (never recorded before) of the job. */
    Object record(J job, int index) throws Exception;

    /** Sends chunk 0 again: a retry, which must change nothing. */
    Object retry(J job) throws Exception;

    /** What the competitor's database holds for the job, read back from it. */
    Totals totals(J job) throws Exception;

    @Override
    void close() throws SQLException;

    /**
     * A job's stored totals: its processed rows and error count as the competitor keeps them, and how many
     * line errors it stored.
     */
    record Totals(long processedRows, long errorCount, long storedLineErrors) {
        /** What {@code chunks} distinct chunks of {@code lineErrors} line errors each must leave behind. */
        static Totals of(long chunks, int lineErrors) {
            return new Totals(chunks * ROWS, chunks * lineErrors, chunks * lineErrors);
        }
    }

    /** The chunk's failed lines, as a worker would report them. */
    static List<LineError> lineErrors(int count, int index) {
        List<LineError> lines = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            lines.add(new LineError(index * ROWS + k * 37L + 1, Severity.ERROR, "price", "E_NUMBER",
                    "price must be a number", "abc"));
        }
        return List.copyOf(lines);
    }
}
