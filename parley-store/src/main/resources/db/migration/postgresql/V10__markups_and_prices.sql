-- What each team, project or key is charged on top of the providers' prices, and the prices set through the admin
-- API. As elsewhere, times are integers (microseconds since 1970-01-01T00:00:00Z, UTC) and money is NUMERIC.

-- A markup (positive, a service fee) or discount (negative) in percent, from -100 to 1000, on one team, project or
-- key, instead of the configuration's markup_percent; the most specific one wins. Deleted with its scope.
CREATE TABLE markups (
    scope_kind TEXT    NOT NULL CHECK (scope_kind IN ('key', 'project', 'team')),
    scope_id   TEXT    NOT NULL,
    percent    NUMERIC NOT NULL,
    updated_at BIGINT  NOT NULL,
    PRIMARY KEY (scope_kind, scope_id)
);

-- An operator's price for one upstream model of one provider, in dollars per million tokens, as the configuration's
-- `prices:` entries are; NULL cache prices are the input price (or, for 1h cache writes, the cache-write price).
CREATE TABLE prices (
    provider       TEXT    NOT NULL,
    model          TEXT    NOT NULL,
    input          NUMERIC NOT NULL,
    output         NUMERIC NOT NULL,
    cache_read     NUMERIC,
    cache_write    NUMERIC,
    cache_write_1h NUMERIC,
    updated_at     BIGINT  NOT NULL,
    PRIMARY KEY (provider, model)
);

-- Every price version rows were billed at, with the operator's prices it had (a JSON array in the `prices:` shape;
-- the rest is the bundled price data the version's hash also covers), so that a row's price_version explains its
-- cost after the prices change. Written when a version is first used, never changed.
CREATE TABLE price_versions (
    version       TEXT   NOT NULL PRIMARY KEY,
    prices        TEXT   NOT NULL,
    first_used_at BIGINT NOT NULL
);
