//! The session store: tower-sessions' SQLite or PostgreSQL store over the app's own pool,
//! so sessions live in the same database as everything else.
//!
//! PostgreSQL is for several app instances sharing one database, so every session read goes
//! to the database: a session ended on one instance is ended on all. A SQLite file belongs to
//! one server process, which therefore also keeps sessions in a bounded in-memory cache
//! (written through, so the database stays the record and a restart loses nothing).
//!
//! Every signed-in session's owner (the login) is recorded in `auth_session_owner`; the row
//! goes when the session is deleted here or swept as expired.

use async_trait::async_trait;
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, ExpiredDeletion},
    CachingSessionStore, SessionStore,
};
use tower_sessions_moka_store::MokaStore;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use super::{db::Db, session_owners};

/// Sessions kept in memory at most (LRU beyond); each costs well under a kilobyte.
const CACHED_SESSIONS: u64 = 50_000;

#[derive(Clone, Debug)]
pub struct Sessions {
    store: Store,
    db: Db,
}

#[derive(Clone, Debug)]
enum Store {
    Sqlite {
        cached: CachingSessionStore<MokaStore, SqliteStore>,
        database: SqliteStore,
    },
    Postgres(PostgresStore),
}

impl Sessions {
    pub fn new(db: &Db) -> Self {
        let store = match db {
            Db::Sqlite(pool) => {
                let database = SqliteStore::new(pool.clone());
                Store::Sqlite {
                    cached: CachingSessionStore::new(
                        MokaStore::new(Some(CACHED_SESSIONS)),
                        database.clone(),
                    ),
                    database,
                }
            }
            Db::Postgres(pool) => Store::Postgres(PostgresStore::new(pool.clone())),
        };
        Self {
            store,
            db: db.clone(),
        }
    }

    /// Creates the session table if it is missing.
    pub async fn migrate(&self) -> Result<(), sqlx::Error> {
        match &self.store {
            Store::Sqlite { database, .. } => database.migrate().await,
            Store::Postgres(store) => store.migrate().await,
        }
    }
}

fn backend(error: sqlx::Error) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match &self.store {
            Store::Sqlite { cached, .. } => cached.create(record).await,
            Store::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match &self.store {
            Store::Sqlite { cached, .. } => cached.save(record).await,
            Store::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match &self.store {
            Store::Sqlite { cached, .. } => cached.load(id).await,
            Store::Postgres(store) => store.load(id).await,
        }
    }

    /// Deletes the session (from the cache too) and forgets its owner.
    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match &self.store {
            Store::Sqlite { cached, .. } => cached.delete(id).await?,
            Store::Postgres(store) => store.delete(id).await?,
        }
        session_owners::forget(&self.db, &id.to_string())
            .await
            .map_err(backend)
    }
}

/// Expired rows are swept from the database, and their owners forgotten; the cache drops
/// entries at their expiry itself.
#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match &self.store {
            Store::Sqlite { database, .. } => database.delete_expired().await?,
            Store::Postgres(store) => store.delete_expired().await?,
        }
        session_owners::forget_ended(&self.db)
            .await
            .map(drop)
            .map_err(backend)
    }
}
