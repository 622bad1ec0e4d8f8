-- Customers, their login identities and their addresses.
-- Same table, column and constraint names as migrations/postgres/0001_*.sql; the store code
-- relies on the constraint names to tell "already exists" from a bug.

CREATE TABLE customer (
    id               TEXT PRIMARY KEY NOT NULL,            -- cus_<ULID>
    email            TEXT,                                 -- as entered
    email_normalized TEXT,                                 -- lower-case, for uniqueness and look-ups
    company_name     TEXT,
    first_name       TEXT,
    last_name        TEXT,
    phone            TEXT,
    has_account      BOOLEAN NOT NULL DEFAULT 0,
    metadata         TEXT,                                 -- JSON object
    created_by       TEXT,
    created_at       TEXT NOT NULL,                        -- RFC 3339, UTC, milliseconds
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT
);

-- At most one live registered and one live guest customer per email (case-insensitive).
CREATE UNIQUE INDEX customer_email_has_account_unique
    ON customer (email_normalized, has_account) WHERE deleted_at IS NULL;

-- An email + password login. It becomes a customer's once linked (customer_id).
CREATE TABLE auth_identity (
    id               TEXT PRIMARY KEY NOT NULL,            -- authid_<ULID>
    provider         TEXT NOT NULL DEFAULT 'emailpass',
    email            TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    password_hash    TEXT NOT NULL,                        -- argon2id PHC string
    customer_id      TEXT REFERENCES customer (id) ON DELETE SET NULL,
    user_id          TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE UNIQUE INDEX auth_identity_email_unique
    ON auth_identity (provider, email_normalized);
CREATE UNIQUE INDEX auth_identity_customer_unique
    ON auth_identity (customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE customer_address (
    id                  TEXT PRIMARY KEY NOT NULL,         -- cuaddr_<ULID>
    customer_id         TEXT NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    address_name        TEXT,
    is_default_shipping BOOLEAN NOT NULL DEFAULT 0,
    is_default_billing  BOOLEAN NOT NULL DEFAULT 0,
    company             TEXT,
    first_name          TEXT,
    last_name           TEXT,
    address_1           TEXT,
    address_2           TEXT,
    city                TEXT,
    country_code        TEXT,
    province            TEXT,
    postal_code         TEXT,
    phone               TEXT,
    metadata            TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT
);

CREATE INDEX customer_address_customer_id ON customer_address (customer_id);
-- One default shipping and one default billing address per customer, enforced here too.
CREATE UNIQUE INDEX customer_address_default_shipping_unique
    ON customer_address (customer_id) WHERE is_default_shipping;
CREATE UNIQUE INDEX customer_address_default_billing_unique
    ON customer_address (customer_id) WHERE is_default_billing;
