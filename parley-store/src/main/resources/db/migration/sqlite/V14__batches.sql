-- Batch jobs in OpenAI's format: files, batches and their items. As elsewhere, times are integers (microseconds
-- since 1970-01-01T00:00:00Z, UTC).

-- A file of a virtual key (key_scope: 'key:<id>' or 'name:<configured name>'; no other key sees it). An input file
-- (kind 'input') keeps the bytes uploaded in content; a batch's output or error file (kind 'output' or 'error')
-- has no content of its own: its lines are its batch's finished items' (batch_items.result), read in line order.
CREATE TABLE batch_files (
    id         TEXT    NOT NULL PRIMARY KEY,
    key_scope  TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('input', 'output', 'error')),
    filename   TEXT    NOT NULL,
    bytes      INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    batch_id   TEXT,
    content    BLOB
) STRICT;

CREATE INDEX batch_files_scope ON batch_files (key_scope, id);

-- A batch: whose key it runs as (key_scope, key_name, team_id: NULL for a configured key), what it calls, the
-- client's metadata (a JSON object), its status and when it reached each one (NULL: not yet), and its output and
-- error files once it has ended.
CREATE TABLE batches (
    id                TEXT    NOT NULL PRIMARY KEY,
    key_scope         TEXT    NOT NULL,
    key_name          TEXT    NOT NULL,
    team_id           TEXT,
    endpoint          TEXT    NOT NULL,
    input_file_id     TEXT    NOT NULL,
    completion_window INTEGER NOT NULL,
    metadata          TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('validating', 'in_progress', 'finalizing', 'completed',
                                                         'failed', 'expired', 'cancelling', 'cancelled')),
    created_at        INTEGER NOT NULL,
    in_progress_at    INTEGER,
    finalizing_at     INTEGER,
    completed_at      INTEGER,
    failed_at         INTEGER,
    expired_at        INTEGER,
    cancelling_at     INTEGER,
    cancelled_at      INTEGER,
    output_file_id    TEXT,
    error_file_id     TEXT
) STRICT;

CREATE INDEX batches_scope ON batches (key_scope, id);
CREATE INDEX batches_status ON batches (status);

-- One request of a batch, by its line in the input file. pending: waiting, due at not_before; running: held by
-- runner (an instance's random id) until lease_until, which the runner renews while it runs it; succeeded, failed,
-- cancelled, expired: finished, with its line of the output or error file in result, written in the transaction
-- that finishes it (with the item's dead letter when it failed), and only by the runner that holds it. tries counts
-- its claims; failures is a JSON array of the tries refused for a while (rate limits) before it was finished.
CREATE TABLE batch_items (
    batch_id    TEXT    NOT NULL,
    line        INTEGER NOT NULL,
    custom_id   TEXT    NOT NULL,
    body        BLOB    NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('pending', 'running', 'succeeded', 'failed', 'cancelled',
                                                  'expired')),
    tries       INTEGER NOT NULL DEFAULT 0,
    not_before  INTEGER NOT NULL DEFAULT 0,
    runner      TEXT,
    lease_until INTEGER,
    failures    TEXT    NOT NULL DEFAULT '[]',
    request_id  TEXT,
    result      TEXT,
    finished_at INTEGER,
    PRIMARY KEY (batch_id, line),
    UNIQUE (batch_id, custom_id)
) STRICT;

CREATE INDEX batch_items_state ON batch_items (batch_id, state, line);
CREATE INDEX batch_items_runner ON batch_items (runner) WHERE state = 'running';
