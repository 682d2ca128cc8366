package dev.importjobs.storage.jdbc;

import dev.importjobs.core.model.Counters;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.internal.JsonValues;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Maps jobs to rows of {@code jobs} and back. Instants are stored as epoch milliseconds. */
final class JobRows {
    /** The columns every job read selects, in the order {@link #read} expects. */
    static final String COLUMNS = "seq, line_error_count, create_fingerprint, id, organization_id, status, "
            + "action, created_by_id, created_by_email, created_by_first_name, created_by_last_name, "
            + "created_by_full_name, created_by_picture, file_name, file_mimetype, file_size, file_bucket, file_key, "
            + "file_location, file_region, file_storage_provider_id, file_checksum, idempotency_key, workflow_id, "
            + "config, total_rows, processed_rows, success_count, insert_count, update_count, skip_count, "
            + "warning_count, error_count, last_processed_chunk_index, summary, error, error_report_truncated, "
            + "started_at, completed_at, created_at, updated_at, version";
    /** How many columns {@link #COLUMNS} names: a query may select more after them. */
    static final int COLUMN_COUNT = COLUMNS.split(", ").length;
    static final String SELECT = "SELECT " + COLUMNS + " FROM jobs ";

    /** The written columns, bound by {@link #bind} from parameter 1 on. */
    private static final String WRITTEN = "id, organization_id, status, action, created_by_id, created_by_email, "
            + "created_by_first_name, created_by_last_name, created_by_full_name, created_by_picture, file_name, "
            + "file_mimetype, file_size, file_bucket, file_key, file_location, file_region, "
            + "file_storage_provider_id, file_checksum, idempotency_key, workflow_id, config, total_rows, "
            + "processed_rows, success_count, insert_count, update_count, skip_count, warning_count, error_count, "
            + "last_processed_chunk_index, summary, error, error_report_truncated, started_at, completed_at, "
            + "created_at, updated_at, version, line_error_count";
    private static final String[] WRITTEN_COLUMNS = WRITTEN.split(", ");
    private static final int WRITTEN_COUNT = WRITTEN_COLUMNS.length;

    /** Records a chunk of the job at a row: its seq, then the chunk's index. */
    static final String RECORD_CHUNK = "INSERT INTO job_chunks (job_seq, chunk_index) VALUES (?, ?)";

    /** Parameter index after the written columns: the fingerprint of an insert, then its feed position. */
    static final int AFTER_WRITTEN = WRITTEN_COUNT + 1;

    /** The insert of a job row, its feed position written as {@code position} says ({@link Position#sql}). */
    static String insert(String position) {
        return "INSERT INTO jobs (" + WRITTEN + ", create_fingerprint, feed_position) VALUES ("
                + "?, ".repeat(WRITTEN_COUNT + 1) + position + ")";
    }

    /**
     * What a write puts in {@code feed_position}: an expression the database computes in the statement, or
     * {@code ?} and the value bound to it.
     */
    record Position(String sql, Long value) {
        static Position computed(String expression) {
            return new Position(expression, null);
        }

        static Position bound(long value) {
            return new Position("?", value);
        }

        /** Binds the value, if there is one, at {@code index}; returns the next parameter's index. */
        int bind(PreparedStatement statement, int index) throws SQLException {
            if (value == null) {
                return index;
            }
            statement.setLong(index, value);
            return index + 1;
        }
    }

    private JobRows() {
    }

    /** A job row as read: the job (no line errors), its seq, its line-error count and create fingerprint. */
    record Row(long seq, long lineErrorCount, String createFingerprint, ImportJob job) {
        /** The job carrying {@code lines}, the first of its line errors, and whether more are stored. */
        ImportJob job(List<LineError> lines) {
            return job.withErrorReport(lines, lineErrorCount > lines.size());
        }
    }

    /** The seqs of the rows that have line errors. */
    static List<Long> withLineErrors(List<Row> rows) {
        List<Long> seqs = new ArrayList<>();
        for (Row row : rows) {
            if (row.lineErrorCount() > 0) {
                seqs.add(row.seq());
            }
        }
        return seqs;
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
        Object[] values = values(job, lineErrorCount);
        for (int i = 0; i < values.length; i++) {
            bindValue(statement, i + 1, values[i]);
        }
    }

    /**
     * {@code UPDATE jobs SET <the columns whose value differs>, feed_position = <position> WHERE seq = ?}, its values
     * bound, or {@code null} when nothing differs. With a {@code chunk}, the statement records it too, in a
     * {@code WITH} clause ({@link Dialect#writesInWith}). Writing only what changed keeps SQLite from rewriting the
     * entries of every index on {@code jobs} (it rewrites those whose columns are assigned, changed or not): a
     * chunk touches five of its fourteen (processed rows, updated at, status and updated at, the change feed's
     * position, and with line errors the error count).
     */
    static PreparedStatement updateChanged(Statements statements, long seq, ImportJob before, long lineErrorsBefore,
            ImportJob after, long lineErrorsAfter, Position feedPosition, Integer chunk) throws SQLException {
        Assignments set = Assignments.of(before, lineErrorsBefore, after, lineErrorsAfter, feedPosition);
        if (set == null) {
            return null;
        }
        String update = "UPDATE jobs SET " + set.sql() + " WHERE seq = ?";
        PreparedStatement statement = statements.prepare(chunk == null ? update
                : "WITH chunk AS (" + RECORD_CHUNK + ") " + update);
        int parameter = 1;
        if (chunk != null) {
            statement.setLong(parameter++, seq);
            statement.setInt(parameter++, chunk);
        }
        statement.setLong(set.bind(statement, parameter), seq);
        return statement;
    }

    /**
     * Writes a change of the job at row {@code seq} worked out from {@code before}, a state not read under the
     * row's lock, only if the row's version is still {@code before}'s: the row's changed columns, then the
     * {@code lines} appended and the {@code chunks} recorded (any number: the writes of one turn together).
     * Returns whether it wrote; when not (the row had moved on, or is gone), nothing was written
     * (docs/storage.md#writes-from-the-known-state). Where the dialect allows writes in {@code WITH}, it is one
     * statement whose chunks and lines are written only if the row was.
     */
    static boolean updateIfStill(Statements statements, Dialect dialect, long seq, ImportJob before,
            long lineErrorsBefore, ImportJob after, List<LineError> lines, Position feedPosition, List<Integer> chunks)
            throws SQLException {
        Assignments set = Assignments.of(before, lineErrorsBefore, after, lineErrorsBefore + lines.size(),
                feedPosition);
        if (set == null) {
            return false; // nothing to check the version with: the job as it is decides
        }
        // The id too: SQLite gives a deleted job's seq to the next job inserted, which may reach the kept version.
        String update = "UPDATE jobs SET " + set.sql() + " WHERE seq = ? AND version = ? AND id = ?";
        if (!dialect.writesInWith()) {
            PreparedStatement statement = statements.prepare(update);
            int parameter = set.bind(statement, 1);
            statement.setLong(parameter++, seq);
            statement.setLong(parameter++, before.version());
            statement.setString(parameter, before.id());
            if (statement.executeUpdate() == 0) {
                return false;
            }
            LineErrorRows.append(statements, dialect, seq, lines);
            for (int chunk : chunks) {
                recordChunk(statements, seq, chunk);
            }
            return true;
        }
        PreparedStatement statement = statements.prepare("WITH updated AS (" + update + " RETURNING seq)"
                + (chunks.isEmpty() ? "" : ", chunk AS (INSERT INTO job_chunks (job_seq, chunk_index) "
                        + "SELECT u.seq, c.chunk_index FROM updated AS u, " + chunkIndexes(dialect) + ")")
                + (lines.isEmpty() ? "" : ", lines AS (" + LineErrorRows.insertFrom(LineErrorRows.table(dialect),
                        "u.seq", "updated AS u, ") + ")")
                + " SELECT COUNT(*) FROM updated");
        int parameter = set.bind(statement, 1);
        statement.setLong(parameter++, seq);
        statement.setLong(parameter++, before.version());
        statement.setString(parameter++, before.id());
        if (!chunks.isEmpty()) {
            dialect.bindChunkIndexes(statement, parameter++, chunks);
        }
        if (!lines.isEmpty()) {
            statement.setLong(dialect.bindLineErrors(statement, parameter, lines), seq);
        }
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1) == 1;
        }
    }

    private static String chunkIndexes(Dialect dialect) {
        return dialect.chunkIndexesTable().orElseThrow(() -> new IllegalStateException(
                "a dialect that writes in WITH records chunks from a table of their indexes"));
    }

    static void recordChunk(Statements statements, long seq, int chunk) throws SQLException {
        PreparedStatement statement = statements.prepare(RECORD_CHUNK);
        statement.setLong(1, seq);
        statement.setInt(2, chunk);
        statement.executeUpdate();
    }

    /** The assignments of an update: the columns whose value differs, then the change feed's position. */
    private record Assignments(String sql, List<Object> values, Position position) {
        /** {@code null} when no column differs. */
        static Assignments of(ImportJob before, long lineErrorsBefore, ImportJob after, long lineErrorsAfter,
                Position position) {
            Object[] was = JobRows.values(before, lineErrorsBefore);
            Object[] now = JobRows.values(after, lineErrorsAfter);
            StringBuilder sql = new StringBuilder();
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < now.length; i++) {
                if (!Objects.equals(was[i], now[i])) {
                    sql.append(values.isEmpty() ? "" : ", ").append(WRITTEN_COLUMNS[i]).append(" = ?");
                    values.add(now[i]);
                }
            }
            return values.isEmpty() ? null
                    : new Assignments(sql.append(", feed_position = ").append(position.sql()).toString(), values,
                            position);
        }

        /** Binds the values from parameter {@code index}; returns the next parameter's index. */
        int bind(PreparedStatement statement, int index) throws SQLException {
            for (Object value : values) {
                bindValue(statement, index++, value);
            }
            return position.bind(statement, index);
        }
    }

    /**
     * The written columns of {@code job}, in {@link #WRITTEN} order: Strings, Longs, nulls, and the config as
     * its map, written as JSON only when bound (so an unchanged config is compared, never serialized).
     */
    private static Object[] values(ImportJob job, long lineErrorCount) {
        CreatedBy by = job.createdBy();
        FileInfo file = job.file();
        Counters counters = job.counters();
        return new Object[] {
            job.id(), job.organizationId(), job.status().wireName(), job.action(),
            by.id(), by.email(), by.firstName(), by.lastName(), by.fullName(), by.picture(),
            file.originalName(), file.mimetype(), file.size(), file.bucket(), file.key(), file.location(),
            file.region(), file.storageProviderId(), file.checksum(),
            job.idempotencyKey(), job.workflowId(), job.config(),
            counters.totalRows(), counters.processedRows(), counters.successCount(), counters.insertCount(),
            counters.updateCount(), counters.skipCount(), counters.warningCount(), counters.errorCount(),
            job.lastProcessedChunkIndex() == null ? null : (long) job.lastProcessedChunkIndex(),
            job.summary(), job.error(), job.errorReportTruncated() ? 1L : 0L,
            millis(job.startedAt()), millis(job.completedAt()), job.createdAt().toEpochMilli(),
            job.updatedAt().toEpochMilli(), job.version(), lineErrorCount,
        };
    }

    private static void bindValue(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Map<?, ?> config) {
            statement.setString(index, JsonValues.write(config));
        } else {
            statement.setString(index, (String) value);
        }
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
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
