-- Sign-in and sign-up attempt counters (see app/src/stores/throttle.rs), kept in the database
-- so that limits hold across restarts and across instances.
-- Same table and column names as migrations/sqlite/0002_*.sql.

CREATE TABLE auth_throttle (
    key    TEXT PRIMARY KEY,   -- "account:<email>" or "address:<ip>"
    tat_ms BIGINT NOT NULL     -- when the bucket is full again, epoch milliseconds
);

CREATE INDEX auth_throttle_tat_idx ON auth_throttle (tat_ms);
