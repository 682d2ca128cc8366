package dev.importjobs.storage.sqlite;

import dev.importjobs.core.model.Counters;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.model.JsonValues;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Maps jobs to rows of {@code jobs} and back. Instants are stored as epoch milliseconds. */
final class JobRows {
    /** The columns every job read selects, in the order {@link #read} expects. */
    static final String SELECT = "SELECT seq, line_error_count, create_fingerprint, id, organization_id, status, "
            + "action, created_by_id, created_by_email, created_by_first_name, created_by_last_name, "
            + "created_by_full_name, created_by_picture, file_name, file_mimetype, file_size, file_bucket, file_key, "
            + "file_location, file_region, file_storage_provider_id, file_checksum, idempotency_key, workflow_id, "
            + "config, total_rows, processed_rows, success_count, insert_count, update_count, skip_count, "
            + "warning_count, error_count, last_processed_chunk_index, summary, error, error_report_truncated, "
            + "started_at, completed_at, created_at, updated_at, version FROM jobs ";

    /** The written columns, bound by {@link #bind} from parameter 1 on. */
    private static final String WRITTEN = "id, organization_id, status, action, created_by_id, created_by_email, "
            + "created_by_first_name, created_by_last_name, created_by_full_name, created_by_picture, file_name, "
            + "file_mimetype, file_size, file_bucket, file_key, file_location, file_region, "
            + "file_storage_provider_id, file_checksum, idempotency_key, workflow_id, config, total_rows, "
            + "processed_rows, success_count, insert_count, update_count, skip_count, warning_count, error_count, "
            + "last_processed_chunk_index, summary, error, error_report_truncated, started_at, completed_at, "
            + "created_at, updated_at, version, line_error_count";
    private static final int WRITTEN_COUNT = WRITTEN.split(",").length;

    static final String INSERT = "INSERT INTO jobs (" + WRITTEN + ", create_fingerprint) VALUES ("
            + "?, ".repeat(WRITTEN_COUNT) + "?)";

    static final String UPDATE = "UPDATE jobs SET (" + WRITTEN + ") = (" + "?, ".repeat(WRITTEN_COUNT - 1)
            + "?) WHERE seq = ?";

    /** Parameter index after the written columns (for the fingerprint of an insert, the seq of an update). */
    static final int AFTER_WRITTEN = WRITTEN_COUNT + 1;

    private JobRows() {
    }

    /** A job row as read: the job (no line errors), its seq, its line-error count and create fingerprint. */
    record Row(long seq, long lineErrorCount, String createFingerprint, ImportJob job) {
    }

    static Row read(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        long lineErrorCount = rs.getLong(2);
        String fingerprint = rs.getString(3);
        String config = rs.getString(25);
        ImportJob job = ImportJob.builder()
                .id(rs.getString(4))
                .organizationId(rs.getString(5))
                .status(JobStatus.fromWireName(rs.getString(6)))
                .action(rs.getString(7))
                .createdBy(new CreatedBy(rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                        rs.getString(12), rs.getString(13)))
                .file(new FileInfo(rs.getString(14), rs.getString(15), longOrNull(rs, 16), rs.getString(17),
                        rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(21), rs.getString(22)))
                .idempotencyKey(rs.getString(23))
                .workflowId(rs.getString(24))
                .config(config == null ? null : JsonValues.parseObject(config))
                .counters(new Counters(longOrNull(rs, 26), rs.getLong(27), rs.getLong(28), rs.getLong(29),
                        rs.getLong(30), rs.getLong(31), rs.getLong(32), rs.getLong(33)))
                .lastProcessedChunkIndex(intOrNull(rs, 34))
                .summary(rs.getString(35))
                .error(rs.getString(36))
                .errorReportTruncated(rs.getInt(37) != 0)
                .startedAt(instantOrNull(rs, 38))
                .completedAt(instantOrNull(rs, 39))
                .createdAt(Instant.ofEpochMilli(rs.getLong(40)))
                .updatedAt(Instant.ofEpochMilli(rs.getLong(41)))
                .version(rs.getLong(42))
                .build();
        return new Row(seq, lineErrorCount, fingerprint, job);
    }

    /** Binds the written columns of {@code job} from parameter 1. */
    static void bind(PreparedStatement statement, ImportJob job, long lineErrorCount) throws SQLException {
        int i = 1;
        statement.setString(i++, job.id());
        statement.setString(i++, job.organizationId());
        statement.setString(i++, job.status().wireName());
        statement.setString(i++, job.action());
        CreatedBy by = job.createdBy();
        statement.setString(i++, by.id());
        statement.setString(i++, by.email());
        statement.setString(i++, by.firstName());
        statement.setString(i++, by.lastName());
        statement.setString(i++, by.fullName());
        statement.setString(i++, by.picture());
        FileInfo file = job.file();
        statement.setString(i++, file.originalName());
        statement.setString(i++, file.mimetype());
        setLong(statement, i++, file.size());
        statement.setString(i++, file.bucket());
        statement.setString(i++, file.key());
        statement.setString(i++, file.location());
        statement.setString(i++, file.region());
        statement.setString(i++, file.storageProviderId());
        statement.setString(i++, file.checksum());
        statement.setString(i++, job.idempotencyKey());
        statement.setString(i++, job.workflowId());
        statement.setString(i++, job.config() == null ? null : JsonValues.write(job.config()));
        Counters counters = job.counters();
        setLong(statement, i++, counters.totalRows());
        statement.setLong(i++, counters.processedRows());
        statement.setLong(i++, counters.successCount());
        statement.setLong(i++, counters.insertCount());
        statement.setLong(i++, counters.updateCount());
        statement.setLong(i++, counters.skipCount());
        statement.setLong(i++, counters.warningCount());
        statement.setLong(i++, counters.errorCount());
        setLong(statement, i++, job.lastProcessedChunkIndex() == null ? null : (long) job.lastProcessedChunkIndex());
        statement.setString(i++, job.summary());
        statement.setString(i++, job.error());
        statement.setInt(i++, job.errorReportTruncated() ? 1 : 0);
        setLong(statement, i++, millis(job.startedAt()));
        setLong(statement, i++, millis(job.completedAt()));
        statement.setLong(i++, job.createdAt().toEpochMilli());
        statement.setLong(i++, job.updatedAt().toEpochMilli());
        statement.setLong(i++, job.version());
        statement.setLong(i, lineErrorCount);
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setLong(index, value);
        }
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer intOrNull(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        Long millis = longOrNull(rs, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
