//! SQL for `auth_password_reset_token`: the outstanding password-reset token of a login, kept
//! as the SHA-256 of its `jti`. Using a token deletes its row, so it works once.

use chrono::{DateTime, Utc};

use super::db::{on_db, on_tx, Db, Tx};
use crate::shared::{AuthIdentityId, PasswordResetTokenId};

pub struct NewResetToken<'a> {
    pub id: &'a PasswordResetTokenId,
    pub identity: &'a AuthIdentityId,
    pub token_hash: &'a str,
    pub expires_at: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

/// Replaces the login's outstanding token, if any, with this one: an earlier link stops
/// working when a new one is sent.
pub async fn replace(tx: &mut Tx, token: &NewResetToken<'_>) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM auth_password_reset_token WHERE auth_identity_id = $1")
            .bind(token.identity.as_str())
            .execute(&mut **conn)
            .await?;
        sqlx::query(
            "INSERT INTO auth_password_reset_token \
             (id, auth_identity_id, token_hash, expires_at, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token.id.as_str())
        .bind(token.identity.as_str())
        .bind(token.token_hash)
        .bind(token.expires_at)
        .bind(token.now)
        .execute(&mut **conn)
        .await?;
    });
    Ok(())
}

/// Whether the token is outstanding for `identity` and unexpired at `now` (a read: the
/// token stays usable).
pub async fn is_outstanding(
    db: &Db,
    token_hash: &str,
    identity: &AuthIdentityId,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let found: Option<String> = on_db!(db, pool => {
        sqlx::query_scalar(
            "SELECT id FROM auth_password_reset_token \
             WHERE token_hash = $1 AND auth_identity_id = $2 AND expires_at > $3",
        )
        .bind(token_hash)
        .bind(identity.as_str())
        .bind(now)
        .fetch_optional(pool)
        .await?
    });
    Ok(found.is_some())
}

/// Uses the token: deletes its row if it is outstanding for `identity` and unexpired at
/// `now`, in one statement, so that of two concurrent uses exactly one succeeds. Returns
/// whether it did.
pub async fn consume(
    tx: &mut Tx,
    token_hash: &str,
    identity: &AuthIdentityId,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let deleted: Option<String> = on_tx!(tx, conn => {
        sqlx::query_scalar(
            "DELETE FROM auth_password_reset_token \
             WHERE token_hash = $1 AND auth_identity_id = $2 AND expires_at > $3 \
             RETURNING id",
        )
        .bind(token_hash)
        .bind(identity.as_str())
        .bind(now)
        .fetch_optional(&mut **conn)
        .await?
    });
    Ok(deleted.is_some())
}

/// As [`consume`], outside any other transaction.
pub async fn consume_now(
    db: &Db,
    token_hash: &str,
    identity: &AuthIdentityId,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let consumed = consume(&mut tx, token_hash, identity, now).await?;
    tx.commit().await?;
    Ok(consumed)
}

/// Deletes tokens that expired before `now`: they can no longer be used.
pub async fn forget_expired(db: &Db, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query("DELETE FROM auth_password_reset_token WHERE expires_at <= $1")
            .bind(now)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })
}
