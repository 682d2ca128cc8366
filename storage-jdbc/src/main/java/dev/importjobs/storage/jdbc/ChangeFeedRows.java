package dev.importjobs.storage.jdbc;

import dev.importjobs.core.model.LineError;
import dev.importjobs.core.spi.JobChange;
import dev.importjobs.core.spi.JobChanges;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The change feed in the tables (docs/storage.md#the-change-feed). A job's row carries the position of its
 * last change ({@code jobs.feed_position}, indexed per organization), so the feed holds each job once, as it
 * is now, at the cost of one more index entry per write; a deleted job leaves a row in {@code job_deletions},
 * of which each organization keeps the newest {@link JobChanges#DELETIONS_KEPT}, and
 * {@code forgotten_deletions} holds the newest position it let go. A read merges jobs and deletions in
 * position order, up to the {@link Dialect#feedHorizon}.
 *
 * <p>The queries are public so that each store's tests can read their plans on its own database.
 */
public final class ChangeFeedRows {
    /** Binds the organization, the range's exclusive start and inclusive end, and the limit. */
    public static final String CHANGED_JOBS = "SELECT " + JobRows.COLUMNS + ", feed_position FROM jobs "
            + "WHERE organization_id = ? AND feed_position > ? AND feed_position <= ? ORDER BY feed_position LIMIT ?";
    /** Binds as {@link #CHANGED_JOBS}. */
    public static final String DELETED_JOBS = "SELECT feed_position, id FROM job_deletions "
            + "WHERE organization_id = ? AND feed_position > ? AND feed_position <= ? ORDER BY feed_position LIMIT ?";
    /** Binds the organization and how many deletions are kept: the newest one past them, if any. */
    public static final String NEWEST_NOT_KEPT = "SELECT feed_position FROM job_deletions WHERE organization_id = ? "
            + "ORDER BY feed_position DESC LIMIT 1 OFFSET ?";

    private static final String FORGOTTEN = "SELECT through_position FROM forgotten_deletions WHERE organization_id = ?";
    private static final String RECORD = "INSERT INTO job_deletions (organization_id, feed_position, id) VALUES (?, ?, ?)";
    private static final String FORGET = "DELETE FROM job_deletions WHERE organization_id = ? AND feed_position <= ?";
    private static final String FORGOTTEN_THROUGH = "INSERT INTO forgotten_deletions (organization_id, through_position) "
            + "VALUES (?, ?) ON CONFLICT (organization_id) DO UPDATE SET through_position = excluded.through_position";

    private ChangeFeedRows() {
    }

    /** A change as read: the job's row, or a deleted job's id, at its position. */
    private record Slot(long position, JobRows.Row row, String deletedId) {
    }

    /** The feed after {@code after}, as {@link dev.importjobs.core.spi.JobStore#changesSince} answers it. */
    static JobChanges read(Statements c, Dialect dialect, String organizationId, long after, int limit,
            int lineErrorPreview) throws SQLException {
        long horizon = dialect.feedHorizon(c, organizationId);
        boolean resumable = after >= forgottenThrough(c, organizationId) && after <= horizon;
        List<Slot> slots = range(c, organizationId, after, horizon, limit + 1);
        boolean more = slots.size() > limit;
        if (more) {
            long last = slots.get(limit - 1).position();
            boolean split = slots.get(limit).position() == last;
            slots = new ArrayList<>(slots.subList(0, limit));
            if (split) {
                // The changes of one transaction share a position: a read takes all of them or none.
                slots.removeIf(slot -> slot.position() == last);
                slots.addAll(range(c, organizationId, last - 1, last, Integer.MAX_VALUE));
                more = !range(c, organizationId, last, horizon, 1).isEmpty();
            }
        }
        List<JobRows.Row> rows = slots.stream().map(Slot::row).filter(row -> row != null).toList();
        Map<Long, List<LineError>> previews = LineErrorRows.firstOfEach(c, dialect, JobRows.withLineErrors(rows),
                lineErrorPreview);
        List<JobChange> changes = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            changes.add(slot.row() == null ? JobChange.deleted(slot.position(), slot.deletedId())
                    : JobChange.changed(slot.position(), slot.row().job(previews.getOrDefault(slot.row().seq(),
                            List.of()))));
        }
        return new JobChanges(changes, more, horizon, resumable);
    }

    /**
     * Records a deletion at {@code position} and forgets the organization's deletions past the newest
     * {@link JobChanges#DELETIONS_KEPT}, remembering the newest position forgotten: a reader behind it has
     * missed a deletion and must read everything again.
     */
    static void recordDeletion(Statements c, String organizationId, String id, long position) throws SQLException {
        PreparedStatement record = c.prepare(RECORD);
        record.setString(1, organizationId);
        record.setLong(2, position);
        record.setString(3, id);
        record.executeUpdate();
        PreparedStatement newestNotKept = c.prepare(NEWEST_NOT_KEPT);
        newestNotKept.setString(1, organizationId);
        newestNotKept.setInt(2, JobChanges.DELETIONS_KEPT);
        long through;
        try (ResultSet rs = newestNotKept.executeQuery()) {
            if (!rs.next()) {
                return;
            }
            through = rs.getLong(1);
        }
        PreparedStatement forget = c.prepare(FORGET);
        forget.setString(1, organizationId);
        forget.setLong(2, through);
        forget.executeUpdate();
        PreparedStatement forgotten = c.prepare(FORGOTTEN_THROUGH);
        forgotten.setString(1, organizationId);
        forgotten.setLong(2, through);
        forgotten.executeUpdate();
    }

    /** At most {@code limit} changes with positions in {@code (after, upTo]}, in position order. */
    private static List<Slot> range(Statements c, String organizationId, long after, long upTo, int limit)
            throws SQLException {
        List<Slot> slots = new ArrayList<>();
        try (ResultSet rs = bindRange(c.prepare(CHANGED_JOBS), organizationId, after, upTo, limit).executeQuery()) {
            while (rs.next()) {
                slots.add(new Slot(rs.getLong(JobRows.COLUMN_COUNT + 1), JobRows.read(rs), null));
            }
        }
        try (ResultSet rs = bindRange(c.prepare(DELETED_JOBS), organizationId, after, upTo, limit).executeQuery()) {
            while (rs.next()) {
                slots.add(new Slot(rs.getLong(1), null, rs.getString(2)));
            }
        }
        slots.sort(Comparator.comparingLong(Slot::position));
        return slots.size() > limit ? slots.subList(0, limit) : slots;
    }

    private static PreparedStatement bindRange(PreparedStatement statement, String organizationId, long after,
            long upTo, int limit) throws SQLException {
        statement.setString(1, organizationId);
        statement.setLong(2, after);
        statement.setLong(3, upTo);
        statement.setInt(4, limit);
        return statement;
    }

    private static long forgottenThrough(Statements c, String organizationId) throws SQLException {
        PreparedStatement statement = c.prepare(FORGOTTEN);
        statement.setString(1, organizationId);
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
