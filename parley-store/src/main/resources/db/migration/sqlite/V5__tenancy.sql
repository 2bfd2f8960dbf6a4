-- Teams, projects, members, virtual keys, their limits and budgets, and the audit log.
--
-- As in the ledger, times are integers (microseconds since 1970-01-01T00:00:00Z, UTC) and STRICT makes SQLite
-- enforce the declared types as PostgreSQL does. Ids are chosen by Parley (random), never by the database, so that
-- both databases produce the same ones and an id can be shown before the row is written.
--
-- Access rules (teams, projects, keys) are one JSON object, read and written only by Parley:
--   {"models": [glob...], "providers": [glob...], "regions": [tag...], "max_tokens_per_request": n (optional),
--    "log_bodies": true|false (optional)}
-- They are always read whole with their owner and never queried inside, so one column beats four tables.
--
-- Foreign keys keep what the request path relies on true (a key's project exists and is of the key's team); they
-- are declared without ON DELETE actions, so that deleting a team, project or member that something still belongs
-- to fails instead of leaving orphans or silently deleting keys the ledger names.

CREATE TABLE teams (
    id         TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    rules      TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT teams_name_key UNIQUE (name)
) STRICT;

CREATE TABLE projects (
    id         TEXT    NOT NULL PRIMARY KEY,
    team_id    TEXT    NOT NULL REFERENCES teams (id),
    name       TEXT    NOT NULL,
    rules      TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT projects_team_name_key UNIQUE (team_id, name),
    -- The target of virtual_keys' (project_id, team_id) reference: a key's team is its project's team.
    CONSTRAINT projects_id_team_key UNIQUE (id, team_id)
) STRICT;

CREATE TABLE members (
    id         TEXT    NOT NULL PRIMARY KEY,
    email      TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    created_at INTEGER NOT NULL,
    CONSTRAINT members_email_key UNIQUE (email)
) STRICT;

-- A member's role in one team; owner is an organization role only.
CREATE TABLE memberships (
    team_id   TEXT NOT NULL REFERENCES teams (id),
    member_id TEXT NOT NULL REFERENCES members (id),
    role      TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
    PRIMARY KEY (team_id, member_id)
) STRICT;

CREATE INDEX memberships_member_idx ON memberships (member_id);

-- Never the key itself: hash is its HMAC-SHA256 under the server secret (hex), hint the part that may be shown.
-- Keys are never deleted (revoked_at is set instead), so every key a usage row names stays here.
-- team_id repeats the project's team so that authorization and attribution need no join.
CREATE TABLE virtual_keys (
    id           TEXT    NOT NULL PRIMARY KEY,
    name         TEXT    NOT NULL,
    hash         TEXT    NOT NULL,
    hint         TEXT    NOT NULL,
    project_id   TEXT    NOT NULL,
    team_id      TEXT    NOT NULL,
    member_id    TEXT    REFERENCES members (id),  -- NULL for a service key (CI)
    rules        TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,                          -- NULL: never; rotation sets it to the end of the overlap
    revoked_at   INTEGER,                          -- NULL: not revoked; once set, never cleared
    rotated_from TEXT    REFERENCES virtual_keys (id),
    CONSTRAINT virtual_keys_hash_key UNIQUE (hash),
    CONSTRAINT virtual_keys_project_fkey FOREIGN KEY (project_id, team_id) REFERENCES projects (id, team_id)
) STRICT;

-- The listings' filters, each in id order for keyset pagination.
CREATE INDEX projects_team_idx ON projects (team_id, id);
CREATE INDEX virtual_keys_team_idx ON virtual_keys (team_id, id);
CREATE INDEX virtual_keys_project_idx ON virtual_keys (project_id, id);
CREATE INDEX virtual_keys_member_idx ON virtual_keys (member_id, id);
CREATE INDEX virtual_keys_rotated_from_idx ON virtual_keys (rotated_from);

-- Rate limits of one scope (a key, project, team or member); NULL does not limit. scope_id names a row of the
-- table its kind says, which a foreign key cannot express: Parley checks it when a limit is written and deletes
-- a scope's limits and budgets with the scope.
CREATE TABLE limits (
    scope_kind  TEXT    NOT NULL CHECK (scope_kind IN ('key', 'project', 'team', 'member')),
    scope_id    TEXT    NOT NULL,
    rpm         INTEGER,
    tpm         INTEGER,
    concurrency INTEGER,
    PRIMARY KEY (scope_kind, scope_id)
) STRICT;

-- A cap in US dollars on one scope per period (UTC calendar day, calendar month, or all time). The amount is TEXT
-- holding the plain decimal, as the ledger's costs are: SQLite's NUMERIC would store it as a double.
CREATE TABLE budgets (
    id            TEXT    NOT NULL PRIMARY KEY,
    scope_kind    TEXT    NOT NULL CHECK (scope_kind IN ('key', 'project', 'team', 'member')),
    scope_id      TEXT    NOT NULL,
    period        TEXT    NOT NULL CHECK (period IN ('day', 'month', 'total')),
    amount        TEXT    NOT NULL,
    alert_percent INTEGER,
    CONSTRAINT budgets_scope_period_key UNIQUE (scope_kind, scope_id, period)
) STRICT;

-- Every admin action and authentication failure, append-only: Parley only ever INSERTs here. seq counts from 1
-- without gaps; hash is SHA-256 over seq, every event field and previous_hash (see AuditChain), so an edited,
-- removed or reordered row breaks the chain. before_json and after_json have every secret masked.
CREATE TABLE audit_log (
    seq           INTEGER NOT NULL PRIMARY KEY,
    at            INTEGER NOT NULL,
    actor         TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    target        TEXT,
    source        TEXT    NOT NULL,
    before_json   TEXT,
    after_json    TEXT,
    previous_hash TEXT    NOT NULL,
    hash          TEXT    NOT NULL,
    CONSTRAINT audit_log_seq_positive CHECK (seq >= 1)
) STRICT;
