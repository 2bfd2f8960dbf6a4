-- Whom each request is charged to: the id of its virtual key, the key's member, project and team. NULL for keys
-- from the configuration file and the master key, which belong to no team, and for rows written before these
-- columns existed. (member_id is NULL too for a service key.)
--
-- No foreign keys: the ledger must take every row it is given, and it keeps naming a team, project or member after
-- they are deleted.
--
-- The indexes serve budgets (what a scope spent since the start of its window) and usage listings by scope.
ALTER TABLE usage_records ADD COLUMN key_id TEXT;
ALTER TABLE usage_records ADD COLUMN member_id TEXT;
ALTER TABLE usage_records ADD COLUMN project_id TEXT;
ALTER TABLE usage_records ADD COLUMN team_id TEXT;

CREATE INDEX usage_records_team_started_at_idx ON usage_records (team_id, started_at);
CREATE INDEX usage_records_project_started_at_idx ON usage_records (project_id, started_at);
CREATE INDEX usage_records_member_started_at_idx ON usage_records (member_id, started_at);
CREATE INDEX usage_records_key_id_started_at_idx ON usage_records (key_id, started_at);
