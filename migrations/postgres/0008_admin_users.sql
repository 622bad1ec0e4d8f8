-- Admin users (Medusa's `user`, actor type `user`) and their logins.
-- Same table, column and constraint names as migrations/sqlite/0008_*.sql.
--
-- The table is `admin_user`, not Medusa's `user`: that word is reserved in PostgreSQL and
-- would need quoting in every statement. Admins are made with `server create-admin`.

CREATE TABLE admin_user (
    id               TEXT PRIMARY KEY,                     -- user_<ULID>
    email            TEXT NOT NULL,                        -- as entered
    email_normalized TEXT NOT NULL,                        -- lower-case, for uniqueness
    first_name       TEXT,
    last_name        TEXT,
    avatar_url       TEXT,
    metadata         JSONB,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    deleted_at       TIMESTAMPTZ
);

-- One live admin per email (case-insensitive).
CREATE UNIQUE INDEX admin_user_email_unique
    ON admin_user (email_normalized) WHERE deleted_at IS NULL;

-- A login is for one actor type: a customer's and an admin's login may share an email and
-- have separate passwords (Medusa shares one identity between them; we do not, so that a
-- customer's password never opens the back office). Existing logins are customers'.
ALTER TABLE auth_identity ADD COLUMN actor_type TEXT NOT NULL DEFAULT 'customer'
    CONSTRAINT auth_identity_actor_type_check CHECK (actor_type IN ('customer', 'user'));

DROP INDEX auth_identity_email_unique;
CREATE UNIQUE INDEX auth_identity_email_unique
    ON auth_identity (provider, actor_type, email_normalized);
-- `user_id` (in the table since 0001) links an admin's login; one login per admin. The
-- service writes both rows in one transaction (SQLite cannot add a foreign key to an
-- existing column, so neither database has one here).
CREATE UNIQUE INDEX auth_identity_user_unique
    ON auth_identity (user_id) WHERE user_id IS NOT NULL;

-- One browser session may be signed in as a customer and as an admin at once, so a session
-- has one owner row per login signed in to it.
ALTER TABLE auth_session_owner
    DROP CONSTRAINT auth_session_owner_pkey,
    ADD CONSTRAINT auth_session_owner_pkey PRIMARY KEY (session_id, auth_identity_id);
