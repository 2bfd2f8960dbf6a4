-- The ledger's four attribution indexes hold only the rows that have the id they index. Every query that reads
-- them asks for one id (team_id = ?, IN (...)), which only a row with that id can match, so a row without one
-- (a configured key's, or a key of no team, project or member) has no entry to find there. Keeping NULL entries
-- cost each such row an insert into up to four b-trees: 3 of the usage writer's 18 us per row under load.
DROP INDEX usage_records_team_started_at_idx;
DROP INDEX usage_records_project_started_at_idx;
DROP INDEX usage_records_member_started_at_idx;
DROP INDEX usage_records_key_id_started_at_idx;
CREATE INDEX usage_records_team_started_at_idx ON usage_records (team_id, started_at) WHERE team_id IS NOT NULL;
CREATE INDEX usage_records_project_started_at_idx ON usage_records (project_id, started_at)
    WHERE project_id IS NOT NULL;
CREATE INDEX usage_records_member_started_at_idx ON usage_records (member_id, started_at)
    WHERE member_id IS NOT NULL;
CREATE INDEX usage_records_key_id_started_at_idx ON usage_records (key_id, started_at) WHERE key_id IS NOT NULL;
