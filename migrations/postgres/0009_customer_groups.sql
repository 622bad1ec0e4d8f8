-- Customer groups and their members (Medusa's `customer_group`, `customer_group_customer`).
-- Same table, column and constraint names as migrations/sqlite/0009_*.sql; the store code
-- relies on `customer_group_name_unique` to tell "already exists" from a bug.

CREATE TABLE customer_group (
    id          TEXT PRIMARY KEY,                 -- cusgroup_<ULID>
    name        TEXT NOT NULL,
    metadata    JSONB,
    created_by  TEXT,                                      -- the admin's user_<ULID>
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    deleted_at  TIMESTAMPTZ
);

-- One live group per name, exact and case-sensitive (as in Medusa); a deleted group's name
-- is free again. Also serves the list's `name` filter.
CREATE UNIQUE INDEX customer_group_name_unique
    ON customer_group (name) WHERE deleted_at IS NULL;

-- Membership is a set (Medusa allows duplicate pairs and de-duplicates on read; we refuse
-- them): a row is written only while its pair is absent. Deleting a group deletes its rows.
CREATE TABLE customer_group_customer (
    id                TEXT PRIMARY KEY,           -- cusgc_<ULID>
    customer_id       TEXT NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    customer_group_id TEXT NOT NULL REFERENCES customer_group (id) ON DELETE CASCADE,
    created_by        TEXT,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);

-- The set rule, the target of `ON CONFLICT … DO NOTHING`, and the look-up of a group's
-- members (its leading column).
CREATE UNIQUE INDEX customer_group_customer_pair_unique
    ON customer_group_customer (customer_group_id, customer_id);
-- A customer's groups (the admin customer filter `groups`, `*groups`) and the cascade when a
-- customer row is removed.
CREATE INDEX customer_group_customer_customer_id
    ON customer_group_customer (customer_id);
