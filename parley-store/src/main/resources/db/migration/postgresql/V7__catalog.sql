-- Providers and models created through the admin API (the configuration file's own are never stored).
--
-- A provider's keys are a JSON array of sealed texts (AES-256-GCM, "v1." + base64url, sealed by the server with a
-- key derived from the server secret and bound to the provider's name): the database never holds a plaintext key.
-- headers is a JSON object of strings; timeouts and health_check are JSON objects, and a model's routes (a JSON
-- array), fallbacks (a JSON array of model names), retries and timeouts are JSON, all in the shape the
-- configuration file gives them, read whole and never queried inside. Times are microseconds since the epoch.
-- Which providers a model routes to is checked by the server on the merged catalog (the file's and these), which
-- the database cannot see, so no foreign key ties models to providers.

CREATE TABLE providers (
    name         TEXT    NOT NULL PRIMARY KEY,
    type         TEXT    NOT NULL,
    base_url     TEXT,
    keys         TEXT    NOT NULL,
    headers      TEXT    NOT NULL,
    region       TEXT,
    rpm          BIGINT,
    tpm          BIGINT,
    timeouts     TEXT    NOT NULL,
    health_check TEXT    NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE models (
    name       TEXT    NOT NULL PRIMARY KEY,
    routes     TEXT    NOT NULL,
    fallbacks  TEXT    NOT NULL,
    retries    TEXT    NOT NULL,
    timeouts   TEXT    NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
