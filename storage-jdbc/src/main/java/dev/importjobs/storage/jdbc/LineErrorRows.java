package dev.importjobs.storage.jdbc;

import dev.importjobs.core.internal.JsonValues;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Reads and writes {@code line_errors}: per job, in write order ({@code seq}). */
final class LineErrorRows {
    private static final String COLUMNS = "severity, line, column_name, code, message, value";

    private LineErrorRows() {
    }

    /** {@code AND severity IN (…)} for a non-empty set, else nothing; binds follow the job seq. */
    static String severityClause(Set<Severity> severities) {
        return severities.isEmpty() ? "" : " AND severity IN (" + "?, ".repeat(severities.size() - 1) + "?)";
    }

    static int bindSeverities(PreparedStatement statement, int from, Set<Severity> severities) throws SQLException {
        int i = from;
        for (Severity severity : severities) {
            statement.setString(i++, severity.wireName());
        }
        return i;
    }

    static List<LineError> first(Statements c, long jobSeq, int limit) throws SQLException {
        List<LineError> lines = new ArrayList<>();
        page(c, jobSeq, Set.of(), 0, limit, lines::add);
        return lines;
    }

    /**
     * The first {@code limit} lines of each of these jobs, in one query (the dialect's): a listing page
     * reads its previews at once instead of one query per job.
     */
    static Map<Long, List<LineError>> firstOfEach(Statements c, Dialect dialect, List<Long> jobSeqs, int limit)
            throws SQLException {
        if (jobSeqs.isEmpty() || limit == 0) {
            return Map.of();
        }
        PreparedStatement statement = c.prepare(dialect.lineErrorPreviewQuery());
        dialect.bindJobSeqs(statement, 1, jobSeqs);
        statement.setLong(2, limit);
        Map<Long, List<LineError>> lines = new HashMap<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                lines.computeIfAbsent(rs.getLong(7), seq -> new ArrayList<>()).add(read(rs));
            }
        }
        return lines;
    }

    /**
     * Line errors from the JSON text of {@link Dialect#lineErrorPreviewJson} (arrays of severity, line, column,
     * code, message, value); none for {@code null}.
     */
    static List<LineError> fromJson(String json) {
        if (json == null) {
            return List.of();
        }
        List<LineError> lines = new ArrayList<>();
        for (Object item : (List<?>) JsonValues.parse(json)) {
            List<?> line = (List<?>) item;
            lines.add(new LineError(((Number) line.get(1)).longValue(), severity((String) line.get(0)),
                    (String) line.get(2), (String) line.get(3), (String) line.get(4), (String) line.get(5)));
        }
        return lines;
    }

    /** Hands the matching lines from {@code offset}, at most {@code limit}, to {@code sink}, streaming. */
    static void page(Statements c, long jobSeq, Set<Severity> severities, long offset, long limit,
            Consumer<LineError> sink) throws SQLException {
        PreparedStatement statement = c.prepare("SELECT " + COLUMNS
                + " FROM line_errors WHERE job_seq = ?" + severityClause(severities)
                + " ORDER BY seq LIMIT ? OFFSET ?");
        statement.setLong(1, jobSeq);
        int i = bindSeverities(statement, 2, severities);
        statement.setLong(i++, limit);
        statement.setLong(i, offset);
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                sink.accept(read(rs));
            }
        }
    }

    /**
     * Lines of one job in write order; the seq of the last one, where the next batch starts; and whether one
     * may follow (the batch stopped at its limit rather than at the job's last line).
     */
    record Batch(long jobSeq, List<LineError> lines, long lastSeq, boolean more) {
    }

    /**
     * The matching lines after the one numbered {@code afterSeq}, as many as fit in {@code maxLines} and
     * {@code maxChars} (their text counted; the line that reaches it is the batch's last): a range of the
     * primary key, so each batch of a long walk costs the same.
     */
    static Batch after(Statements c, long jobSeq, Set<Severity> severities, long afterSeq, int maxLines,
            long maxChars) throws SQLException {
        PreparedStatement statement = c.prepare("SELECT " + COLUMNS + ", seq FROM line_errors WHERE job_seq = ?"
                + " AND seq > ?" + severityClause(severities) + " ORDER BY seq LIMIT ?");
        statement.setLong(1, jobSeq);
        statement.setLong(2, afterSeq);
        int i = bindSeverities(statement, 3, severities);
        statement.setInt(i, maxLines);
        List<LineError> lines = new ArrayList<>();
        long last = afterSeq;
        long chars = 0;
        try (ResultSet rs = statement.executeQuery()) {
            while (chars < maxChars && rs.next()) {
                LineError line = read(rs);
                lines.add(line);
                last = rs.getLong(7);
                chars += length(line.column()) + length(line.code()) + line.message().length() + length(line.value());
            }
        }
        return new Batch(jobSeq, lines, last, lines.size() == maxLines || chars >= maxChars);
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    static long count(Statements c, long jobSeq, Set<Severity> severities) throws SQLException {
        PreparedStatement statement = c.prepare("SELECT COUNT(*) FROM line_errors WHERE job_seq = ?"
                + severityClause(severities));
        statement.setLong(1, jobSeq);
        bindSeverities(statement, 2, severities);
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Deletes the lines of these severities; returns how many went. */
    static int delete(Statements c, long jobSeq, Set<Severity> severities) throws SQLException {
        if (severities.isEmpty()) {
            return 0;
        }
        PreparedStatement statement = c.prepare("DELETE FROM line_errors WHERE job_seq = ?"
                + severityClause(severities));
        statement.setLong(1, jobSeq);
        bindSeverities(statement, 2, severities);
        return statement.executeUpdate();
    }

    /**
     * Appends lines after the job's last one, numbered from one after its highest (an end of the primary key's
     * range), in the way that costs the database least, which the dialect says by naming a table of lines or not
     * ({@link Dialect#lineErrorsTable}):
     * <ul>
     *   <li>a server: one statement writes them all, from the dialect's table of lines bound as whole columns
     *       ({@link Dialect#lineErrorsTable}), and numbers them itself, the k-th the highest plus k, read once in
     *       the statement: no read comes first, which would be a round trip of its own. It is no batch, so a
     *       driver that rewrites batches into one statement (PostgreSQL's with {@code reWriteBatchedInserts})
     *       has nothing to rewrite.</li>
     *   <li>in process: the highest is read first, then a batch of one-row inserts, numbers bound. SQLite runs an
     *       insert that reads its own table through a temporary copy, which costs more than the read.</li>
     * </ul>
     */
    static void append(Statements c, Dialect dialect, long jobSeq, List<LineError> lines) throws SQLException {
        if (lines.isEmpty()) {
            return;
        }
        Optional<String> table = dialect.lineErrorsTable();
        if (table.isEmpty()) {
            appendAfterRead(c, jobSeq, lines);
            return;
        }
        PreparedStatement insert = c.prepare(insertFrom(table.get(), "?", ""));
        insert.setLong(1, jobSeq);
        insert.setLong(dialect.bindLineErrors(insert, 2, lines), jobSeq);
        insert.executeUpdate();
    }

    /** The dialect's table of lines, which a dialect that writes in {@code WITH} must have. */
    static String table(Dialect dialect) {
        return dialect.lineErrorsTable().orElseThrow(() -> new IllegalStateException(
                "a dialect that writes in WITH appends line errors from a table of them"));
    }

    private static void appendAfterRead(Statements c, long jobSeq, List<LineError> lines) throws SQLException {
        long next;
        PreparedStatement last = c.prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM line_errors WHERE job_seq = ?");
        last.setLong(1, jobSeq);
        try (ResultSet rs = last.executeQuery()) {
            rs.next();
            next = rs.getLong(1);
        }
        PreparedStatement insert = c.prepare("INSERT INTO line_errors (job_seq, seq, " + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        for (LineError line : lines) {
            insert.setLong(1, jobSeq);
            insert.setLong(2, next++);
            insert.setString(3, line.severity().wireName());
            insert.setLong(4, line.line());
            insert.setString(5, line.column());
            insert.setString(6, line.code());
            insert.setString(7, line.message());
            insert.setString(8, line.value());
            insert.addBatch();
        }
        insert.executeBatch();
    }

    /**
     * Inserts the lines of the dialect's {@code table} into a job's, numbered after its highest. The job's seq is
     * {@code jobSeq} (a parameter, or a column of another FROM item in {@code from}, which ends in a comma);
     * the parameters: {@code jobSeq}'s if it is one, the table's, then the job's seq again for its highest.
     */
    static String insertFrom(String table, String jobSeq, String from) {
        return "INSERT INTO line_errors (job_seq, seq, " + COLUMNS + ") SELECT " + jobSeq + ", last.seq + v.n, "
                + "v.severity, v.line, v.column_name, v.code, v.message, v.value FROM " + from + table + ", "
                + "(SELECT COALESCE(MAX(seq), 0) AS seq FROM line_errors WHERE job_seq = ?) AS last";
    }

    private static LineError read(ResultSet rs) throws SQLException {
        return new LineError(rs.getLong(2), severity(rs.getString(1)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6));
    }

    private static Severity severity(String stored) {
        return Severity.valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
