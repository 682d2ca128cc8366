package dev.importjobs.bench;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobInstance;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.item.database.Order;
import org.springframework.batch.item.database.PagingQueryProvider;
import org.springframework.batch.item.database.support.SqlPagingQueryProviderFactoryBean;
import org.springframework.jdbc.core.RowMapper;

/**
 * The peer: listing with what Spring Batch offers. Pages by number go through its {@code JobExplorer}
 * (the job name is the organization): the instance count, a page of instances, and each one's last
 * execution with its step executions and contexts. The explorer can neither filter by status, sort by
 * another field nor continue after a position, so those variants use Spring Batch's own paging SQL
 * ({@link SqlPagingQueryProviderFactoryBean}'s provider for the database, what {@code JdbcPagingItemReader} runs:
 * a keyset on the sort keys)
 * over its tables, plus a count.
 */
final class SpringBatchListing implements Listing {
    private static final String SELECT = "E.JOB_EXECUTION_ID, E.VERSION, E.CREATE_TIME, E.START_TIME, E.END_TIME, "
            + "E.STATUS, E.LAST_UPDATED, I.JOB_INSTANCE_ID, I.JOB_NAME, S.STEP_EXECUTION_ID, S.READ_COUNT, "
            + "S.WRITE_COUNT, S.PROCESS_SKIP_COUNT, S.COMMIT_COUNT";
    private static final String FROM = "BATCH_JOB_EXECUTION E "
            + "JOIN BATCH_JOB_INSTANCE I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID "
            + "JOIN BATCH_STEP_EXECUTION S ON S.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID";

    private final SpringBatchDatabase database;
    private final String organization;
    private final int depth;
    private final String cursorSql;
    private final String statusSql;
    private final String sortedSql;
    private final long cursorExecutionId;
    private final String statusName = SpringBatchDataset.batchStatus(FILTER_STATUS).name();

    /** Lists on {@code database}, which it closes. */
    SpringBatchListing(SpringBatchDatabase database, String organization, int depth) throws Exception {
        this.database = database;
        this.organization = organization;
        this.depth = depth;
        this.cursorSql = provider("I.JOB_NAME = ?", newestFirst()).generateRemainingPagesQuery(PAGE_SIZE);
        this.statusSql = provider("I.JOB_NAME = ? AND E.STATUS = ?", newestFirst()).generateFirstPageQuery(PAGE_SIZE);
        Map<String, Order> byUpdate = new LinkedHashMap<>();
        byUpdate.put("E.LAST_UPDATED", Order.DESCENDING);
        byUpdate.put("E.JOB_EXECUTION_ID", Order.DESCENDING);
        this.sortedSql = provider("I.JOB_NAME = ?", byUpdate).generateFirstPageQuery(PAGE_SIZE);
        // The keyset position before the deep page: the last execution of the page before it.
        List<JobInstance> before = database.explorer.getJobInstances(organization, depth - 1, 1);
        this.cursorExecutionId = database.explorer.getLastJobExecution(before.get(0)).getId();
    }

    private static Map<String, Order> newestFirst() {
        return Map.of("E.JOB_EXECUTION_ID", Order.DESCENDING);
    }

    /** Spring Batch's provider for the database it finds behind the data source (SQLite, PostgreSQL, …). */
    private PagingQueryProvider provider(String where, Map<String, Order> sortKeys) throws Exception {
        SqlPagingQueryProviderFactoryBean factory = new SqlPagingQueryProviderFactoryBean();
        factory.setDataSource(database.dataSource);
        factory.setSelectClause(SELECT);
        factory.setFromClause(FROM);
        factory.setWhereClause(where);
        factory.setSortKeys(sortKeys);
        return factory.getObject();
    }

    /** A page of executions and the total. */
    record Page(List<JobExecution> items, long totalDocs) {
    }

    @Override
    public Page firstPage() throws Exception {
        return explorerPage(0);
    }

    @Override
    public Page deepOffsetPage() throws Exception {
        return explorerPage(depth);
    }

    private Page explorerPage(int start) throws Exception {
        long total = database.explorer.getJobInstanceCount(organization);
        List<JobExecution> items = new ArrayList<>(PAGE_SIZE);
        for (JobInstance instance : database.explorer.getJobInstances(organization, start, PAGE_SIZE)) {
            items.add(database.explorer.getLastJobExecution(instance));
        }
        return new Page(items, total);
    }

    @Override
    public Page cursorPage() {
        List<JobExecution> items = database.jdbc.query(cursorSql, ROW, organization, cursorExecutionId);
        return new Page(items, count("I.JOB_NAME = ?", organization));
    }

    @Override
    public Page statusPage() {
        List<JobExecution> items = database.jdbc.query(statusSql, ROW, organization, statusName);
        return new Page(items, count("I.JOB_NAME = ? AND E.STATUS = ?", organization, statusName));
    }

    @Override
    public Page sortedPage() {
        List<JobExecution> items = database.jdbc.query(sortedSql, ROW, organization);
        return new Page(items, count("I.JOB_NAME = ?", organization));
    }

    private long count(String where, Object... args) {
        Long total = database.jdbc.queryForObject("SELECT COUNT(*) FROM " + FROM + " WHERE " + where, Long.class, args);
        return total == null ? 0 : total;
    }

    /** A joined row as the execution and step Spring Batch's own mappers would build. */
    private static final RowMapper<JobExecution> ROW = (ResultSet rs, int row) -> {
        JobInstance instance = new JobInstance(rs.getLong("JOB_INSTANCE_ID"), rs.getString("JOB_NAME"));
        JobExecution execution = new JobExecution(instance, rs.getLong("JOB_EXECUTION_ID"), null);
        execution.setVersion(rs.getInt("VERSION"));
        execution.setCreateTime(rs.getTimestamp("CREATE_TIME").toLocalDateTime());
        execution.setStartTime(localTime(rs, "START_TIME"));
        execution.setEndTime(localTime(rs, "END_TIME"));
        execution.setLastUpdated(localTime(rs, "LAST_UPDATED"));
        execution.setStatus(BatchStatus.valueOf(rs.getString("STATUS")));
        StepExecution step = new StepExecution(SpringBatchDataset.STEP_NAME, execution, rs.getLong("STEP_EXECUTION_ID"));
        step.setReadCount(rs.getLong("READ_COUNT"));
        step.setWriteCount(rs.getLong("WRITE_COUNT"));
        step.setProcessSkipCount(rs.getLong("PROCESS_SKIP_COUNT"));
        step.setCommitCount(rs.getLong("COMMIT_COUNT"));
        return execution;
    };

    private static java.time.LocalDateTime localTime(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toLocalDateTime();
    }

    @Override
    public void close() {
        database.close();
    }
}
