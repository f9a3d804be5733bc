-- nhiemvu serve: the app's own tables, next to the trackers' schema (sqlite.sql) in the same file.
-- app_documents: each uploaded notice as extracted (its JSON record with the normalized text), the
-- name the clerk's file had and the name it is stored under (its sha256 and suffix) in the data
-- directory. corrections: every correction a clerk made, in order; the corrected notice is the record
-- with them applied (extractor/corrections.py), and is what the trackers' tables and exports hold.

CREATE TABLE IF NOT EXISTS app_documents (
    doc_id            TEXT PRIMARY KEY,        -- Notice.id
    filename          TEXT NOT NULL,
    stored            TEXT NOT NULL,
    uploaded_at       TEXT NOT NULL,
    record            TEXT NOT NULL            -- the Notice as JSON, text included
);

CREATE TABLE IF NOT EXISTS corrections (
    id                INTEGER PRIMARY KEY,
    doc_id            TEXT NOT NULL,           -- app_documents.doc_id
    task_uid          TEXT NOT NULL,           -- the task corrected (for add_task: the new task's uid)
    field             TEXT NOT NULL,           -- lead | support | deadline | metric | not_task | add_task
    value             TEXT NOT NULL,           -- JSON: the new value
    original          TEXT,                    -- JSON: the value before this correction
    who               TEXT NOT NULL,
    at                TEXT NOT NULL            -- UTC, ISO 8601
);
CREATE INDEX IF NOT EXISTS corrections_doc_id ON corrections (doc_id);
