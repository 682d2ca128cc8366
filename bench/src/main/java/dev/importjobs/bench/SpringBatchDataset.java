package dev.importjobs.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.DefaultJobKeyGenerator;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.JobParametersBuilder;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;

/**
 * The same jobs as {@link ImportJobsDataset}, in Spring Batch's schema: the organization is the job name,
 * each import job one JobInstance (identified by its file and creator) with one JobExecution and one
 * StepExecution carrying the counters, and both execution contexts serialized as Spring Batch writes them.
 */
final class SpringBatchDataset {
    static final String STEP_NAME = "import";

    private SpringBatchDataset() {
    }

    static Path get(int jobs) {
        return Datasets.get(SpringBatchDatabase.KIND, jobs, SpringBatchDataset::seed);
    }

    static JobParameters parameters(String fileName, String createdBy) {
        return new JobParametersBuilder().addString("file", fileName).addString("createdBy", createdBy)
                .toJobParameters();
    }

    static BatchStatus batchStatus(String status) {
        return switch (status) {
            case "completed" -> BatchStatus.COMPLETED;
            case "failed" -> BatchStatus.FAILED;
            case "inProgress" -> BatchStatus.STARTED;
            case "cancelled" -> BatchStatus.STOPPED;
            default -> BatchStatus.STARTING;
        };
    }

    /** The same jobs on the embedded PostgreSQL: the name of their database, made on first use. */
    static String onPostgres(int jobs) {
        return Datasets.database(SpringBatchDatabase.KIND, jobs, SpringBatchDataset::seed);
    }

    private static void seed(Path file, SyntheticJobs jobs) throws SQLException {
        try (Connection c = Sqlite.openForSeeding(file)) {
            insertRows(c, jobs, SpringBatchDatabase.Flavor.SQLITE);
            Datasets.finish(c);
        }
    }

    private static void seed(String database, SyntheticJobs jobs) throws SQLException {
        try (Connection c = Postgres.connectForSeeding(database); Statement s = c.createStatement()) {
            insertRows(c, jobs, SpringBatchDatabase.Flavor.POSTGRES);
            s.execute("VACUUM ANALYZE");
        }
    }

    /** The schema and the rows, one transaction per {@link Datasets#BATCH} jobs, on a connection in auto-commit mode. */
    private static void insertRows(Connection c, SyntheticJobs jobs, SpringBatchDatabase.Flavor flavor)
            throws SQLException {
        long start = System.nanoTime();
        DefaultJobKeyGenerator keys = new DefaultJobKeyGenerator();
        DefaultExecutionContextSerializer serializer = new DefaultExecutionContextSerializer();
        String emptyContext = serialize(serializer, Map.of());
        try (Statement tx = c.createStatement()) {
            SpringBatchDatabase.createSchema(c, flavor);
            try (PreparedStatement instance = c.prepareStatement(
                            "INSERT INTO BATCH_JOB_INSTANCE (JOB_INSTANCE_ID, VERSION, JOB_NAME, JOB_KEY) VALUES (?, 0, ?, ?)");
                    PreparedStatement execution = c.prepareStatement("INSERT INTO BATCH_JOB_EXECUTION (JOB_EXECUTION_ID, "
                            + "VERSION, JOB_INSTANCE_ID, CREATE_TIME, START_TIME, END_TIME, STATUS, EXIT_CODE, EXIT_MESSAGE, "
                            + "LAST_UPDATED) VALUES (?, 2, ?, ?, ?, ?, ?, ?, '', ?)");
                    PreparedStatement parameter = c.prepareStatement("INSERT INTO BATCH_JOB_EXECUTION_PARAMS "
                            + "(JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING) "
                            + "VALUES (?, ?, 'java.lang.String', ?, 'Y')");
                    PreparedStatement jobContext = c.prepareStatement("INSERT INTO BATCH_JOB_EXECUTION_CONTEXT "
                            + "(JOB_EXECUTION_ID, SHORT_CONTEXT, SERIALIZED_CONTEXT) VALUES (?, ?, NULL)");
                    PreparedStatement step = c.prepareStatement("INSERT INTO BATCH_STEP_EXECUTION (STEP_EXECUTION_ID, "
                            + "VERSION, STEP_NAME, JOB_EXECUTION_ID, CREATE_TIME, START_TIME, END_TIME, STATUS, COMMIT_COUNT, "
                            + "READ_COUNT, FILTER_COUNT, WRITE_COUNT, READ_SKIP_COUNT, WRITE_SKIP_COUNT, PROCESS_SKIP_COUNT, "
                            + "ROLLBACK_COUNT, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED) "
                            + "VALUES (?, ?, '" + STEP_NAME + "', ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, 0, ?, 0, ?, '', ?)");
                    PreparedStatement stepContext = c.prepareStatement("INSERT INTO BATCH_STEP_EXECUTION_CONTEXT "
                            + "(STEP_EXECUTION_ID, SHORT_CONTEXT, SERIALIZED_CONTEXT) VALUES (?, ?, NULL)");
                    PreparedStatement line = c.prepareStatement("INSERT INTO IMPORT_LINE_ERROR (STEP_EXECUTION_ID, "
                            + "LINE, SEVERITY, COLUMN_NAME, CODE, MESSAGE, VALUE) "
                            + "VALUES (?, ?, 'error', 'price', 'E_NUMBER', 'price must be a number', 'abc')")) {
                tx.execute("BEGIN");
                for (int i = 0; i < jobs.total(); i++) {
                    long id = i + 1L;
                    String status = SyntheticJobs.status(i);
                    String batchStatus = batchStatus(status).name();
                    JobParameters parameters = parameters(SyntheticJobs.fileName(i), SyntheticJobs.createdBy(i));
                    instance.setLong(1, id);
                    instance.setString(2, jobs.organizationOf(i));
                    instance.setString(3, keys.generateKey(parameters));
                    instance.addBatch();

                    execution.setLong(1, id);
                    execution.setLong(2, id);
                    setTime(execution, 3, SyntheticJobs.createdAt(i));
                    setTime(execution, 4, SyntheticJobs.startedAt(i));
                    setTime(execution, 5, SyntheticJobs.completedAt(i));
                    execution.setString(6, batchStatus);
                    execution.setString(7, exitCode(batchStatus));
                    setTime(execution, 8, SyntheticJobs.updatedAt(i));
                    execution.addBatch();

                    for (String[] p : new String[][] {{"file", SyntheticJobs.fileName(i)},
                            {"createdBy", SyntheticJobs.createdBy(i)}}) {
                        parameter.setLong(1, id);
                        parameter.setString(2, p[0]);
                        parameter.setString(3, p[1]);
                        parameter.addBatch();
                    }
                    jobContext.setLong(1, id);
                    jobContext.setString(2, emptyContext);
                    jobContext.addBatch();

                    long commits = (SyntheticJobs.processedRows(i) + 499) / 500;
                    step.setLong(1, id);
                    step.setLong(2, commits + 1);
                    step.setLong(3, id);
                    setTime(step, 4, SyntheticJobs.createdAt(i));
                    setTime(step, 5, SyntheticJobs.startedAt(i));
                    setTime(step, 6, SyntheticJobs.completedAt(i));
                    step.setString(7, batchStatus);
                    step.setLong(8, commits);
                    step.setLong(9, SyntheticJobs.processedRows(i));
                    step.setLong(10, SyntheticJobs.successCount(i));
                    step.setLong(11, SyntheticJobs.errorCount(i));
                    step.setString(12, exitCode(batchStatus));
                    setTime(step, 13, SyntheticJobs.updatedAt(i));
                    step.addBatch();

                    stepContext.setLong(1, id);
                    stepContext.setString(2, serialize(serializer, stepContext(SyntheticJobs.processedRows(i))));
                    stepContext.addBatch();

                    for (int k = 1; k <= SyntheticJobs.lineErrors(i); k++) {
                        line.setLong(1, id);
                        line.setLong(2, 10L * k + i % 10);
                        line.addBatch();
                    }
                    if ((i + 1) % Datasets.BATCH == 0 || i + 1 == jobs.total()) {
                        for (PreparedStatement s : new PreparedStatement[] {instance, execution, parameter, jobContext,
                                step, stepContext, line}) {
                            s.executeBatch();
                        }
                        tx.execute("COMMIT");
                        Datasets.progress("springbatch", i + 1, jobs.total(), start);
                        tx.execute("BEGIN");
                    }
                }
                // The id sequences continue after the seeded rows.
                flavor.continueSequences(tx, jobs.total());
                tx.execute("COMMIT");
            }
        }
    }

    /** What a chunk-oriented step keeps in its context: the step kind and the reader's position. */
    static Map<String, Object> stepContext(long readCount) {
        Map<String, Object> context = new HashMap<>();
        context.put("batch.taskletType", "org.springframework.batch.core.step.item.ChunkOrientedTasklet");
        context.put("batch.stepType", "org.springframework.batch.core.step.tasklet.TaskletStep");
        context.put("FlatFileItemReader.read.count", readCount);
        return context;
    }

    private static String exitCode(String batchStatus) {
        return switch (batchStatus) {
            case "COMPLETED", "FAILED", "STOPPED" -> batchStatus;
            case "STARTED" -> "EXECUTING";
            default -> "UNKNOWN";
        };
    }

    private static String serialize(DefaultExecutionContextSerializer serializer, Map<String, Object> context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            serializer.serialize(context, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * An instant of Spring Batch's TIMESTAMP columns, or null: PostgreSQL takes only a timestamp there, and
     * sqlite-jdbc stores one as its epoch milliseconds, as it always has in these datasets.
     */
    private static void setTime(PreparedStatement s, int index, Long millis) throws SQLException {
        if (millis == null) {
            s.setNull(index, Types.TIMESTAMP);
        } else {
            s.setTimestamp(index, new Timestamp(millis));
        }
    }
}
