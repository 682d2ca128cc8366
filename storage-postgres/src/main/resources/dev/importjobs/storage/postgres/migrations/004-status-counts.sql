-- Version 4: jobs per organization and status (docs/storage.md#listing-cost), beside job_counts's finer
-- rows. A listing filtered by status or not at all (most of them) sums a handful of these rows instead of
-- one job_counts row per status, action and creator, which in an organization of many creators are hundreds
-- spread over as many pages. Kept by the store in each write's transaction, as job_counts is.
CREATE TABLE job_status_counts (
    organization_id TEXT COLLATE "C" NOT NULL,
    status          TEXT COLLATE "C" NOT NULL,
    n               BIGINT NOT NULL,
    PRIMARY KEY (organization_id, status)
);

-- Count the jobs a version-3 database already holds, from its finer counts.
INSERT INTO job_status_counts (organization_id, status, n)
SELECT organization_id, status, SUM(n) FROM job_counts GROUP BY organization_id, status;
