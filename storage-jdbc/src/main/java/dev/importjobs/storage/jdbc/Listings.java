package dev.importjobs.storage.jdbc;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.spi.JobListing;
import dev.importjobs.core.spi.JobSlice;
import dev.importjobs.core.query.JobFilter;
import dev.importjobs.core.spi.KeysetPosition;
import dev.importjobs.core.query.Sort;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a listing as index walks (docs/storage.md#listing-cost). A sort is read in two parts: the rows
 * whose key is not null, in key order, then (for nullable keys) the rows whose key is null, in id order.
 * Each part is a range of one index ({@code organization_id, key, id}), so a first page and a keyset page
 * at any depth read only the rows they return. Nulls come last in both directions
 * (docs/model.md#listing-and-pages), and databases disagree on where an index keeps them (SQLite first,
 * PostgreSQL last): one ordered query would have to sort every row of the organization.
 *
 * <p>The queries are public so that each store's tests can read their plans on its own database.
 */
public final class Listings {
    private Listings() {
    }

    /** The rows of one listing page, in the sort's order. */
    static List<JobRows.Row> page(Statements c, JobListing listing) throws SQLException {
        Sort sort = listing.sort();
        boolean nullable = sort.field().isNullable();
        KeysetPosition after = listing.after();
        List<JobRows.Row> rows = new ArrayList<>();
        if (after != null) {
            if (after.key() != null) {
                rows.addAll(keyed(c, listing, after, listing.limit(), 0));
            }
            if (nullable && rows.size() < listing.limit()) {
                String afterId = after.key() == null ? after.id() : null;
                rows.addAll(nulls(c, listing, afterId, listing.limit() - rows.size(), 0));
            }
            return rows;
        }
        rows.addAll(keyed(c, listing, null, listing.limit(), listing.offset()));
        if (nullable && rows.size() < listing.limit()) {
            long nullOffset = rows.isEmpty() ? Math.max(0, listing.offset() - countKeyed(c, listing)) : 0;
            rows.addAll(nulls(c, listing, null, listing.limit() - rows.size(), nullOffset));
        }
        return rows;
    }

    /**
     * Whether {@link #inOneStatement} may answer the listing: its total is one count (no stalled filter), its
     * page starts in the rows with a key (not after a null one), it skips no rows (an offset page's skipped
     * rows would each run the preview subquery: PostgreSQL computes the select list below the {@code OFFSET}),
     * and it asks for rows.
     */
    static boolean mayAnswerInOneStatement(JobListing listing) {
        KeysetPosition after = listing.after();
        return listing.filter().stalled() == null && (after == null || after.key() != null) && listing.offset() == 0
                && listing.limit() > 0;
    }

    /**
     * The listing as one statement ({@link #onePageQuery}), which reads one snapshot by itself, outside any
     * transaction: one round trip to a server database where the page, its total and its previews are three
     * in a transaction's two more. Empty when its rows cannot answer alone: none came back (the total comes
     * on each row), or a nullable sort's rows with a key ran out before the page did (the rest would be the
     * rows without one). The caller then reads the listing the long way, in a transaction.
     */
    static Optional<JobSlice> inOneStatement(Statements c, Dialect dialect, JobListing listing) throws SQLException {
        Query query = onePageQuery(listing, dialect.lineErrorPreviewJson());
        List<ImportJob> items = new ArrayList<>();
        long total = 0;
        try (ResultSet rs = bind(c.prepare(query.sql()), query.args()).executeQuery()) {
            while (rs.next()) {
                JobRows.Row row = JobRows.read(rs);
                items.add(row.job(LineErrorRows.fromJson(rs.getString(JobRows.COLUMN_COUNT + 1))));
                total = rs.getLong(JobRows.COLUMN_COUNT + 2);
            }
        }
        boolean whole = !items.isEmpty() && (items.size() == listing.limit() || !listing.sort().field().isNullable());
        return whole ? Optional.of(new JobSlice(items, total)) : Optional.empty();
    }

    /**
     * The first part of a listing's page ({@link #keyedQuery}), each row carrying two more columns: its first
     * line errors as JSON ({@code previewJson}, the dialect's {@link Dialect#lineErrorPreviewJson}; null for a
     * job without any) and the listing's total ({@link #totalQuery}), a subquery the database runs once.
     */
    public static Query onePageQuery(JobListing listing, String previewJson) {
        List<Object> selectArgs = new ArrayList<>();
        String previews = "NULL";
        if (listing.lineErrorPreview() > 0) {
            previews = "CASE WHEN line_error_count > 0 THEN " + previewJson + " END";
            selectArgs.add((long) listing.lineErrorPreview());
        }
        Query total = totalQuery(listing.organizationId(), listing.filter());
        selectArgs.addAll(total.args());
        String select = JobRows.COLUMNS + ", " + previews + ", (" + total.sql() + ")";
        return keyedQuery(select, selectArgs, listing, listing.after(), listing.limit(), listing.offset());
    }

    /**
     * Matching jobs in all. Without a stalled filter, from the per-organization counts (no job row is read).
     * Whether a job is stalled depends on the time, which no count can keep: the stalled jobs are counted as
     * one index range ({@link #stalledCountQuery}), and the others as the counts' total less those.
     */
    static long total(Statements c, JobListing listing) throws SQLException {
        JobFilter filter = listing.filter();
        if (filter.stalled() == null) {
            return count(c, totalQuery(listing.organizationId(), filter));
        }
        long stalled = count(c, stalledCountQuery(listing));
        return filter.stalled() ? stalled : count(c, totalQuery(listing.organizationId(), filter)) - stalled;
    }

    private static long count(Statements c, Query query) throws SQLException {
        try (ResultSet rs = bind(c.prepare(query.sql()), query.args()).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The jobs of the listing's organization and filters (statuses, action, creator) that are stalled at its
     * cutoff: a range of the index {@code (organization_id, status, updated_at, id)}.
     */
    public static Query stalledCountQuery(JobListing listing) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM jobs ");
        JobFilter filter = listing.filter();
        List<Object> args = where(sql, listing.organizationId(),
                new JobFilter(filter.statuses(), filter.action(), filter.createdBy(), Boolean.TRUE),
                listing.stallCutoff());
        return new Query(sql.toString(), args);
    }

    /**
     * The query behind the total of a listing without a stalled filter; it ignores {@link JobFilter#stalled()}.
     * Without an action or creator it sums {@code job_status_counts}, a row per status; else {@code job_counts},
     * a row per status, action and creator.
     */
    public static Query totalQuery(String organizationId, JobFilter filter) {
        boolean byStatus = filter.action() == null && filter.createdBy() == null;
        StringBuilder sql = new StringBuilder("SELECT COALESCE(SUM(n), 0) FROM ")
                .append(byStatus ? "job_status_counts" : "job_counts").append(" WHERE organization_id = ?");
        List<Object> args = new ArrayList<>(List.of(organizationId));
        if (!filter.statuses().isEmpty()) {
            sql.append(" AND status IN (").append("?, ".repeat(filter.statuses().size() - 1)).append("?)");
            filter.statuses().forEach(status -> args.add(status.wireName()));
        }
        if (filter.action() != null) {
            sql.append(" AND action_key = ?");
            args.add("=" + filter.action());
        }
        if (filter.createdBy() != null) {
            sql.append(" AND created_by_id = ?");
            args.add(filter.createdBy());
        }
        return new Query(sql.toString(), args);
    }

    /** A statement and its arguments (Longs and Strings), kept apart so tests can read its plan. */
    public record Query(String sql, List<Object> args) {
    }

    private static List<JobRows.Row> keyed(Statements c, JobListing listing, KeysetPosition after, long limit,
            long offset) throws SQLException {
        return rows(c, keyedQuery(listing, after, limit, offset));
    }

    private static List<JobRows.Row> nulls(Statements c, JobListing listing, String afterId, long limit, long offset)
            throws SQLException {
        return rows(c, nullsQuery(listing, afterId, limit, offset));
    }

    /** The rows with a non-null sort key, after {@code after} when given, in sort order. */
    public static Query keyedQuery(JobListing listing, KeysetPosition after, long limit, long offset) {
        return keyedQuery(JobRows.COLUMNS, List.of(), listing, after, limit, offset);
    }

    /** {@link #keyedQuery} selecting {@code select}, whose parameters take {@code selectArgs}. */
    private static Query keyedQuery(String select, List<Object> selectArgs, JobListing listing, KeysetPosition after,
            long limit, long offset) {
        Sort sort = listing.sort();
        String column = Columns.of(sort.field());
        String direction = sort.descending() ? " DESC" : "";
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>(selectArgs);
        args.addAll(from(sql, select, listing));
        sql.append(" AND ").append(column).append(" IS NOT NULL");
        if (after != null) {
            sql.append(" AND (").append(column).append(", id) ").append(sort.descending() ? "<" : ">").append(" (?, ?)");
            args.add(after.key());
            args.add(after.id());
        }
        sql.append(" ORDER BY ").append(column).append(direction).append(", id").append(direction);
        return limited(sql, args, limit, offset);
    }

    /** The rows with a null sort key, after the id {@code afterId} when given, in id order. */
    public static Query nullsQuery(JobListing listing, String afterId, long limit, long offset) {
        String column = Columns.of(listing.sort().field());
        boolean descending = listing.sort().descending();
        StringBuilder sql = new StringBuilder();
        List<Object> args = from(sql, JobRows.COLUMNS, listing);
        sql.append(" AND ").append(column).append(" IS NULL");
        if (afterId != null) {
            sql.append(" AND id ").append(descending ? "<" : ">").append(" ?");
            args.add(afterId);
        }
        sql.append(" ORDER BY id").append(descending ? " DESC" : "");
        return limited(sql, args, limit, offset);
    }

    private static long countKeyed(Statements c, JobListing listing) throws SQLException {
        StringBuilder sql = new StringBuilder();
        List<Object> args = from(sql, "COUNT(*)", listing);
        sql.append(" AND ").append(Columns.of(listing.sort().field())).append(" IS NOT NULL");
        try (ResultSet rs = bind(c.prepare(sql.toString()), args).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * {@code SELECT select FROM} the listing's jobs {@code WHERE} its filter, ready for more {@code AND}s. Its
     * stalled jobs are a range of {@code (organization_id, status, updated_at, id)} that no order's index can
     * walk in order: they are read as that range into a materialized {@code stalled} table (so the planner
     * never prefers walking an order's index over every other job of the organization) and sorted there.
     * Stalled jobs are few, and a page of them costs the same at any depth.
     */
    private static List<Object> from(StringBuilder sql, String select, JobListing listing) {
        if (!Boolean.TRUE.equals(listing.filter().stalled())) {
            sql.append("SELECT ").append(select).append(" FROM jobs ");
            return where(sql, listing.organizationId(), listing.filter(), listing.stallCutoff());
        }
        sql.append("WITH stalled AS MATERIALIZED (SELECT * FROM jobs ");
        List<Object> args = where(sql, listing.organizationId(), listing.filter(), listing.stallCutoff());
        sql.append(") SELECT ").append(select).append(" FROM stalled WHERE TRUE");
        return args;
    }

    /**
     * {@code WHERE} for an organization and a filter. Stalled is the rule of
     * {@link dev.importjobs.core.model.ImportJob#isStalledBy}: {@code status = 'inProgress' AND updated_at < cutoff},
     * which the index {@code (organization_id, status, updated_at, id)} reads as one range; the status list is
     * left out when that names the one status it could keep.
     */
    private static List<Object> where(StringBuilder sql, String organizationId, JobFilter filter, Instant stallCutoff) {
        List<Object> args = new ArrayList<>();
        sql.append("WHERE organization_id = ?");
        args.add(organizationId);
        boolean onlyStalled = Boolean.TRUE.equals(filter.stalled());
        boolean statusesImplied = onlyStalled
                && (filter.statuses().isEmpty() || filter.statuses().contains(JobStatus.IN_PROGRESS));
        if (!filter.statuses().isEmpty() && !statusesImplied) {
            sql.append(" AND status IN (").append("?, ".repeat(filter.statuses().size() - 1)).append("?)");
            for (JobStatus status : filter.statuses()) {
                args.add(status.wireName());
            }
        }
        if (filter.action() != null) {
            sql.append(" AND action = ?");
            args.add(filter.action());
        }
        if (filter.createdBy() != null) {
            sql.append(" AND created_by_id = ?");
            args.add(filter.createdBy());
        }
        if (filter.stalled() != null) {
            sql.append(onlyStalled ? " AND status = ? AND updated_at < ?" : " AND NOT (status = ? AND updated_at < ?)");
            args.add(JobStatus.IN_PROGRESS.wireName());
            args.add(stallCutoff.toEpochMilli());
        }
        return args;
    }

    private static Query limited(StringBuilder sql, List<Object> args, long limit, long offset) {
        sql.append(" LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return new Query(sql.toString(), args);
    }

    private static List<JobRows.Row> rows(Statements c, Query query) throws SQLException {
        List<JobRows.Row> rows = new ArrayList<>();
        try (ResultSet rs = bind(c.prepare(query.sql()), query.args()).executeQuery()) {
            while (rs.next()) {
                rows.add(JobRows.read(rs));
            }
        }
        return rows;
    }

    /** A new statement for {@code sql} with {@code args} bound; the caller closes it. */
    public static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        try {
            return bind(statement, args);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    static PreparedStatement bind(PreparedStatement statement, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (arg instanceof Long value) {
                statement.setLong(i + 1, value);
            } else {
                statement.setString(i + 1, (String) arg);
            }
        }
        return statement;
    }
}
