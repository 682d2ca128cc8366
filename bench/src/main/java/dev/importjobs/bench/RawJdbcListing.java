package dev.importjobs.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor: the least JDBC that produces the same page on the same schema and indexes — one
 * {@code SELECT … LIMIT 50}, the count from the per-organization counts table, and one query for the
 * line-error previews of the page's jobs — with statements prepared once, no validation, no cursor signing,
 * rows read as plain arrays.
 */
final class RawJdbcListing implements Listing {
    private static final String COLUMNS = "seq, line_error_count, id, organization_id, status, action, created_by_id, "
            + "file_name, file_mimetype, file_size, config, total_rows, processed_rows, success_count, insert_count, "
            + "update_count, skip_count, warning_count, error_count, last_processed_chunk_index, summary, error, "
            + "error_report_truncated, started_at, completed_at, created_at, updated_at, version";
    private static final String NEWEST_FIRST = " ORDER BY created_at DESC, id DESC LIMIT " + PAGE_SIZE;

    private final Connection connection;
    private final String organization;
    private final int depth;
    private final PreparedStatement first;
    private final PreparedStatement deep;
    private final PreparedStatement cursor;
    private final PreparedStatement status;
    private final PreparedStatement sorted;
    private final PreparedStatement count;
    private final PreparedStatement countStatus;
    private final long cursorCreatedAt;
    private final String cursorId;

    /** Lists on {@code connection} (to a listing dataset of our schema), which it closes. */
    RawJdbcListing(Connection connection, String organization, int depth) throws SQLException {
        this.connection = connection;
        this.organization = organization;
        this.depth = depth;
        String select = "SELECT " + COLUMNS + " FROM jobs WHERE organization_id = ?";
        first = connection.prepareStatement(select + NEWEST_FIRST);
        deep = connection.prepareStatement(select + NEWEST_FIRST + " OFFSET ?");
        cursor = connection.prepareStatement(select + " AND (created_at, id) < (?, ?)" + NEWEST_FIRST);
        status = connection.prepareStatement(select + " AND status = ?" + NEWEST_FIRST);
        sorted = connection.prepareStatement(select + " ORDER BY updated_at DESC, id DESC LIMIT " + PAGE_SIZE);
        count = connection.prepareStatement("SELECT COALESCE(SUM(n), 0) FROM job_counts WHERE organization_id = ?");
        countStatus = connection.prepareStatement(
                "SELECT COALESCE(SUM(n), 0) FROM job_counts WHERE organization_id = ? AND status = ?");
        // The cursor: the position of the last row before the deep page.
        try (PreparedStatement before = connection.prepareStatement(
                "SELECT created_at, id FROM jobs WHERE organization_id = ? ORDER BY created_at DESC, id DESC "
                        + "LIMIT 1 OFFSET ?")) {
            before.setString(1, organization);
            before.setInt(2, depth - 1);
            try (ResultSet rs = before.executeQuery()) {
                rs.next();
                cursorCreatedAt = rs.getLong(1);
                cursorId = rs.getString(2);
            }
        }
    }

    /** A page: its rows as arrays, the line-error previews, and the total. */
    record Page(List<Object[]> rows, List<Object[]> lineErrors, long totalDocs) {
    }

    @Override
    public Page firstPage() throws SQLException {
        first.setString(1, organization);
        return page(first, total(null));
    }

    @Override
    public Page deepOffsetPage() throws SQLException {
        deep.setString(1, organization);
        deep.setInt(2, depth);
        return page(deep, total(null));
    }

    @Override
    public Page cursorPage() throws SQLException {
        cursor.setString(1, organization);
        cursor.setLong(2, cursorCreatedAt);
        cursor.setString(3, cursorId);
        return page(cursor, total(null));
    }

    @Override
    public Page statusPage() throws SQLException {
        status.setString(1, organization);
        status.setString(2, FILTER_STATUS);
        return page(status, total(FILTER_STATUS));
    }

    @Override
    public Page sortedPage() throws SQLException {
        sorted.setString(1, organization);
        return page(sorted, total(null));
    }

    private long total(String statusFilter) throws SQLException {
        PreparedStatement statement = statusFilter == null ? count : countStatus;
        statement.setString(1, organization);
        if (statusFilter != null) {
            statement.setString(2, statusFilter);
        }
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Page page(PreparedStatement statement, long total) throws SQLException {
        List<Object[]> rows = new ArrayList<>(PAGE_SIZE);
        List<Long> withLineErrors = new ArrayList<>();
        int width = COLUMNS.split(",").length;
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                rows.add(row);
                if (rs.getLong(2) > 0) {
                    withLineErrors.add(rs.getLong(1));
                }
            }
        }
        return new Page(rows, lineErrorPreviews(withLineErrors), total);
    }

    /** Up to 10 line errors of each job, for all the page's jobs in one query. */
    private List<Object[]> lineErrorPreviews(List<Long> jobSeqs) throws SQLException {
        if (jobSeqs.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT job_seq, severity, line, column_name, code, message, value FROM ("
                + "SELECT *, row_number() OVER (PARTITION BY job_seq ORDER BY seq) AS n FROM line_errors "
                + "WHERE job_seq IN (" + "?, ".repeat(jobSeqs.size() - 1) + "?)) AS numbered WHERE n <= 10";
        List<Object[]> lines = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < jobSeqs.size(); i++) {
                statement.setLong(i + 1, jobSeqs.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Object[] line = new Object[7];
                    for (int i = 0; i < 7; i++) {
                        line[i] = rs.getObject(i + 1);
                    }
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
