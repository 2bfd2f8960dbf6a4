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
