-- Version 3: indexes for stalled jobs and retention (docs/storage.md#stalled-jobs-and-retention).

-- A listing of stalled jobs, and its total, read one range: status = 'inProgress' AND updated_at < cutoff.
CREATE INDEX jobs_by_status_updated_at ON jobs (organization_id, status, updated_at, id);

-- Retention finds the jobs that ended before a time, across organizations, oldest first, as one range
-- read in order (status is checked in the index) instead of reading every job.
CREATE INDEX jobs_for_retention ON jobs (completed_at, status);
