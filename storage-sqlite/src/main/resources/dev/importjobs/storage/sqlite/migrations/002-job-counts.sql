-- Version 2: per-organization job counts, kept by triggers, so totalDocs never counts job rows.

-- How many jobs each organization has per (status, action, creator): totalDocs for the listing filters
-- without counting job rows. '' stands for "no action" because NULLs never collide in a key.
CREATE TABLE job_counts (
    organization_id TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    action_key      TEXT    NOT NULL,
    created_by_id   TEXT    NOT NULL,
    n               INTEGER NOT NULL,
    PRIMARY KEY (organization_id, status, action_key, created_by_id)
) WITHOUT ROWID;

CREATE TRIGGER jobs_counted_on_insert AFTER INSERT ON jobs
BEGIN
    INSERT INTO job_counts (organization_id, status, action_key, created_by_id, n)
    VALUES (NEW.organization_id, NEW.status, COALESCE('=' || NEW.action, ''), NEW.created_by_id, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER jobs_counted_on_delete AFTER DELETE ON jobs
BEGIN
    UPDATE job_counts SET n = n - 1
    WHERE organization_id = OLD.organization_id AND status = OLD.status
      AND action_key = COALESCE('=' || OLD.action, '') AND created_by_id = OLD.created_by_id;
END;

CREATE TRIGGER jobs_counted_on_update AFTER UPDATE OF status, action, created_by_id ON jobs
WHEN OLD.status IS NOT NEW.status OR OLD.action IS NOT NEW.action OR OLD.created_by_id IS NOT NEW.created_by_id
BEGIN
    UPDATE job_counts SET n = n - 1
    WHERE organization_id = OLD.organization_id AND status = OLD.status
      AND action_key = COALESCE('=' || OLD.action, '') AND created_by_id = OLD.created_by_id;
    INSERT INTO job_counts (organization_id, status, action_key, created_by_id, n)
    VALUES (NEW.organization_id, NEW.status, COALESCE('=' || NEW.action, ''), NEW.created_by_id, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Count the jobs a version-1 database already holds.
INSERT INTO job_counts (organization_id, status, action_key, created_by_id, n)
SELECT organization_id, status, COALESCE('=' || action, ''), created_by_id, COUNT(*)
FROM jobs GROUP BY organization_id, status, COALESCE('=' || action, ''), created_by_id;
