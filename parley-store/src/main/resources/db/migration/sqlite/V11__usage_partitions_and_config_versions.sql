-- Nothing changes on SQLite. On PostgreSQL this version partitions the ledger by day and versions what replicas
-- share; a SQLite database is one Parley's own (no other replica follows it, and retention deletes rows), so the
-- version is here only to keep both histories alike.
SELECT 1;
