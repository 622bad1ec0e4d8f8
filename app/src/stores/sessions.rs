//! The session store: tower-sessions' SQLite or PostgreSQL store over the app's own pool,
//! so sessions live in the same database as everything else.
//!
//! PostgreSQL is for several app instances sharing one database, so every session read goes
//! to the database: a session ended on one instance is ended on all. A SQLite file belongs to
//! one server process, which therefore also keeps sessions in a bounded in-memory cache
//! (written through, so the database stays the record and a restart loses nothing).

use async_trait::async_trait;
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, ExpiredDeletion},
    CachingSessionStore, SessionStore,
};
use tower_sessions_moka_store::MokaStore;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use super::db::Db;

/// Sessions kept in memory at most (LRU beyond); each costs well under a kilobyte.
const CACHED_SESSIONS: u64 = 50_000;

#[derive(Clone, Debug)]
pub enum Sessions {
    Sqlite {
        cached: CachingSessionStore<MokaStore, SqliteStore>,
        database: SqliteStore,
    },
    Postgres(PostgresStore),
}

impl Sessions {
    pub fn new(db: &Db) -> Self {
        match db {
            Db::Sqlite(pool) => {
                let database = SqliteStore::new(pool.clone());
                Self::Sqlite {
                    cached: CachingSessionStore::new(
                        MokaStore::new(Some(CACHED_SESSIONS)),
                        database.clone(),
                    ),
                    database,
                }
            }
            Db::Postgres(pool) => Self::Postgres(PostgresStore::new(pool.clone())),
        }
    }

    /// Creates the session table if it is missing.
    pub async fn migrate(&self) -> Result<(), sqlx::Error> {
        match self {
            Self::Sqlite { database, .. } => database.migrate().await,
            Self::Postgres(store) => store.migrate().await,
        }
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite { cached, .. } => cached.create(record).await,
            Self::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite { cached, .. } => cached.save(record).await,
            Self::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Sqlite { cached, .. } => cached.load(id).await,
            Self::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Sqlite { cached, .. } => cached.delete(id).await,
            Self::Postgres(store) => store.delete(id).await,
        }
    }
}

/// Expired rows are swept from the database; the cache drops entries at their expiry itself.
#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Self::Sqlite { database, .. } => database.delete_expired().await,
            Self::Postgres(store) => store.delete_expired().await,
        }
    }
}
