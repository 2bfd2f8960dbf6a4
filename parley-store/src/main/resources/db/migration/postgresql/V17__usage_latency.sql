-- How long the requests of each rollup bucket took, so that reports (and the dashboard's overview) show latency over
-- time: kept by UsageRollups in the transaction that inserts the rows, like every other measure, and summed by
-- reports (UsageLatency in the core).
--
--   latency_requests  rows whose latency is added here (rows stored before this migration are not: their buckets
--                     keep 0, and a report's average covers only the rows that have one)
--   latency_us        their latencies (arrival to last byte) added up, in microseconds
--   overhead_requests rows that made an upstream attempt
--   overhead_us       their gateway overheads (arrival to the first upstream attempt) added up, in microseconds
--   latency_bNN       how many latencies fell in histogram bucket NN: above 50 ms × √2^(NN - 1) and at most
--                     50 ms × √2^NN (b00 holds everything up to 50 ms, b27 everything above about 6.8 minutes),
--                     so that p50 and p95 are read from any sum of buckets


ALTER TABLE usage_hourly ADD COLUMN latency_requests BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_us BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN overhead_requests BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN overhead_us BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b00 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b01 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b02 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b03 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b04 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b05 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b06 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b07 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b08 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b09 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b10 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b11 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b12 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b13 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b14 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b15 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b16 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b17 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b18 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b19 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b20 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b21 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b22 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b23 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b24 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b25 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b26 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b27 BIGINT NOT NULL DEFAULT 0;

ALTER TABLE usage_daily ADD COLUMN latency_requests BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_us BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN overhead_requests BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN overhead_us BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b00 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b01 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b02 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b03 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b04 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b05 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b06 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b07 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b08 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b09 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b10 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b11 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b12 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b13 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b14 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b15 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b16 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b17 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b18 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b19 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b20 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b21 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b22 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b23 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b24 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b25 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b26 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b27 BIGINT NOT NULL DEFAULT 0;
