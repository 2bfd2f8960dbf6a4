-- 1. The usage ledger partitioned by UTC day of started_at, so that retention drops whole days instead of deleting
--    rows one by one, and a day's rows sit together on disk.
--
-- A partitioned table's unique keys must hold the partition key, so the primary key becomes
-- (request_id, started_at). A row is still written once: a retried or replayed row is the same row, with the same
-- request id and the same started_at, and the insert skips it (ON CONFLICT (request_id, started_at) DO NOTHING).
--
-- Partitions are named usage_records_pYYYYMMDD and hold [day, next day) in microseconds. The store creates them
-- ahead (today and the next days) and before an insert into a day that has none; usage_records_default takes any
-- row whose day has no partition yet, so that an insert never fails for lack of one, and the store moves such rows
-- into their day's partition when it creates it.
ALTER TABLE usage_records RENAME TO usage_records_v10;
ALTER INDEX usage_records_started_at_idx RENAME TO usage_records_v10_started_at_idx;
ALTER INDEX usage_records_key_started_at_idx RENAME TO usage_records_v10_key_started_at_idx;
ALTER INDEX usage_records_model_started_at_idx RENAME TO usage_records_v10_model_started_at_idx;
ALTER INDEX usage_records_team_started_at_idx RENAME TO usage_records_v10_team_started_at_idx;
ALTER INDEX usage_records_project_started_at_idx RENAME TO usage_records_v10_project_started_at_idx;
ALTER INDEX usage_records_member_started_at_idx RENAME TO usage_records_v10_member_started_at_idx;
ALTER INDEX usage_records_key_id_started_at_idx RENAME TO usage_records_v10_key_id_started_at_idx;
ALTER TABLE usage_records_v10 RENAME CONSTRAINT usage_records_pkey TO usage_records_v10_pkey;

CREATE TABLE usage_records (
    LIKE usage_records_v10 INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
    PRIMARY KEY (request_id, started_at)
) PARTITION BY RANGE (started_at);

CREATE TABLE usage_records_default PARTITION OF usage_records DEFAULT;

DO $$
DECLARE
    day_us CONSTANT BIGINT := 86400000000;
    d BIGINT;
BEGIN
    FOR d IN SELECT DISTINCT started_at / day_us FROM usage_records_v10 WHERE started_at >= 0 LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF usage_records FOR VALUES FROM (%s) TO (%s)',
                'usage_records_p' || to_char(to_timestamp(d * 86400) AT TIME ZONE 'UTC', 'YYYYMMDD'),
                d * day_us, (d + 1) * day_us);
    END LOOP;
END $$;

INSERT INTO usage_records SELECT * FROM usage_records_v10;
DROP TABLE usage_records_v10;

CREATE INDEX usage_records_started_at_idx ON usage_records (started_at);
CREATE INDEX usage_records_key_started_at_idx ON usage_records (key_name, started_at);
CREATE INDEX usage_records_model_started_at_idx ON usage_records (model, started_at);
CREATE INDEX usage_records_team_started_at_idx ON usage_records (team_id, started_at);
CREATE INDEX usage_records_project_started_at_idx ON usage_records (project_id, started_at);
CREATE INDEX usage_records_member_started_at_idx ON usage_records (member_id, started_at);
CREATE INDEX usage_records_key_id_started_at_idx ON usage_records (key_id, started_at);

-- 2. What the request path reads from the database, versioned, so that every replica on this database follows a
--    change made through any of them. Every statement that changes one of these tables bumps its kind's version and
--    sends NOTIFY parley_changes '<kind>' in the same transaction (delivered when it commits):
--      tenancy   teams, projects, members, memberships, virtual keys, limits, budgets, markups
--      catalog   providers, models, prices
--      accounts  prepaid accounts and their orders (credit)
--    A replica LISTENs for the notification and also compares the versions every few seconds, so that a notification
--    lost while it was disconnected is caught up. price_versions, account_charges, the ledger and the audit log are
--    written by the request path or as history, and change no replica's view.
CREATE TABLE config_versions (
    kind    TEXT   NOT NULL PRIMARY KEY CHECK (kind IN ('tenancy', 'catalog', 'accounts')),
    version BIGINT NOT NULL
);
INSERT INTO config_versions (kind, version) VALUES ('tenancy', 0), ('catalog', 0), ('accounts', 0);

CREATE FUNCTION parley_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE config_versions SET version = version + 1 WHERE kind = TG_ARGV[0];
    PERFORM pg_notify('parley_changes', TG_ARGV[0]);
    RETURN NULL;
END
$$;

CREATE TRIGGER teams_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON teams
    FOR EACH STATEMENT EXECUTE FUNCTION parley_config_changed('tenancy');
CREATE TRIGGER projects_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
    FOR EACH STATEMENT EXECUTE FUNCTION parley_config_changed('tenancy');
CREATE TRIGGER members_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON members
    FOR EACH STATEMENT EXECUTE FUNCTION parley_config_changed('tenancy');
CREATE TRIGGER memberships_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION parley_config_changed('tenancy');
CREATE TRIGGER virtual_keys_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON virtual_keys
    FOR EACH STATEMENT EXECUTE FUNCTION parley_config_changed('tenancy');
CREATE TRIGGER limits_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON limits
    FOR EACH STATEMENT EXECUTE FUNCTION parley_config_changed('tenancy');
CREATE TRIGGER budgets_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON budgets
    FOR EACH STATEMENT EXECUTE FUNCTION parley_config_changed('tenancy');
CREATE TRIGGER markups_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON markups
    FOR EACH STATEMENT EXECUTE FUNCTION parley_config_changed('tenancy');
CREATE TRIGGER providers_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON providers
    FOR EACH STATEMENT EXECUTE FUNCTION parley_config_changed('catalog');
CREATE TRIGGER models_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON models
    FOR EACH STATEMENT EXECUTE FUNCTION parley_config_changed('catalog');
CREATE TRIGGER prices_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON prices
    FOR EACH STATEMENT EXECUTE FUNCTION parley_config_changed('catalog');
CREATE TRIGGER accounts_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION parley_config_changed('accounts');
CREATE TRIGGER account_orders_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON account_orders
    FOR EACH STATEMENT EXECUTE FUNCTION parley_config_changed('accounts');
