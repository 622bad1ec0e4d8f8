-- The admin customer list at scale (issue 12): a search key for `q`, a trigram index over it,
-- and one index per filter and order of the list, all over LIVE customers (the list never
-- shows a soft-deleted one, so indexes that leave them out stay smaller and every query of
-- the list, which says `deleted_at IS NULL`, may use them).
-- Same column and index names as migrations/postgres/0010_*.sql where the two have the same
-- thing; the search index differs (FTS5 here, pg_trgm there).

-- `q` looks for every word in the first name, last name, email, company or phone, in any
-- case. The app writes `search_text`: those five values lower-cased by Rust's Unicode rules
-- (SQLite's LOWER folds ASCII only) and joined by a line feed, which no word can hold (words
-- are split on whitespace), so a word never matches across two values. NULL until the app
-- fills it: at start-up, right after this migration, for the rows that exist already
-- (`customer_search::fill_missing_keys`); every write of those columns writes it too.
ALTER TABLE customer ADD COLUMN search_text TEXT;

-- A trigram index of the live customers' keys: a word of 3 or more characters is a phrase
-- of its trigrams, answered from the index alone (`"ann"` → the rows holding "ann" anywhere).
-- case_sensitive 1: the key and the words are lower-cased by the app already, so a match is
-- exactly "the lower-cased word occurs in the key" (what PostgreSQL's LIKE checks), without
-- FTS5's own folding adding matches of its own. Contentless (the key is not stored twice),
-- rows deletable by rowid (SQLite 3.43+; sqlx bundles 3.46); its rowid is the customer
-- row's. Words of 1 or 2 characters have no trigram: they are checked with instr() on the
-- rows the longer words selected, or on every live row when the search has no longer word
-- (a scan of the table, tens of milliseconds at 100 000 customers).
-- VACUUM keeps the rowids of a table that has indexes (it copies them), so the index stays
-- valid; were it ever out of step, `UPDATE customer SET search_text = NULL` then a restart
-- (which fills the keys again, the triggers re-indexing each row) rebuilds it.
CREATE VIRTUAL TABLE customer_search USING fts5(
    search_text,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram case_sensitive 1'
);

-- The index holds live customers only, so a search counts its matches without visiting
-- the table, and a soft delete takes the customer out of it.
CREATE TRIGGER customer_search_insert AFTER INSERT ON customer
WHEN new.deleted_at IS NULL AND new.search_text IS NOT NULL BEGIN
    INSERT INTO customer_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

CREATE TRIGGER customer_search_update AFTER UPDATE OF search_text, deleted_at ON customer BEGIN
    DELETE FROM customer_search WHERE rowid = old.rowid;
    INSERT INTO customer_search (rowid, search_text)
        SELECT new.rowid, new.search_text
        WHERE new.deleted_at IS NULL AND new.search_text IS NOT NULL;
END;

CREATE TRIGGER customer_search_delete AFTER DELETE ON customer BEGIN
    DELETE FROM customer_search WHERE rowid = old.rowid;
END;

-- Pages: `ORDER BY <column> <dir>, id <dir> LIMIT n` walks one of these in either direction
-- and stops after n live rows (with a filter, after n matching ones). SQLite puts NULLs first
-- and cannot serve PostgreSQL's order (NULLs last ascending, first descending) from a plain
-- index, so the store orders nullable columns by `<column> IS NULL, <column>, id` and these
-- indexes have that shape. The id and created_at ones also serve the default list's count
-- (the smallest index holding every live row) and the created_at/updated_at ranges.
CREATE INDEX customer_live_id ON customer (id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_created_at ON customer (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_updated_at ON customer (updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_has_account ON customer (has_account, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_email
    ON customer (email IS NULL, email, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_first_name
    ON customer (first_name IS NULL, first_name, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_last_name
    ON customer (last_name IS NULL, last_name, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_company_name
    ON customer (company_name IS NULL, company_name, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_phone
    ON customer (phone IS NULL, phone, id) WHERE deleted_at IS NULL;

-- Already there and used by the list: `customer_email_has_account_unique` (the `email`
-- filter, by its normalized form), `customer_group_customer_pair_unique` (a group's members
-- in customer order: the `groups` filter and its count, index-only, since a soft delete ends
-- a customer's memberships and the table holds live customers only).
