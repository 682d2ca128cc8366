-- Version 3: values the store keeps for every process that opens the file, such as the key that signs
-- listing cursors (so a cursor outlives a restart and works on another server over the same file).

CREATE TABLE settings (
    name  TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
