package dev.importjobs.storage.jdbc;

import dev.importjobs.core.model.ImportJob;
import java.sql.SQLException;

/**
 * What one transaction's writes of a job change in its counts, applied once, after the last of them: from the
 * job as the first write found it to the job as the last one left it (docs/storage.md#one-jobs-writes-together).
 * Applied write by write, a turn that moves a job between several statuses, actions or creators would take its
 * rows of counts in steps, each in the fixed order of {@link StoreKeptCounts}, but not in that order across the
 * steps, so two such turns could wait on each other's rows. One net change takes at most two keys' rows, in that
 * order; the counts are sums, so the net change is the sum of the steps.
 */
final class CountsChange {
    private ImportJob before;
    private ImportJob after;

    /** One write of the job changed it from {@code was} to {@code now}. */
    void add(ImportJob was, ImportJob now) {
        if (before == null) {
            before = was;
        }
        after = now;
    }

    /** Applies the net change, if a write changed the job, in the transaction of the writes. */
    void apply(Statements statements, CountsUpkeep counts) throws SQLException {
        if (before != null) {
            counts.changed(statements, before, after);
        }
    }
}
