//! The database handle: SQLite (embedded default) or PostgreSQL, chosen by the URL scheme.

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::{
    postgres::{PgConnectOptions, PgPool, PgPoolOptions},
    sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
    },
    Postgres, Sqlite, Transaction,
};
use std::{str::FromStr, time::Duration};

/// Runs `$body` with `$pool` bound to the concrete pool of either backend. The body is
/// compiled once per backend, so the same SQL text gets each driver's native types.
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::stores::db::Db::Sqlite($pool) => $body,
            $crate::stores::db::Db::Postgres($pool) => $body,
        }
    };
}

/// As [`on_db!`], with `$conn` bound to the open transaction (use `&mut **$conn`).
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::stores::db::Tx::Sqlite($conn) => $body,
            $crate::stores::db::Tx::Postgres($conn) => $body,
        }
    };
}

pub(crate) use {on_db, on_tx};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a `DATABASE_URL` names; anything else is refused rather than guessed.
    pub fn from_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }
}

#[derive(Clone, Debug)]
pub struct DbOptions {
    pub url: String,
    pub max_connections: u32,
    /// How long a request waits for a free connection before it is answered 503.
    pub acquire_timeout: Duration,
    /// PostgreSQL: the server cancels a statement running longer than this.
    pub statement_timeout: Duration,
}

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open write transaction. SQLite's begins `IMMEDIATE`, taking the write lock up front, so
/// concurrent read-then-write transactions queue (busy timeout) instead of failing.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Db {
    pub async fn connect(options: &DbOptions) -> Result<Self, sqlx::Error> {
        match Backend::from_url(&options.url) {
            Some(Backend::Sqlite) => {
                let connect = SqliteConnectOptions::from_str(&options.url)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    // NORMAL in WAL mode loses nothing on a process crash (kill -9); only a
                    // power cut can drop the last commits.
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(5))
                    .foreign_keys(true);
                if let Some(dir) = connect.get_filename().parent() {
                    if !dir.as_os_str().is_empty() {
                        std::fs::create_dir_all(dir)?;
                    }
                }
                let pool = SqlitePoolOptions::new()
                    .max_connections(options.max_connections)
                    .acquire_timeout(options.acquire_timeout)
                    .connect_with(connect)
                    .await?;
                Ok(Self::Sqlite(pool))
            }
            Some(Backend::Postgres) => {
                let timeout_ms = options.statement_timeout.as_millis().to_string();
                let connect = PgConnectOptions::from_str(&options.url)?
                    .application_name("customer-accounts")
                    .options([("statement_timeout", timeout_ms.as_str())]);
                let pool = PgPoolOptions::new()
                    .max_connections(options.max_connections)
                    .acquire_timeout(options.acquire_timeout)
                    .connect_with(connect)
                    .await?;
                Ok(Self::Postgres(pool))
            }
            None => Err(sqlx::Error::Configuration(
                format!(
                    "unsupported DATABASE_URL {:?}: use sqlite://… or postgres://…",
                    redact(&options.url)
                )
                .into(),
            )),
        }
    }

    /// Applies the migrations of `migrations/<backend>/` that have not run yet, then writes
    /// the search keys SQL cannot (see [`super::customer_search::fill_missing_keys`]).
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Self::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await?,
            Self::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await?,
        }
        super::customer_search::fill_missing_keys(self)
            .await
            .map_err(sqlx::migrate::MigrateError::Execute)?;
        Ok(())
    }

    /// One round trip: is the database answering?
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Self::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }

    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        on_tx!(self, tx => tx.commit().await)
    }

    /// What a `SELECT` appends to lock the rows it reads until commit: `FOR UPDATE` on
    /// PostgreSQL; nothing on SQLite, whose `BEGIN IMMEDIATE` already holds the write lock.
    pub fn row_lock(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "",
            Self::Postgres(_) => " FOR UPDATE",
        }
    }
}

/// The current time at the precision Medusa's wire shows (milliseconds), so what is stored
/// is exactly what is returned.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(3)
}

/// The unique constraints whose violation means "already exists" rather than a bug. Each has
/// the same name in both migration trees; SQLite reports the columns instead of the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unique {
    CustomerEmail,
    IdentityEmail,
    AdminUserEmail,
    CustomerGroupName,
}

impl Unique {
    fn postgres_name(self) -> &'static str {
        match self {
            Self::CustomerEmail => "customer_email_has_account_unique",
            Self::IdentityEmail => "auth_identity_email_unique",
            Self::AdminUserEmail => "admin_user_email_unique",
            Self::CustomerGroupName => "customer_group_name_unique",
        }
    }

    fn sqlite_columns(self) -> &'static str {
        match self {
            Self::CustomerEmail => "customer.email_normalized, customer.has_account",
            Self::IdentityEmail => {
                "auth_identity.provider, auth_identity.actor_type, auth_identity.email_normalized"
            }
            Self::AdminUserEmail => "admin_user.email_normalized",
            Self::CustomerGroupName => "customer_group.name",
        }
    }

    pub fn is_violated_by(self, error: &sqlx::Error) -> bool {
        let sqlx::Error::Database(db_error) = error else {
            return false;
        };
        if !db_error.is_unique_violation() {
            return false;
        }
        match db_error.constraint() {
            Some(name) => name == self.postgres_name(),
            None => db_error.message().ends_with(self.sqlite_columns()),
        }
    }
}

/// A database error as the domain sees it: the database being unreachable is a 503 the
/// client may retry; anything else is our bug.
impl From<sqlx::Error> for crate::error::Error {
    fn from(error: sqlx::Error) -> Self {
        if is_unavailable(&error) {
            Self::Unavailable(error.into())
        } else {
            Self::Internal(error.into())
        }
    }
}

/// Errors that mean "the database is down or overloaded", answered 503 and retried by
/// clients, as opposed to bugs (500).
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db_error) => {
            let code = db_error.code().unwrap_or_default();
            // PostgreSQL: connection exceptions (08…), shutdown/cannot-connect (57P0…),
            // too many connections, statement timeout. SQLite: busy/locked past the timeout.
            code.starts_with("08")
                || code.starts_with("57P0")
                || code == "53300"
                || code == "57014"
                || code == "5"
                || code == "6"
                || code == "517"
        }
        _ => false,
    }
}

/// The URL with any password replaced, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_follows_the_url_scheme() {
        assert_eq!(
            Backend::from_url("sqlite://data/x.db"),
            Some(Backend::Sqlite)
        );
        assert_eq!(Backend::from_url("sqlite::memory:"), Some(Backend::Sqlite));
        assert_eq!(
            Backend::from_url("postgres://postgres@127.0.0.1/x"),
            Some(Backend::Postgres)
        );
        assert_eq!(Backend::from_url("mysql://x"), None);
    }

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/shop"),
            "postgres://app:***@db:5432/shop"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
    }

    #[test]
    fn now_has_millisecond_precision() {
        assert_eq!(now().timestamp_subsec_nanos() % 1_000_000, 0);
    }
}
