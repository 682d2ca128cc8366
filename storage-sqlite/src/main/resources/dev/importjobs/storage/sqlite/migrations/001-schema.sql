-- Version 1: jobs, their chunk records and line errors.

-- One row per job. seq is the rowid: chunk and line-error rows point at it (an integer is cheaper to
-- index than the 24-hex id). Every sortable field is a plain column so listings can walk an index.
CREATE TABLE jobs (
    seq                     INTEGER PRIMARY KEY,
    id                      TEXT    NOT NULL UNIQUE,
    organization_id         TEXT    NOT NULL,
    status                  TEXT    NOT NULL,
    action                  TEXT,
    created_by_id           TEXT    NOT NULL,
    created_by_email        TEXT,
    created_by_first_name   TEXT,
    created_by_last_name    TEXT,
    created_by_full_name    TEXT,
    created_by_picture      TEXT,
    file_name               TEXT    NOT NULL,
    file_mimetype           TEXT,
    file_size               INTEGER,
    file_bucket             TEXT,
    file_key                TEXT,
    file_location           TEXT,
    file_region             TEXT,
    file_storage_provider_id TEXT,
    file_checksum           TEXT,
    idempotency_key         TEXT,
    create_fingerprint      TEXT    NOT NULL,
    workflow_id             TEXT,
    config                  TEXT,
    total_rows              INTEGER,
    processed_rows          INTEGER NOT NULL,
    success_count           INTEGER NOT NULL,
    insert_count            INTEGER NOT NULL,
    update_count            INTEGER NOT NULL,
    skip_count              INTEGER NOT NULL,
    warning_count           INTEGER NOT NULL,
    error_count             INTEGER NOT NULL,
    last_processed_chunk_index INTEGER,
    summary                 TEXT,
    error                   TEXT,
    error_report_truncated  INTEGER NOT NULL,
    line_error_count        INTEGER NOT NULL DEFAULT 0,
    started_at              INTEGER,
    completed_at            INTEGER,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    version                 INTEGER NOT NULL
);

CREATE UNIQUE INDEX jobs_idempotency_key ON jobs (organization_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- One index per sort field, ending in id for the tie-break, so a first page and a keyset page read
-- only the rows they return. SQLite sorts NULL lowest: a descending walk puts nulls last as docs/model.md
-- wants; ascending listings of nullable fields read the non-null and the null part separately.
CREATE INDEX jobs_by_created_at     ON jobs (organization_id, created_at, id);
CREATE INDEX jobs_by_updated_at     ON jobs (organization_id, updated_at, id);
CREATE INDEX jobs_by_started_at     ON jobs (organization_id, started_at, id);
CREATE INDEX jobs_by_completed_at   ON jobs (organization_id, completed_at, id);
CREATE INDEX jobs_by_status         ON jobs (organization_id, status, id);
CREATE INDEX jobs_by_action         ON jobs (organization_id, action, id);
CREATE INDEX jobs_by_file_name      ON jobs (organization_id, file_name, id);
CREATE INDEX jobs_by_total_rows     ON jobs (organization_id, total_rows, id);
CREATE INDEX jobs_by_processed_rows ON jobs (organization_id, processed_rows, id);
CREATE INDEX jobs_by_error_count    ON jobs (organization_id, error_count, id);
-- The common filtered listing: one status, newest first.
CREATE INDEX jobs_by_status_created_at ON jobs (organization_id, status, created_at, id);

-- Each recorded chunk index of a job, so a retry is detected inside the writing transaction.
CREATE TABLE job_chunks (
    job_seq     INTEGER NOT NULL REFERENCES jobs (seq) ON DELETE CASCADE,
    chunk_index INTEGER NOT NULL,
    PRIMARY KEY (job_seq, chunk_index)
) WITHOUT ROWID;

-- Line errors in write order (seq per job), paged and streamed by the primary key.
CREATE TABLE line_errors (
    job_seq     INTEGER NOT NULL REFERENCES jobs (seq) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    severity    TEXT    NOT NULL,
    line        INTEGER NOT NULL,
    column_name TEXT,
    code        TEXT,
    message     TEXT    NOT NULL,
    value       TEXT,
    PRIMARY KEY (job_seq, seq)
) WITHOUT ROWID;
