-- The usage ledger: one row per authenticated request, written once and never updated.
--
-- Times are integers, as on SQLite, so that the mapping code and every query are identical:
--   started_at  microseconds since 1970-01-01T00:00:00Z (UTC); to_timestamp(started_at / 1e6) for a timestamptz
--   latency_us, ttft_us  microseconds
CREATE TABLE usage_records (
    request_id         TEXT    NOT NULL PRIMARY KEY,
    started_at         BIGINT  NOT NULL,
    key_name           TEXT    NOT NULL,
    protocol           TEXT    NOT NULL,
    model              TEXT    NOT NULL,
    provider           TEXT,
    upstream_model     TEXT,
    stream             BOOLEAN NOT NULL,
    status             INTEGER NOT NULL,
    error_type         TEXT,
    latency_us         BIGINT  NOT NULL,
    ttft_us            BIGINT,
    input_tokens       BIGINT  NOT NULL,
    output_tokens      BIGINT  NOT NULL,
    cache_read_tokens  BIGINT  NOT NULL,
    cache_write_tokens BIGINT  NOT NULL,
    reasoning_tokens   BIGINT  NOT NULL,
    usage_source       TEXT    NOT NULL CHECK (usage_source IN ('reported', 'estimated', 'none')),
    attempts           INTEGER NOT NULL
);

CREATE INDEX usage_records_started_at_idx ON usage_records (started_at);
CREATE INDEX usage_records_key_started_at_idx ON usage_records (key_name, started_at);
CREATE INDEX usage_records_model_started_at_idx ON usage_records (model, started_at);
