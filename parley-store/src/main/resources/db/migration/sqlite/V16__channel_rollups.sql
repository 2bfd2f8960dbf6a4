-- Each channel's upstream attempts, added up for its status page (GET /admin/channels/status): per minute (for the
-- last 5 minutes and hour) and per quarter hour (for the last day), so that every replica sharing the database
-- shows the same figures and a restart loses none.
--
-- Kept in the transaction that inserts usage rows, from the attempt logs of exactly the rows it inserted
-- (ChannelRollups), like usage_hourly: an attempt counts once, in the bucket of the moment it ended, however often
-- its batch is retried or the journal replayed. Deleted once older than two hours (minutes) and 25 hours (quarter
-- hours) by the usage writer.
--
--   width_seconds  60 (a minute) or 900 (a quarter hour)
--   bucket_start   the bucket's first microsecond since 1970-01-01T00:00:00Z (UTC), like usage_hourly's
--   provider, upstream_model  the channel
--   attempts, successes, failures, rate_limited (429s)  summed; an attempt without a verdict (a refused key, a
--                  client that hung up) is only an attempt
--
-- channel_latency holds the buckets' two latency histograms, one row per non-empty histogram bucket:
--   measure        'latency' (the whole attempt) or 'first_byte' (to the provider's status line)
--   slot           the histogram bucket: samples above 100 µs × 1.25^(slot - 1) and at most 100 µs × 1.25^slot
--                  (slot 0 holds everything up to 100 µs, slot 63 everything above it), so that histograms add up
--                  across buckets and replicas and percentiles are read from the sum
--   samples        how many

CREATE TABLE channel_rollups (
    width_seconds  INTEGER NOT NULL,
    bucket_start   INTEGER NOT NULL,
    provider       TEXT    NOT NULL,
    upstream_model TEXT    NOT NULL,
    attempts       INTEGER NOT NULL,
    successes      INTEGER NOT NULL,
    failures       INTEGER NOT NULL,
    rate_limited   INTEGER NOT NULL,
    PRIMARY KEY (width_seconds, bucket_start, provider, upstream_model)
) STRICT;

CREATE TABLE channel_latency (
    width_seconds  INTEGER NOT NULL,
    bucket_start   INTEGER NOT NULL,
    provider       TEXT    NOT NULL,
    upstream_model TEXT    NOT NULL,
    measure        TEXT    NOT NULL,
    slot           INTEGER NOT NULL,
    samples        INTEGER NOT NULL,
    PRIMARY KEY (width_seconds, bucket_start, provider, upstream_model, measure, slot)
) STRICT;
