//! SQL for `auth_session_owner`: which logins each signed-in session belongs to (one per
//! actor slot: a customer's and an admin's), so that a password change or reset can find
//! and end the login's other sessions.

use chrono::{DateTime, Utc};

use super::db::{on_db, Db};
use crate::shared::AuthIdentityId;

/// Records that session `session_id` is signed in to `identity`.
pub async fn record(
    db: &Db,
    session_id: &str,
    identity: &AuthIdentityId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query(
            "INSERT INTO auth_session_owner (session_id, auth_identity_id, created_at) \
             VALUES ($1, $2, $3) ON CONFLICT (session_id, auth_identity_id) \
             DO UPDATE SET created_at = excluded.created_at",
        )
        .bind(session_id)
        .bind(identity.as_str())
        .bind(now)
        .execute(pool)
        .await
        .map(drop)
    })
}

/// The sessions signed in to `identity`.
pub async fn sessions_of(db: &Db, identity: &AuthIdentityId) -> Result<Vec<String>, sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query_scalar(
            "SELECT session_id FROM auth_session_owner WHERE auth_identity_id = $1",
        )
        .bind(identity.as_str())
        .fetch_all(pool)
        .await
    })
}

/// Forgets a session that was deleted: every login's row for it.
pub async fn forget(db: &Db, session_id: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query("DELETE FROM auth_session_owner WHERE session_id = $1")
            .bind(session_id)
            .execute(pool)
            .await
            .map(drop)
    })
}

/// Forgets the sessions the session store no longer holds (expired and swept). The store's
/// table is tower-sessions' own: `tower_sessions` on SQLite, `tower_sessions.session` on
/// PostgreSQL.
pub async fn forget_ended(db: &Db) -> Result<u64, sqlx::Error> {
    let sql = |sessions: &str| {
        format!(
            "DELETE FROM auth_session_owner WHERE NOT EXISTS \
             (SELECT 1 FROM {sessions} s WHERE s.id = auth_session_owner.session_id)"
        )
    };
    match db {
        Db::Sqlite(pool) => sqlx::query(&sql("tower_sessions"))
            .execute(pool)
            .await
            .map(|done| done.rows_affected()),
        Db::Postgres(pool) => sqlx::query(&sql("\"tower_sessions\".\"session\""))
            .execute(pool)
            .await
            .map(|done| done.rows_affected()),
    }
}
