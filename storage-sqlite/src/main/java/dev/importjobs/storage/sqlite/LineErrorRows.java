package dev.importjobs.storage.sqlite;

import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    static List<LineError> first(Connection c, long jobSeq, int limit) throws SQLException {
        List<LineError> lines = new ArrayList<>();
        page(c, jobSeq, Set.of(), 0, limit, lines::add);
        return lines;
    }

    /** Hands the matching lines from {@code offset}, at most {@code limit}, to {@code sink}, streaming. */
    static void page(Connection c, long jobSeq, Set<Severity> severities, long offset, long limit,
            Consumer<LineError> sink) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement("SELECT " + COLUMNS
                + " FROM line_errors WHERE job_seq = ?" + severityClause(severities)
                + " ORDER BY seq LIMIT ? OFFSET ?")) {
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
    }

    static long count(Connection c, long jobSeq, Set<Severity> severities) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement("SELECT COUNT(*) FROM line_errors WHERE job_seq = ?"
                + severityClause(severities))) {
            statement.setLong(1, jobSeq);
            bindSeverities(statement, 2, severities);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Deletes the lines of these severities; returns how many went. */
    static int delete(Connection c, long jobSeq, Set<Severity> severities) throws SQLException {
        if (severities.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = c.prepareStatement("DELETE FROM line_errors WHERE job_seq = ?"
                + severityClause(severities))) {
            statement.setLong(1, jobSeq);
            bindSeverities(statement, 2, severities);
            return statement.executeUpdate();
        }
    }

    /** Appends lines after the job's last one. */
    static void append(Connection c, long jobSeq, List<LineError> lines) throws SQLException {
        if (lines.isEmpty()) {
            return;
        }
        long next;
        try (PreparedStatement statement = c.prepareStatement(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM line_errors WHERE job_seq = ?")) {
            statement.setLong(1, jobSeq);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                next = rs.getLong(1);
            }
        }
        try (PreparedStatement statement = c.prepareStatement("INSERT INTO line_errors (job_seq, seq, " + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LineError line : lines) {
                statement.setLong(1, jobSeq);
                statement.setLong(2, next++);
                statement.setString(3, line.severity().wireName());
                statement.setLong(4, line.line());
                statement.setString(5, line.column());
                statement.setString(6, line.code());
                statement.setString(7, line.message());
                statement.setString(8, line.value());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static LineError read(ResultSet rs) throws SQLException {
        return new LineError(rs.getLong(2), Severity.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
    }
}
