-- Hourly and daily rollups of the ledger, so that reports and budgets read a few rows per scope and bucket instead
-- of every request, and keep their figures after retention deletes raw rows (daily rollups are never deleted).
--
-- Kept in the transaction that inserts usage rows, from exactly the rows it inserted (UsageRollups): a row counts
-- once, even when its batch is retried or the journal replayed, and a late row lands in its own hour and day.
--
--   bucket_start  the bucket's first microsecond since 1970-01-01T00:00:00Z (UTC), like started_at
--   dimensions    team_id, project_id, member_id, key_id (the attribution), key_name (so configured keys, which
--                 have no id, still group), model (as requested), provider, upstream_model; '' where the row has
--                 none, never NULL, so that the primary key (and the upsert on it) works alike on both databases
--   requests, error_requests (rows with an error_type), estimated_requests (usage_source 'estimated'),
--   priced_requests (rows with a cost), and the five token buckets, summed
--   cost_*_units  costs in integer units of 1e-10 dollars: the ledger rounds costs to 10 decimals, so integers add
--                 them exactly on both databases (SQLite would sum decimal text as doubles)
--
-- The backfill converts the ledger's cost text (plain decimals such as '0.0110000000', '-0.00001' or '12.5', written
-- with toPlainString, never with an exponent, at most 10 decimals) to units without SQLite's REAL: the digits
-- without the point, read as an integer (sign included), times 10 to the power of the decimals missing to ten,
-- itself read from the text '10000000000' cut to length.

CREATE TABLE usage_hourly (
    bucket_start       INTEGER NOT NULL,
    team_id            TEXT    NOT NULL,
    project_id         TEXT    NOT NULL,
    member_id          TEXT    NOT NULL,
    key_id             TEXT    NOT NULL,
    key_name           TEXT    NOT NULL,
    model              TEXT    NOT NULL,
    provider           TEXT    NOT NULL,
    upstream_model     TEXT    NOT NULL,
    requests           INTEGER NOT NULL,
    error_requests     INTEGER NOT NULL,
    estimated_requests INTEGER NOT NULL,
    priced_requests    INTEGER NOT NULL,
    input_tokens       INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    reasoning_tokens   INTEGER NOT NULL,
    cost_base_units    INTEGER NOT NULL,
    cost_markup_units  INTEGER NOT NULL,
    cost_total_units   INTEGER NOT NULL,
    PRIMARY KEY (bucket_start, team_id, project_id, member_id, key_id, key_name, model, provider, upstream_model)
) STRICT;

CREATE TABLE usage_daily (
    bucket_start       INTEGER NOT NULL,
    team_id            TEXT    NOT NULL,
    project_id         TEXT    NOT NULL,
    member_id          TEXT    NOT NULL,
    key_id             TEXT    NOT NULL,
    key_name           TEXT    NOT NULL,
    model              TEXT    NOT NULL,
    provider           TEXT    NOT NULL,
    upstream_model     TEXT    NOT NULL,
    requests           INTEGER NOT NULL,
    error_requests     INTEGER NOT NULL,
    estimated_requests INTEGER NOT NULL,
    priced_requests    INTEGER NOT NULL,
    input_tokens       INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    reasoning_tokens   INTEGER NOT NULL,
    cost_base_units    INTEGER NOT NULL,
    cost_markup_units  INTEGER NOT NULL,
    cost_total_units   INTEGER NOT NULL,
    PRIMARY KEY (bucket_start, team_id, project_id, member_id, key_id, key_name, model, provider, upstream_model)
) STRICT;

-- Budgets read one scope's daily rows since a day; reports filter by team and time.
CREATE INDEX usage_daily_team_idx ON usage_daily (team_id, bucket_start);
CREATE INDEX usage_daily_project_idx ON usage_daily (project_id, bucket_start);
CREATE INDEX usage_daily_member_idx ON usage_daily (member_id, bucket_start);
CREATE INDEX usage_daily_key_idx ON usage_daily (key_id, bucket_start);
CREATE INDEX usage_hourly_team_idx ON usage_hourly (team_id, bucket_start);

-- The rows stored before this migration.
INSERT INTO usage_hourly (bucket_start, team_id, project_id, member_id, key_id, key_name, model, provider,
    upstream_model, requests, error_requests, estimated_requests, priced_requests, input_tokens, output_tokens,
    cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_base_units, cost_markup_units, cost_total_units)
SELECT started_at - ((started_at % 3600000000) + 3600000000) % 3600000000,
       coalesce(team_id, ''), coalesce(project_id, ''), coalesce(member_id, ''), coalesce(key_id, ''), key_name, model,
       coalesce(provider, ''), coalesce(upstream_model, ''),
       count(*), count(error_type), sum(CASE WHEN usage_source = 'estimated' THEN 1 ELSE 0 END), count(cost_total),
       sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens),
       coalesce(sum(CAST(replace(cost_base, '.', '') AS INTEGER)
           * CAST(substr('10000000000', 1, 11 - CASE WHEN instr(cost_base, '.') > 0
                  THEN length(cost_base) - instr(cost_base, '.') ELSE 0 END) AS INTEGER)), 0),
       coalesce(sum(CAST(replace(cost_markup, '.', '') AS INTEGER)
           * CAST(substr('10000000000', 1, 11 - CASE WHEN instr(cost_markup, '.') > 0
                  THEN length(cost_markup) - instr(cost_markup, '.') ELSE 0 END) AS INTEGER)), 0),
       coalesce(sum(CAST(replace(cost_total, '.', '') AS INTEGER)
           * CAST(substr('10000000000', 1, 11 - CASE WHEN instr(cost_total, '.') > 0
                  THEN length(cost_total) - instr(cost_total, '.') ELSE 0 END) AS INTEGER)), 0)
FROM usage_records
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

INSERT INTO usage_daily (bucket_start, team_id, project_id, member_id, key_id, key_name, model, provider,
    upstream_model, requests, error_requests, estimated_requests, priced_requests, input_tokens, output_tokens,
    cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_base_units, cost_markup_units, cost_total_units)
SELECT started_at - ((started_at % 86400000000) + 86400000000) % 86400000000,
       coalesce(team_id, ''), coalesce(project_id, ''), coalesce(member_id, ''), coalesce(key_id, ''), key_name, model,
       coalesce(provider, ''), coalesce(upstream_model, ''),
       count(*), count(error_type), sum(CASE WHEN usage_source = 'estimated' THEN 1 ELSE 0 END), count(cost_total),
       sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens),
       coalesce(sum(CAST(replace(cost_base, '.', '') AS INTEGER)
           * CAST(substr('10000000000', 1, 11 - CASE WHEN instr(cost_base, '.') > 0
                  THEN length(cost_base) - instr(cost_base, '.') ELSE 0 END) AS INTEGER)), 0),
       coalesce(sum(CAST(replace(cost_markup, '.', '') AS INTEGER)
           * CAST(substr('10000000000', 1, 11 - CASE WHEN instr(cost_markup, '.') > 0
                  THEN length(cost_markup) - instr(cost_markup, '.') ELSE 0 END) AS INTEGER)), 0),
       coalesce(sum(CAST(replace(cost_total, '.', '') AS INTEGER)
           * CAST(substr('10000000000', 1, 11 - CASE WHEN instr(cost_total, '.') > 0
                  THEN length(cost_total) - instr(cost_total, '.') ELSE 0 END) AS INTEGER)), 0)
FROM usage_records
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
