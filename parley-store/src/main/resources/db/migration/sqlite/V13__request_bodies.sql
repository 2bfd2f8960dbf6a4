-- Request and response bodies of the requests whose key's rules ask for them (log_bodies); none by default.
-- Keyed by the request id of their ledger row; purged by started_at once older than usage.bodies.retention.
-- No foreign key to usage_records: the row may still be in the writer's queue or the journal when its bodies come.
CREATE TABLE request_bodies (
    request_id TEXT PRIMARY KEY,
    started_at INTEGER NOT NULL,
    request_body TEXT NOT NULL,
    response_body TEXT NOT NULL,
    request_truncated INTEGER NOT NULL,
    response_truncated INTEGER NOT NULL
);

CREATE INDEX request_bodies_started_at_idx ON request_bodies (started_at);
