-- The admin customer list at scale (issue 12): a search key for `q`, a trigram index over it,
-- and one index per filter and order of the list, all over LIVE customers (the list never
-- shows a soft-deleted one, so indexes that leave them out stay smaller and every query of
-- the list, which says `deleted_at IS NULL`, may use them).
-- Same column and index names as migrations/sqlite/0010_*.sql where the two have the same
-- thing; the search index differs (pg_trgm here, FTS5 there).

-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: the database's owner
-- may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- `q` looks for every word in the first name, last name, email, company or phone, in any
-- case. The app writes `search_text`: those five values lower-cased by Rust's Unicode rules
-- (the same on both backends, whatever the database's locale) and joined by a line feed,
-- which no word can hold (words are split on whitespace), so a word never matches across two
-- values. NULL until the app fills it: at start-up, right after this migration, for the rows
-- that exist already (`customer_search::fill_missing_keys`); every write of those columns
-- writes it too. Stored lower-cased, so no query recomputes lower() on 100 000 rows.
ALTER TABLE customer ADD COLUMN search_text TEXT;

-- `search_text LIKE '%word%'` for a word of 3 or more characters: the index yields the rows
-- holding all of the word's trigrams (a bitmap), and the heap recheck keeps the real
-- substrings. Words of 1 or 2 characters have no trigram: they are checked with strpos() on
-- the rows the longer words selected, or on every live row when the search has no longer
-- word (a sequential scan).
CREATE INDEX customer_search_trgm ON customer USING gin (search_text gin_trgm_ops)
    WHERE deleted_at IS NULL;

-- Pages: `ORDER BY <column> <dir>, id <dir> LIMIT n` walks one of these in either direction
-- (NULLs last ascending, first descending: the btree's own order) and stops after n live
-- rows (with a filter, after n matching ones). The id one also serves the default list's
-- count (an index-only scan of the smallest index holding every live row), created_at and
-- updated_at their ranges, has_account its filter's count.
CREATE INDEX customer_live_id ON customer (id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_created_at ON customer (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_updated_at ON customer (updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_has_account ON customer (has_account, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_email ON customer (email, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_first_name ON customer (first_name, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_last_name ON customer (last_name, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_company_name ON customer (company_name, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_phone ON customer (phone, id) WHERE deleted_at IS NULL;

-- Already there and used by the list: `customer_email_has_account_unique` (the `email`
-- filter, by its normalized form), `customer_group_customer_pair_unique` (a group's members
-- in customer order: the `groups` filter and its count, index-only, since a soft delete ends
-- a customer's memberships and the table holds live customers only).
