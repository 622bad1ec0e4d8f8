-- Publishable API keys: every /store/* request carries one in `x-publishable-api-key` (see
-- app/src/services/publishable_keys.rs). They identify a storefront, they are not secrets:
-- the token is stored as is so that it can be listed.
-- Same table, column and constraint names as migrations/postgres/0004_*.sql.

CREATE TABLE publishable_api_key (
    id         TEXT PRIMARY KEY NOT NULL,  -- apk_<ULID>
    title      TEXT NOT NULL,
    token      TEXT NOT NULL,              -- "pk_" + 64 lower-case hex digits
    created_at TEXT NOT NULL,              -- RFC 3339, UTC, milliseconds
    revoked_at TEXT                        -- set once; a revoked key is never valid again
);

CREATE UNIQUE INDEX publishable_api_key_token_unique ON publishable_api_key (token);
