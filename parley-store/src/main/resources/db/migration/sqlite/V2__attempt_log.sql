-- Every upstream attempt of a request, in order, as a JSON array of objects:
--   {"provider", "upstream_model", "key" (position from 1, never the key), "started_ms" (after the request
--    arrived), "duration_ms", "outcome" (ok | http_status | connection_failed | timeout | stream_error | cut |
--    abandoned), and for http_status "status" and "error_kind", for stream_error "error_kind"}
-- Rows written before this column existed read as no attempts listed.
ALTER TABLE usage_records ADD COLUMN attempt_log TEXT NOT NULL DEFAULT '[]';
