-- Clients that have signed in to a login with its password before (see
-- app/src/stores/known_clients.rs): a correct password from one of them is not refused when
-- strangers have spent the account's sign-in allowance, so nobody can lock the owner out.
-- Same table and column names as migrations/sqlite/0003_*.sql.

CREATE TABLE auth_known_client (
    auth_identity_id TEXT NOT NULL REFERENCES auth_identity (id) ON DELETE CASCADE,
    client_key       TEXT NOT NULL,  -- "address:<IPv4 or IPv6 /64>" or "device:<SHA-256 of the device cookie>"
    last_seen_ms     BIGINT NOT NULL,  -- last successful sign-in, epoch milliseconds
    PRIMARY KEY (auth_identity_id, client_key)
);

CREATE INDEX auth_known_client_seen_idx ON auth_known_client (last_seen_ms);
