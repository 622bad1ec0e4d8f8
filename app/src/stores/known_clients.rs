//! SQL for `auth_known_client`: which clients (an address, a device cookie) have signed in to
//! a login with its password, and when last.

use super::db::{on_db, Db};
use crate::shared::AuthIdentityId;

/// Most clients remembered per login; the least recently seen are forgotten first.
const MAX_PER_IDENTITY: i64 = 20;

/// Whether any of `keys` signed in to `identity` at or after `since_ms`.
pub async fn any_known(
    db: &Db,
    identity: &AuthIdentityId,
    keys: &[String],
    since_ms: i64,
) -> Result<bool, sqlx::Error> {
    for key in keys {
        let found: Option<i64> = on_db!(db, pool => {
            sqlx::query_scalar(
                "SELECT last_seen_ms FROM auth_known_client \
                 WHERE auth_identity_id = $1 AND client_key = $2 AND last_seen_ms >= $3",
            )
            .bind(identity.as_str())
            .bind(key)
            .bind(since_ms)
            .fetch_optional(pool)
            .await?
        });
        if found.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Records a successful sign-in from each of `keys`, keeping the most recent clients only.
pub async fn remember(
    db: &Db,
    identity: &AuthIdentityId,
    keys: &[String],
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    for key in keys {
        on_db!(db, pool => {
            sqlx::query(
                "INSERT INTO auth_known_client (auth_identity_id, client_key, last_seen_ms) \
                 VALUES ($1, $2, $3) ON CONFLICT (auth_identity_id, client_key) \
                 DO UPDATE SET last_seen_ms = excluded.last_seen_ms",
            )
            .bind(identity.as_str())
            .bind(key)
            .bind(now_ms)
            .execute(pool)
            .await
            .map(drop)?
        });
    }
    on_db!(db, pool => {
        sqlx::query(
            "DELETE FROM auth_known_client WHERE auth_identity_id = $1 AND client_key NOT IN \
             (SELECT client_key FROM auth_known_client WHERE auth_identity_id = $1 \
              ORDER BY last_seen_ms DESC LIMIT $2)",
        )
        .bind(identity.as_str())
        .bind(MAX_PER_IDENTITY)
        .execute(pool)
        .await
        .map(drop)?
    });
    Ok(())
}

/// Forgets clients not seen since `before_ms`.
pub async fn forget_older_than(db: &Db, before_ms: i64) -> Result<u64, sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query("DELETE FROM auth_known_client WHERE last_seen_ms < $1")
            .bind(before_ms)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })
}
