-- The order read model: orders placed by the shop's commerce backend, imported here
-- (`server import-orders`) so that customers see their order history. Same table, column,
-- constraint and index names as migrations/sqlite/0007_*.sql. The table is `customer_order`
-- because `order` is an SQL keyword. Amounts are integers in the currency's minor unit
-- (cents, yen), never floats. Times are TIMESTAMPTZ.

CREATE TABLE customer_order (
    id                 TEXT PRIMARY KEY,                    -- order_<ULID> (the backend's id)
    display_id         BIGINT NOT NULL,                     -- the number people quote: #1001
    customer_id        TEXT REFERENCES customer (id) ON DELETE SET NULL,
    email              TEXT,                                -- as the order had it
    email_normalized   TEXT,                                -- trimmed, lower-case, for linking
    currency_code      TEXT NOT NULL,                       -- lower-case ISO 4217
    status             TEXT NOT NULL,
    payment_status     TEXT NOT NULL,
    fulfillment_status TEXT NOT NULL,
    is_draft_order     BOOLEAN NOT NULL DEFAULT FALSE,
    region_id          TEXT,
    sales_channel_id   TEXT,
    subtotal           BIGINT NOT NULL,                     -- minor units
    shipping_total     BIGINT NOT NULL,
    tax_total          BIGINT NOT NULL,
    discount_total     BIGINT NOT NULL,
    total              BIGINT NOT NULL,
    item_count         BIGINT NOT NULL,                     -- units over all lines
    shipping_methods   JSONB NOT NULL DEFAULT '[]',         -- JSON [{name, amount}]
    metadata           JSONB,                               -- JSON object
    canceled_at        TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    -- The whole order as the pages and the API read it (these columns, its items, addresses
    -- and shipping methods), as JSON text written by the importer with the rows below. A page
    -- of orders is then one short query that joins texts, where assembling them from the
    -- item and address rows cost five times as much (docs/benchmarks.md). The columns and
    -- the item and address tables stay the queryable form; nothing else writes either.
    document           TEXT NOT NULL
);

-- Display ids are what people quote, so two orders must never share one; the importer reports
-- a clash as a bad line before it reaches this index.
CREATE UNIQUE INDEX customer_order_display_id_unique ON customer_order (display_id);
-- The hot query: a customer's orders newest first (the account pages), read backwards for
-- oldest first; the id breaks ties so that pages never overlap.
CREATE INDEX customer_order_customer_created_idx
    ON customer_order (customer_id, created_at, id);
-- A customer's orders in id order (Medusa's default list order), one order by id for its
-- owner, and the foreign key's look-up when a customer row is deleted.
CREATE INDEX customer_order_customer_id_idx ON customer_order (customer_id, id);
-- A person's orders by email, however it was cased: linking orders to an account.
CREATE INDEX customer_order_email_idx ON customer_order (email_normalized);

CREATE TABLE order_line_item (
    id             TEXT NOT NULL,                           -- the backend's line id (ordli_…)
    order_id       TEXT NOT NULL REFERENCES customer_order (id) ON DELETE CASCADE,
    position       BIGINT NOT NULL,                         -- 0-based, as the order listed them
    title          TEXT NOT NULL,
    subtitle       TEXT,
    thumbnail      TEXT,
    variant_id     TEXT,
    product_id     TEXT,
    variant_sku    TEXT,
    variant_title  TEXT,
    quantity       BIGINT NOT NULL,
    unit_price     BIGINT NOT NULL,                         -- minor units
    subtotal       BIGINT NOT NULL,
    tax_total      BIGINT NOT NULL,
    discount_total BIGINT NOT NULL,
    total          BIGINT NOT NULL,
    metadata       JSONB,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    -- The items of a page's orders are read with `order_id IN (…)`: this key serves that
    -- look-up, and line ids need only be unique within their order.
    CONSTRAINT order_line_item_pkey PRIMARY KEY (order_id, id)
);

-- A copy of the shipping or billing address as it was on the order: later address-book
-- edits do not change past orders.
CREATE TABLE order_address (
    order_id     TEXT NOT NULL REFERENCES customer_order (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('shipping', 'billing')),
    id           TEXT NOT NULL,                             -- the backend's address id
    first_name   TEXT,
    last_name    TEXT,
    company      TEXT,
    address_1    TEXT,
    address_2    TEXT,
    city         TEXT,
    province     TEXT,
    postal_code  TEXT,
    country_code TEXT,
    phone        TEXT,
    metadata     JSONB,
    -- One of each kind per order; the key also serves the `order_id IN (…)` look-up.
    CONSTRAINT order_address_pkey PRIMARY KEY (order_id, kind)
);
