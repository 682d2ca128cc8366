package dev.importjobs.bench;

import dev.importjobs.core.model.LineError;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The peer: what Spring Batch writes at each chunk commit of a chunk-oriented step, in the chunk's
 * transaction — the step's ExecutionContext ({@code updateExecutionContext}) and its StepExecution counts
 * ({@code update}), as {@code TaskletStep} does. Line errors go where a Spring Batch application would put
 * them, a table of its own written by a SkipListener in the same transaction. Exactly-once is Spring Batch's
 * optimistic lock on the StepExecution version: a retried commit carries a stale version and is rolled back
 * with an {@link OptimisticLockingFailureException}.
 */
final class SpringBatchChunks implements ChunkRecorder<SpringBatchChunks.Job> {
    private static final String INSERT_LINE_ERROR = "INSERT INTO IMPORT_LINE_ERROR (STEP_EXECUTION_ID, LINE, SEVERITY, "
            + "COLUMN_NAME, CODE, MESSAGE, VALUE) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final SpringBatchDatabase database;
    private final int lineErrors;
    private final AtomicInteger jobNumber = new AtomicInteger();

    /** A running step, and a copy of it as of before chunk 0's commit (its retry). */
    record Job(StepExecution step, StepExecution stale) {
    }

    SpringBatchChunks(Path file, int lineErrors) throws SQLException {
        try (Connection c = Sqlite.open(file, Sqlite.durable(false))) {
            SpringBatchDatabase.createSchema(c);
        }
        // One pooled connection: concurrent commits queue in the pool rather than in SQLite's sleeping busy
        // handler, the better of the two for a single SQLite file.
        this.database = SpringBatchDatabase.open(file, 1, true);
        this.lineErrors = lineErrors;
    }

    @Override
    public Job newJob() throws Exception {
        JobExecution execution = database.repository.createJobExecution(ORGANIZATION,
                SpringBatchDataset.parameters("items-" + jobNumber.incrementAndGet() + ".csv", "bench"));
        execution.setStatus(BatchStatus.STARTED);
        execution.setStartTime(LocalDateTime.now());
        database.repository.update(execution);
        StepExecution step = execution.createStepExecution(SpringBatchDataset.STEP_NAME);
        step.setStatus(BatchStatus.STARTED);
        step.setStartTime(LocalDateTime.now());
        database.repository.add(step);
        StepExecution stale = new StepExecution(SpringBatchDataset.STEP_NAME, execution, step.getId());
        stale.setVersion(step.getVersion());
        stale.setExecutionContext(new ExecutionContext(step.getExecutionContext()));
        record(step, 0);
        return new Job(step, stale);
    }

    @Override
    public Object record(Job job, int index) {
        record(job.step(), index);
        return job.step();
    }

    /** The stale copy's commit fails on the version check and rolls back: nothing changes. */
    @Override
    public Object retry(Job job) {
        try {
            record(job.stale(), 0);
        } catch (OptimisticLockingFailureException expected) {
            return Boolean.FALSE;
        }
        throw new IllegalStateException("a retried chunk commit was applied");
    }

    /** One chunk commit, as TaskletStep's chunk transaction does it. */
    private void record(StepExecution step, int index) {
        List<LineError> errors = lineErrors == 0 ? List.of() : ChunkRecorder.lineErrors(lineErrors, index);
        database.transactions.executeWithoutResult(status -> {
            StepContribution contribution = step.createStepContribution();
            for (long row = 0; row < ROWS; row++) {
                contribution.incrementReadCount();
            }
            contribution.incrementWriteCount(ROWS - errors.size());
            for (LineError line : errors) {
                contribution.incrementProcessSkipCount();
            }
            if (!errors.isEmpty()) {
                database.jdbc.batchUpdate(INSERT_LINE_ERROR, errors, errors.size(), (statement, line) -> {
                    statement.setLong(1, step.getId());
                    statement.setLong(2, line.line());
                    statement.setString(3, line.severity().wireName());
                    statement.setString(4, line.column());
                    statement.setString(5, line.code());
                    statement.setString(6, line.message());
                    statement.setString(7, line.value());
                });
            }
            step.apply(contribution);
            step.getExecutionContext().putLong("FlatFileItemReader.read.count", step.getReadCount());
            database.repository.updateExecutionContext(step);
            step.incrementCommitCount();
            database.repository.update(step);
        });
    }

    @Override
    public void close() {
        database.close();
    }
}
