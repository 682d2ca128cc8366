-- Version 6: jobs per organization and status (docs/storage.md#listing-cost), beside job_counts's finer
-- rows. A listing filtered by status or not at all (most of them) sums a handful of these rows instead of
-- one job_counts row per status, action and creator. Kept by triggers, as job_counts is.
CREATE TABLE job_status_counts (
    organization_id TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    n               INTEGER NOT NULL,
    PRIMARY KEY (organization_id, status)
) WITHOUT ROWID;

CREATE TRIGGER jobs_status_counted_on_insert AFTER INSERT ON jobs
BEGIN
    INSERT INTO job_status_counts (organization_id, status, n) VALUES (NEW.organization_id, NEW.status, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER jobs_status_counted_on_delete AFTER DELETE ON jobs
BEGIN
    UPDATE job_status_counts SET n = n - 1 WHERE organization_id = OLD.organization_id AND status = OLD.status;
END;

CREATE TRIGGER jobs_status_counted_on_update AFTER UPDATE OF status ON jobs
WHEN OLD.status IS NOT NEW.status
BEGIN
    UPDATE job_status_counts SET n = n - 1 WHERE organization_id = OLD.organization_id AND status = OLD.status;
    INSERT INTO job_status_counts (organization_id, status, n) VALUES (NEW.organization_id, NEW.status, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Count the jobs a version-5 database already holds, from its finer counts.
INSERT INTO job_status_counts (organization_id, status, n)
SELECT organization_id, status, SUM(n) FROM job_counts GROUP BY organization_id, status;
