package dev.importjobs.storage.jdbc;

import dev.importjobs.core.model.ImportJob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code job_counts} and {@code job_status_counts} kept by the store rather than by triggers (docs/storage.md#server-databases), for a
 * database where triggers are missing or unreliable: the insert, the change of status, action or creator,
 * and the delete of a job each add to or take from its row of counts, in the write's own transaction. Portable
 * SQL only: one {@code INSERT … ON CONFLICT … DO UPDATE} adds {@code +1} or {@code -1}.
 *
 * <p>Under row locks, concurrent writers stay correct and free of deadlocks among themselves: a delete locks
 * the job row before reading what to take away (so it waits for a change in flight and sees its outcome),
 * and a change takes its rows of counts in one fixed order: the smaller key's rows (in both tables, for a
 * change of status) before the larger's.
 */
public final class StoreKeptCounts implements CountsUpkeep {
    private static final String ADD = "INSERT INTO job_counts (organization_id, status, action_key, created_by_id, n) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (organization_id, status, action_key, created_by_id) "
            + "DO UPDATE SET n = job_counts.n + excluded.n";
    private static final String ADD_BY_STATUS = "INSERT INTO job_status_counts (organization_id, status, n) "
            + "VALUES (?, ?, ?) ON CONFLICT (organization_id, status) DO UPDATE SET n = job_status_counts.n + excluded.n";

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::status).thenComparing(Key::actionKey)
            .thenComparing(Key::createdBy);

    private final String findCounted;
    /** Both counts' additions in one statement, or {@code null} where they are two. */
    private final String addBoth;

    /**
     * @param lockJobRowClause the dialect's {@link Dialect#lockJobRowClause()}, taken by a delete's read
     * @param writesInWith     the dialect's {@link Dialect#writesInWith()}: whether both counts' rows are added
     *                         to in one statement (a round trip less on a server database)
     */
    public StoreKeptCounts(String lockJobRowClause, boolean writesInWith) {
        this.findCounted = "SELECT status, action, created_by_id FROM jobs WHERE id = ? AND organization_id = ?"
                + lockJobRowClause;
        // PostgreSQL's executor runs the statement's own insert, then its WITH's, the same order for every writer of
        // this statement; should another engine interleave them, a deadlock among writers is retried (40P01).
        this.addBoth = writesInWith ? "WITH fine AS (" + ADD + ") " + ADD_BY_STATUS : null;
    }

    @Override
    public void inserted(Statements statements, ImportJob job) throws SQLException {
        add(statements, job.organizationId(), Key.of(job), 1, true);
    }

    /**
     * A change of status moves the job between rows of both counts; a change of action or creator alone, between
     * rows of {@code job_counts} only.
     */
    @Override
    public void changed(Statements statements, ImportJob before, ImportJob after) throws SQLException {
        Key was = Key.of(before);
        Key now = Key.of(after);
        if (was.equals(now)) {
            return;
        }
        boolean byStatus = !was.status().equals(now.status());
        if (ORDER.compare(was, now) < 0) {
            add(statements, before.organizationId(), was, -1, byStatus);
            add(statements, after.organizationId(), now, 1, byStatus);
        } else {
            add(statements, after.organizationId(), now, 1, byStatus);
            add(statements, before.organizationId(), was, -1, byStatus);
        }
    }

    @Override
    public void deleting(Statements statements, String organizationId, String id) throws SQLException {
        Key counted = counted(statements, organizationId, id);
        if (counted != null) {
            add(statements, organizationId, counted, -1, true);
        }
    }

    /**
     * Reads what each job is counted under first (locking its row), then takes the jobs away from each row of
     * counts once, in the fixed order: organization, then key. One after another, the deletes would take the
     * rows in the order of the jobs, and a change taking two of them in the fixed order could wait on the batch
     * while the batch waits on it.
     */
    @Override
    public void deletingAll(Statements statements, List<Job> jobs) throws SQLException {
        Map<Counted, Long> taken = new TreeMap<>(Comparator.comparing(Counted::organizationId)
                .thenComparing(Counted::key, ORDER));
        for (Job job : jobs) {
            Key counted = counted(statements, job.organizationId(), job.id());
            if (counted != null) {
                taken.merge(new Counted(job.organizationId(), counted), 1L, Long::sum);
            }
        }
        for (Map.Entry<Counted, Long> rows : taken.entrySet()) {
            add(statements, rows.getKey().organizationId(), rows.getKey().key(), -rows.getValue(), true);
        }
    }

    /** What the job is counted under, its row locked; {@code null} when there is no such job. */
    private Key counted(Statements statements, String organizationId, String id) throws SQLException {
        PreparedStatement find = statements.prepare(findCounted);
        find.setString(1, id);
        find.setString(2, organizationId);
        try (ResultSet rs = find.executeQuery()) {
            return rs.next() ? new Key(rs.getString(1), actionKey(rs.getString(2)), rs.getString(3)) : null;
        }
    }

    /** Adds {@code delta} to the key's row of {@code job_counts} and, {@code byStatus}, to its status's row. */
    private void add(Statements statements, String organizationId, Key key, long delta, boolean byStatus)
            throws SQLException {
        if (byStatus && addBoth != null) {
            PreparedStatement both = statements.prepare(addBoth);
            int next = bindFine(both, organizationId, key, delta);
            bindByStatus(both, next, organizationId, key, delta);
            both.executeUpdate();
            return;
        }
        PreparedStatement fine = statements.prepare(ADD);
        bindFine(fine, organizationId, key, delta);
        fine.executeUpdate();
        if (byStatus) {
            PreparedStatement byStatusRow = statements.prepare(ADD_BY_STATUS);
            bindByStatus(byStatusRow, 1, organizationId, key, delta);
            byStatusRow.executeUpdate();
        }
    }

    private static int bindFine(PreparedStatement add, String organizationId, Key key, long delta) throws SQLException {
        add.setString(1, organizationId);
        add.setString(2, key.status());
        add.setString(3, key.actionKey());
        add.setString(4, key.createdBy());
        add.setLong(5, delta);
        return 6;
    }

    private static void bindByStatus(PreparedStatement add, int from, String organizationId, Key key, long delta)
            throws SQLException {
        add.setString(from, organizationId);
        add.setString(from + 1, key.status());
        add.setLong(from + 2, delta);
    }

    /** {@code ''} for no action, {@code '='} and the action otherwise: NULLs never collide in a key. */
    private static String actionKey(String action) {
        return action == null ? "" : "=" + action;
    }

    /** A key's rows of counts in one organization. */
    private record Counted(String organizationId, Key key) {
    }

    /** What a job is counted under in its organization. */
    private record Key(String status, String actionKey, String createdBy) {
        static Key of(ImportJob job) {
            return new Key(job.status().wireName(), StoreKeptCounts.actionKey(job.action()), job.createdBy().id());
        }
    }
}
