-- The usage ledger: one row per authenticated request, written once and never updated.
--
-- Times are integers on both databases so that the mapping code and every query are identical:
--   started_at  microseconds since 1970-01-01T00:00:00Z (UTC)
--   latency_us, ttft_us  microseconds
-- STRICT makes SQLite enforce the declared types as PostgreSQL does.
CREATE TABLE usage_records (
    request_id         TEXT    NOT NULL PRIMARY KEY,
    started_at         INTEGER NOT NULL,
    key_name           TEXT    NOT NULL,
    protocol           TEXT    NOT NULL,
    model              TEXT    NOT NULL,
    provider           TEXT,
    upstream_model     TEXT,
    stream             INTEGER NOT NULL CHECK (stream IN (0, 1)),
    status             INTEGER NOT NULL,
    error_type         TEXT,
    latency_us         INTEGER NOT NULL,
    ttft_us            INTEGER,
    input_tokens       INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    reasoning_tokens   INTEGER NOT NULL,
    usage_source       TEXT    NOT NULL CHECK (usage_source IN ('reported', 'estimated', 'none')),
    attempts           INTEGER NOT NULL
) STRICT;

CREATE INDEX usage_records_started_at_idx ON usage_records (started_at);
CREATE INDEX usage_records_key_started_at_idx ON usage_records (key_name, started_at);
CREATE INDEX usage_records_model_started_at_idx ON usage_records (model, started_at);
