-- nhiemvu task database (PostgreSQL). Written by `nhiemvu export BATCH.jsonl --to postgres postgresql://…`.
-- One row per notice (its doc_id: the same for the .txt, .docx, .pdf and scan of one document), per
-- task (its uid: doc_id + path + ordinal), and per assignee, deadline, metric, reference and target.
-- Re-exporting upserts: a notice re-ingested keeps its row and its tasks' rows (by doc_id and uid),
-- gets their values updated, loses the tasks it no longer has, and its rows below tasks are replaced.
-- Deadlines are dates; a notice's issue_date is ISO 8601 text, which may be partial ("2022-10", "2022").
-- The same schema for SQLite: sqlite.sql. Kept current by tests/test_database.py.

CREATE TABLE IF NOT EXISTS notices (
    doc_id            TEXT PRIMARY KEY,
    notice_id         TEXT NOT NULL,           -- Notice.id of the rendering last ingested (source hash)
    schema_version    TEXT NOT NULL,
    doc_type          TEXT NOT NULL,
    number            TEXT,
    issuer            TEXT,
    place             TEXT,
    issue_date        TEXT,
    title             TEXT,
    signer_name       TEXT,
    signer_title      TEXT,
    signer_authority  TEXT,
    recipients        JSONB NOT NULL,          -- array of strings
    warnings          JSONB NOT NULL,          -- array of strings
    source_path       TEXT,
    source_sha256     TEXT NOT NULL,
    source_format     TEXT NOT NULL,
    source_ocr        BOOLEAN NOT NULL
);
CREATE INDEX IF NOT EXISTS notices_number ON notices (number);
CREATE INDEX IF NOT EXISTS notices_issue_date ON notices (issue_date);

CREATE TABLE IF NOT EXISTS tasks (
    uid               TEXT PRIMARY KEY,
    doc_id            TEXT NOT NULL REFERENCES notices (doc_id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,        -- order in the notice, from 1
    task_id           TEXT NOT NULL,           -- Task.id (depends on the rendering)
    parent_uid        TEXT REFERENCES tasks (uid) ON DELETE SET NULL,
    label             TEXT,
    path              TEXT NOT NULL,
    heading           TEXT,
    text              TEXT NOT NULL,
    span_start        INTEGER NOT NULL,
    span_end          INTEGER NOT NULL,
    page              INTEGER,
    source_kind       TEXT NOT NULL,
    product           TEXT
);
CREATE INDEX IF NOT EXISTS tasks_doc_id ON tasks (doc_id);
CREATE INDEX IF NOT EXISTS tasks_parent_uid ON tasks (parent_uid);

CREATE TABLE IF NOT EXISTS assignees (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_uid          TEXT NOT NULL REFERENCES tasks (uid) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    role              TEXT NOT NULL,           -- lead | support | report_to
    name              TEXT NOT NULL,
    canonical         TEXT NOT NULL,
    kind              TEXT NOT NULL,
    registry_id       TEXT,
    level             TEXT,
    current_registry_id TEXT,                  -- the successor of a merged body
    inherited         BOOLEAN NOT NULL,
    written           TEXT,
    span_start        INTEGER,
    span_end          INTEGER
);
CREATE INDEX IF NOT EXISTS assignees_task_uid ON assignees (task_uid);
CREATE INDEX IF NOT EXISTS assignees_canonical ON assignees (canonical);
CREATE INDEX IF NOT EXISTS assignees_registry_id ON assignees (registry_id);

CREATE TABLE IF NOT EXISTS deadlines (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_uid          TEXT NOT NULL REFERENCES tasks (uid) ON DELETE CASCADE,
    position          INTEGER NOT NULL,        -- the deadline's ordinal in its task, from 1
    kind              TEXT NOT NULL,           -- by | within | from | range | recurring | relative
    text              TEXT NOT NULL,
    start_date        DATE,
    due_date          DATE,                    -- Deadline.end
    recurrence        TEXT,
    span_start        INTEGER NOT NULL,
    span_end          INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS deadlines_task_uid ON deadlines (task_uid);
CREATE INDEX IF NOT EXISTS deadlines_due_date ON deadlines (due_date);
CREATE INDEX IF NOT EXISTS deadlines_start_date ON deadlines (start_date);

CREATE TABLE IF NOT EXISTS metrics (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_uid          TEXT NOT NULL REFERENCES tasks (uid) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    text              TEXT NOT NULL,
    op                TEXT NOT NULL,
    value             DOUBLE PRECISION NOT NULL,
    value_max         DOUBLE PRECISION,
    unit              TEXT,
    subject           TEXT,
    span_start        INTEGER NOT NULL,
    span_end          INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS metrics_task_uid ON metrics (task_uid);

-- every citation of another document; task_uid when the citation is inside a task
CREATE TABLE IF NOT EXISTS "references" (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id            TEXT NOT NULL REFERENCES notices (doc_id) ON DELETE CASCADE,
    task_uid          TEXT REFERENCES tasks (uid) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    text              TEXT NOT NULL,
    doc_type          TEXT NOT NULL,
    number            TEXT,
    issue_date        TEXT,
    issuer            TEXT,
    span_start        INTEGER NOT NULL,
    span_end          INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS references_doc_id ON "references" (doc_id);
CREATE INDEX IF NOT EXISTS references_task_uid ON "references" (task_uid);
CREATE INDEX IF NOT EXISTS references_number ON "references" (number);

-- items of "Mục tiêu"/"Chỉ tiêu" sections: aims of a plan, not work assigned
CREATE TABLE IF NOT EXISTS targets (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id            TEXT NOT NULL REFERENCES notices (doc_id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    path              TEXT NOT NULL,
    text              TEXT NOT NULL,
    span_start        INTEGER NOT NULL,
    span_end          INTEGER NOT NULL,
    metrics           JSONB NOT NULL,          -- array of Metric
    deadlines         JSONB NOT NULL           -- array of Deadline
);
CREATE INDEX IF NOT EXISTS targets_doc_id ON targets (doc_id);
