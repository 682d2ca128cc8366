package dev.importjobs.storage.jdbc;

import dev.importjobs.core.model.ImportJob;
import java.sql.SQLException;
import java.util.List;

/**
 * Who keeps {@code job_counts} (jobs per organization, status, action and creator, which totalDocs
 * sums: docs/storage.md#listing-cost) in step with {@code jobs}. Each hook runs inside the write
 * transaction that changes the job, so the counts commit or roll back with it.
 */
public interface CountsUpkeep {
    /** The schema's own triggers keep the counts; the store has nothing to do. */
    CountsUpkeep BY_SCHEMA = new CountsUpkeep() {
        @Override
        public void inserted(Statements statements, ImportJob job) {
        }

        @Override
        public void changed(Statements statements, ImportJob before, ImportJob after) {
        }

        @Override
        public void deleting(Statements statements, String organizationId, String id) {
        }
    };

    /** A job row was inserted. */
    void inserted(Statements statements, ImportJob job) throws SQLException;

    /** A job row was rewritten; its status, action or creator may differ. */
    void changed(Statements statements, ImportJob before, ImportJob after) throws SQLException;

    /** The job {@code (organizationId, id)}, if it exists, is about to be deleted. */
    void deleting(Statements statements, String organizationId, String id) throws SQLException;

    /**
     * These jobs, those that exist, are about to be deleted in one transaction (a batch of retention). By default
     * each as {@link #deleting}, one after another.
     */
    default void deletingAll(Statements statements, List<Job> jobs) throws SQLException {
        for (Job job : jobs) {
            deleting(statements, job.organizationId(), job.id());
        }
    }

    /** A job by its organization and id. */
    record Job(String organizationId, String id) {
    }
}
