package dev.importjobs.bench;

import dev.importjobs.core.model.LineError;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
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
 *
 * <p>Several threads on one job are a multi-threaded step: its threads share the one StepExecution, and
 * {@code TaskletStep} serialises their commits on a semaphore of the step, taken after the chunk's items are
 * written and released once the transaction has completed. Each job here holds that lock, taken and released
 * at the same points.
 */
final class SpringBatchChunks implements ChunkRecorder<SpringBatchChunks.Job> {
    private static final String INSERT_LINE_ERROR = "INSERT INTO IMPORT_LINE_ERROR (STEP_EXECUTION_ID, LINE, SEVERITY, "
            + "COLUMN_NAME, CODE, MESSAGE, VALUE) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final SpringBatchDatabase database;
    private final int lineErrors;
    private final AtomicInteger jobNumber = new AtomicInteger();

    /**
     * A running step, a copy of it as of before chunk 0's commit (its retry), and the lock its chunk commits
     * take, as the step's semaphore in {@code TaskletStep}.
     */
    record Job(StepExecution step, StepExecution stale, ReentrantLock commits) {
    }

    /** Records chunks in {@code database} (its schema made), which it closes. */
    SpringBatchChunks(SpringBatchDatabase database, int lineErrors) {
        this.database = database;
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
        Job job = new Job(step, stale, new ReentrantLock());
        record(job, step, 0);
        return job;
    }

    @Override
    public Object record(Job job, int index) {
        record(job, job.step(), index);
        return job.step();
    }

    /** The stale copy's commit fails on the version check and rolls back: nothing changes. */
    @Override
    public Object retry(Job job) {
        try {
            record(job, job.stale(), 0);
        } catch (OptimisticLockingFailureException expected) {
            return Boolean.FALSE;
        }
        throw new IllegalStateException("a retried chunk commit was applied");
    }

    /**
     * One chunk commit, as TaskletStep's chunk transaction does it: the items (here the skipped lines) are
     * written, then under the step's lock the contribution is applied and the step saved; the lock is let go
     * once the transaction has committed or rolled back.
     */
    private void record(Job job, StepExecution step, int index) {
        List<LineError> errors = lineErrors == 0 ? List.of() : ChunkRecorder.lineErrors(lineErrors, index);
        try {
            database.transactions.executeWithoutResult(status -> commit(job, step, errors));
        } finally {
            if (job.commits().isHeldByCurrentThread()) {
                job.commits().unlock();
            }
        }
    }

    private void commit(Job job, StepExecution step, List<LineError> errors) {
        StepContribution contribution = step.createStepContribution();
        for (long row = 0; row < ROWS; row++) {
            contribution.incrementReadCount();
        }
        contribution.incrementWriteCount(ROWS - errors.size());
        for (int skipped = 0; skipped < errors.size(); skipped++) {
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
        job.commits().lock();
        step.apply(contribution);
        step.getExecutionContext().putLong("FlatFileItemReader.read.count", step.getReadCount());
        database.repository.updateExecutionContext(step);
        step.incrementCommitCount();
        database.repository.update(step);
    }

    /** Read from the tables, not from the StepExecution in memory. */
    @Override
    public Totals totals(Job job) {
        long id = job.step().getId();
        Totals counts = database.jdbc.queryForObject("SELECT READ_COUNT, PROCESS_SKIP_COUNT, "
                + "(SELECT COUNT(*) FROM IMPORT_LINE_ERROR WHERE STEP_EXECUTION_ID = S.STEP_EXECUTION_ID) "
                + "FROM BATCH_STEP_EXECUTION S WHERE STEP_EXECUTION_ID = ?",
                (rs, row) -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3)), id);
        if (counts == null) {
            throw new IllegalStateException("no step execution " + id);
        }
        return counts;
    }

    @Override
    public void close() {
        database.close();
    }
}
