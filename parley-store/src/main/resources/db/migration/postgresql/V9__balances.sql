-- Prepaid balances: an account per team or member, its orders (the credit), and what the ledger charged it per UTC
-- day and model. See V5 for times (microseconds, UTC) and ids (chosen by Parley).
--
-- An account names its team or member without a foreign key (the table depends on the kind), as limits and budgets
-- do; it is checked to exist when opened, and it outlives them with its orders, which are the organization's
-- books.
CREATE TABLE accounts (
    id          TEXT            NOT NULL PRIMARY KEY,
    scope_kind  TEXT            NOT NULL CHECK (scope_kind IN ('team', 'member')),
    scope_id    TEXT            NOT NULL,
    opened_at   BIGINT          NOT NULL,
    alert_below NUMERIC(24, 10) CHECK (alert_below >= 0),  -- NULL: no low-balance alert
    CONSTRAINT accounts_scope_key UNIQUE (scope_kind, scope_id)
);

-- Every change of an account's credit, append-only (the trigger below refuses UPDATE and DELETE): a top-up
-- (positive) or an adjustment (signed), exact to the same 10 decimal places as the ledger's costs. A reference is
-- unique per account, so that a top-up sent twice is booked once; NULLs do not collide.
CREATE TABLE account_orders (
    id         TEXT            NOT NULL PRIMARY KEY,
    account_id TEXT            NOT NULL REFERENCES accounts (id),
    kind       TEXT            NOT NULL CHECK (kind IN ('top_up', 'adjustment')),
    amount     NUMERIC(24, 10) NOT NULL,
    actor      TEXT            NOT NULL,
    reason     TEXT            NOT NULL,
    reference  TEXT,
    created_at BIGINT          NOT NULL,
    CONSTRAINT account_orders_reference_key UNIQUE (account_id, reference)
);

CREATE INDEX account_orders_account_created ON account_orders (account_id, created_at);

CREATE FUNCTION account_orders_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'account orders are append-only';
END;
$$;

CREATE TRIGGER account_orders_append_only BEFORE UPDATE OR DELETE ON account_orders
    FOR EACH ROW EXECUTE FUNCTION account_orders_append_only();

-- What the ledger's rows charged each account, per UTC day (of the row's started_at, 'YYYY-MM-DD') and model,
-- added in the transaction that inserts the rows, so that each row is charged once. NUMERIC adds exactly (SQLite
-- keeps charged as an INTEGER count of 1e-10 dollars instead).
CREATE TABLE account_charges (
    account_id TEXT            NOT NULL REFERENCES accounts (id),
    day        TEXT            NOT NULL,
    model      TEXT            NOT NULL,
    charged    NUMERIC(24, 10) NOT NULL,
    requests   BIGINT          NOT NULL,
    PRIMARY KEY (account_id, day, model)
);
