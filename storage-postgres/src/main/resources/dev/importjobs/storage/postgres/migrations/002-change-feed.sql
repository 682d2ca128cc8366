-- Version 2: the change feed (docs/storage.md#the-change-feed), which event streams follow. A position is
-- the writing transaction's id, read back only below the oldest running transaction (docs/storage.md,
-- "On PostgreSQL").

-- Where each job's last change sits in its organization's feed: the feed holds each job once, as it is now,
-- read in position order through this index. Jobs from before this version stay at 0, before every change.
ALTER TABLE jobs ADD COLUMN feed_position BIGINT NOT NULL DEFAULT 0;
CREATE INDEX jobs_by_feed_position ON jobs (organization_id, feed_position);

-- Deleted jobs, at the position of their deletion: the newest 1000 of each organization are kept.
CREATE TABLE job_deletions (
    organization_id TEXT COLLATE "C" NOT NULL,
    feed_position   BIGINT           NOT NULL,
    id              TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (organization_id, feed_position, id)
);

-- Per organization, the newest position of a deletion no longer kept: a reader behind it must start over.
CREATE TABLE forgotten_deletions (
    organization_id  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    through_position BIGINT           NOT NULL
);
