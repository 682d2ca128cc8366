-- Version 4: the change feed (docs/storage.md#the-change-feed), which event streams follow.

-- Where each job's last change sits in its organization's feed: the feed holds each job once, as it is now,
-- read in position order through this index. A write moves one entry of it.
ALTER TABLE jobs ADD COLUMN feed_position INTEGER NOT NULL DEFAULT 0;
-- The jobs a version-3 database holds take positions in the order they were made (seq is unique).
UPDATE jobs SET feed_position = seq;
CREATE INDEX jobs_by_feed_position ON jobs (organization_id, feed_position);

-- Deleted jobs, at the position of their deletion: the newest 1000 of each organization are kept.
CREATE TABLE job_deletions (
    organization_id TEXT    NOT NULL,
    feed_position   INTEGER NOT NULL,
    id              TEXT    NOT NULL,
    PRIMARY KEY (organization_id, feed_position, id)
) WITHOUT ROWID;

-- Per organization, the newest position of a deletion no longer kept: a reader behind it must start over.
CREATE TABLE forgotten_deletions (
    organization_id  TEXT    NOT NULL PRIMARY KEY,
    through_position INTEGER NOT NULL
) WITHOUT ROWID;
