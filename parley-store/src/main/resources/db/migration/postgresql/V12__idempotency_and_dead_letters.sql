-- Idempotency keys, and the dead-letter queue of failed asynchronous work. As elsewhere, times are integers
-- (microseconds since 1970-01-01T00:00:00Z, UTC).

-- A client's Idempotency-Key, scoped to the virtual key that sent it ('key:<id>' for a store key, 'name:<name>'
-- for a configured one). fingerprint is the SHA-256 (hex) of the protocol, the path and the body as received.
-- A request in flight holds its key until lease_until (past it, a Parley that died no longer holds it); a done one
-- keeps its result until expires_at: status, headers (a JSON object) and the body's bytes as the client received
-- them. kept is 0 when the result could not be stored (the key's rules forbid keeping bodies): status, headers and
-- body are then NULL and a duplicate is refused without calling the provider.
CREATE TABLE idempotency_keys (
    scope       TEXT     NOT NULL,
    idem_key    TEXT     NOT NULL,
    fingerprint TEXT     NOT NULL,
    state       TEXT     NOT NULL CHECK (state IN ('in_flight', 'done')),
    kept        SMALLINT NOT NULL DEFAULT 0 CHECK (kept IN (0, 1)),
    status      INTEGER,
    headers     TEXT,
    body        BYTEA,
    created_at  BIGINT   NOT NULL,
    expires_at  BIGINT   NOT NULL,
    lease_until BIGINT   NOT NULL,
    PRIMARY KEY (scope, idem_key)
);

CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);

-- The dead-letter queue: asynchronous work (an item of a batch: source 'batch', source_id the batch, item_id its
-- custom_id) that still failed after every retry and fallback, once per item. key_scope is whose work it was
-- ('key:<id>' or 'name:<configured name>'), team_id its key's team (NULL for a configured key). body is the request
-- as it was sent to endpoint; failures is a JSON array of every failed try (attempt, provider, upstream_model,
-- status, error_class, message: never a key). A letter is replayed at most once: replayed_at and replayed_by are set
-- when its replay starts (the UPDATE that sets them only takes a letter that has none), replay_status,
-- replay_request_id and replay_response when it has run. Discarding deletes the row (the audit log keeps it).
CREATE TABLE dead_letters (
    id                TEXT    NOT NULL PRIMARY KEY,
    source            TEXT    NOT NULL,
    source_id         TEXT    NOT NULL,
    item_id           TEXT    NOT NULL,
    key_scope         TEXT    NOT NULL,
    key_name          TEXT    NOT NULL,
    team_id           TEXT,
    endpoint          TEXT    NOT NULL,
    body              BYTEA   NOT NULL,
    failures          TEXT    NOT NULL,
    failed_at         BIGINT  NOT NULL,
    replayed_at       BIGINT,
    replayed_by       TEXT,
    replay_status     INTEGER,
    replay_request_id TEXT,
    replay_response   TEXT,
    UNIQUE (source, source_id, item_id)
);

CREATE INDEX dead_letters_team ON dead_letters (team_id, id);
