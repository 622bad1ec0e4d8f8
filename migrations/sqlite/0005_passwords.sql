-- Passwords: changing one ends the login's other credentials, and a forgotten one can be
-- reset with a single-use emailed token (see app/src/services/passwords.rs).
-- Same table, column and index names as migrations/postgres/0005_*.sql. Times are RFC 3339
-- text in UTC (milliseconds), so they compare in time order.

-- Bearer tokens of this login issued before this time (compared in whole seconds, as a
-- token's `iat` is) are refused. NULL: none revoked.
ALTER TABLE auth_identity ADD COLUMN tokens_valid_after TEXT;

-- Outstanding password-reset tokens: at most one per login (a new one replaces it). Only the
-- SHA-256 of the token's `jti` is kept; the row is deleted when the token is used.
CREATE TABLE auth_password_reset_token (
    id               TEXT PRIMARY KEY NOT NULL,            -- authprt_<ULID>
    auth_identity_id TEXT NOT NULL REFERENCES auth_identity (id) ON DELETE CASCADE,
    token_hash       TEXT NOT NULL,                        -- hex SHA-256 of the JWT's jti
    expires_at       TEXT NOT NULL,
    created_at       TEXT NOT NULL
);

CREATE UNIQUE INDEX auth_password_reset_token_hash_unique
    ON auth_password_reset_token (token_hash);
CREATE INDEX auth_password_reset_token_identity_idx
    ON auth_password_reset_token (auth_identity_id);
CREATE INDEX auth_password_reset_token_expires_idx
    ON auth_password_reset_token (expires_at);

-- Which login each signed-in session belongs to, so that a password change or reset can end
-- the login's other sessions. Rows go when their session is deleted or has expired.
CREATE TABLE auth_session_owner (
    session_id       TEXT PRIMARY KEY NOT NULL,            -- the session store's id
    auth_identity_id TEXT NOT NULL REFERENCES auth_identity (id) ON DELETE CASCADE,
    created_at       TEXT NOT NULL
);

CREATE INDEX auth_session_owner_identity_idx ON auth_session_owner (auth_identity_id);
