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


ALTER TABLE usage_hourly ADD COLUMN latency_requests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN overhead_requests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN overhead_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b00 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b01 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b02 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b03 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b04 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b05 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b06 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b07 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b08 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b09 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b10 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b11 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b12 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b13 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b14 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b15 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b16 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b17 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b18 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b19 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b20 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b21 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b22 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b23 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b24 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b25 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b26 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN latency_b27 INTEGER NOT NULL DEFAULT 0;

ALTER TABLE usage_daily ADD COLUMN latency_requests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN overhead_requests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN overhead_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b00 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b01 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b02 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b03 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b04 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b05 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b06 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b07 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b08 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b09 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b10 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b11 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b12 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b13 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b14 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b15 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b16 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b17 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b18 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b19 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b20 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b21 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b22 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b23 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b24 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b25 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b26 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN latency_b27 INTEGER NOT NULL DEFAULT 0;
