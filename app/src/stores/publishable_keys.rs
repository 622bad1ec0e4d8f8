//! SQL for the `publishable_api_key` table: the keys storefronts send on `/store/*`.

use chrono::{DateTime, Utc};

use super::db::{on_db, on_tx, Db, Tx};
use crate::shared::PublishableKeyId;

const COLUMNS: &str = "id, title, token, created_at, revoked_at";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishableKey {
    pub id: PublishableKeyId,
    pub title: String,
    pub token: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    id: String,
    title: String,
    token: String,
    created_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

impl KeyRow {
    fn into_key(self) -> Result<PublishableKey, sqlx::Error> {
        Ok(PublishableKey {
            id: PublishableKeyId::parse(&self.id).ok_or_else(|| {
                sqlx::Error::Decode(
                    format!("malformed id in publishable_api_key: {:?}", self.id).into(),
                )
            })?,
            title: self.title,
            token: self.token,
            created_at: self.created_at,
            revoked_at: self.revoked_at,
        })
    }
}

/// Inserts a key inside the caller's transaction.
pub async fn insert(tx: &mut Tx, key: &PublishableKey) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO publishable_api_key (id, title, token, created_at, revoked_at) \
               VALUES ($1, $2, $3, $4, $5)";
    on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(key.id.as_str())
            .bind(&key.title)
            .bind(&key.token)
            .bind(key.created_at)
            .bind(key.revoked_at)
            .execute(&mut **conn)
            .await
            .map(drop)
    })
}

/// Whether the table holds no key at all, revoked ones included. On PostgreSQL the table is
/// locked against other writers until the transaction ends, so that two processes starting
/// on a fresh database cannot both see it empty; SQLite's write transaction already is.
pub async fn none_exist(tx: &mut Tx) -> Result<bool, sqlx::Error> {
    if let Tx::Postgres(conn) = tx {
        sqlx::query("LOCK TABLE publishable_api_key IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut **conn)
            .await?;
    }
    let any: Option<i32> = on_tx!(tx, conn => {
        sqlx::query_scalar("SELECT 1 FROM publishable_api_key LIMIT 1")
            .fetch_optional(&mut **conn)
            .await?
    });
    Ok(any.is_none())
}

/// Every key, oldest first.
pub async fn list(db: &Db) -> Result<Vec<PublishableKey>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM publishable_api_key ORDER BY id");
    let rows: Vec<KeyRow> = on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await?);
    rows.into_iter().map(KeyRow::into_key).collect()
}

/// Whether `token` names a key that is not revoked. One indexed look-up.
pub async fn is_active(db: &Db, token: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i32> = on_db!(db, pool => {
        sqlx::query_scalar(
            "SELECT 1 FROM publishable_api_key WHERE token = $1 AND revoked_at IS NULL",
        )
        .bind(token)
        .fetch_optional(pool)
        .await?
    });
    Ok(found.is_some())
}

/// The key whose id or token is `id_or_token`.
pub async fn find(db: &Db, id_or_token: &str) -> Result<Option<PublishableKey>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM publishable_api_key WHERE id = $1 OR token = $1");
    let row: Option<KeyRow> = on_db!(db, pool => {
        sqlx::query_as(&sql).bind(id_or_token).fetch_optional(pool).await?
    });
    row.map(KeyRow::into_key).transpose()
}

/// Revokes the key whose id or token is `id_or_token`, unless it already is. Returns
/// whether this call revoked it.
pub async fn revoke(db: &Db, id_or_token: &str, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let affected = on_db!(db, pool => {
        sqlx::query(
            "UPDATE publishable_api_key SET revoked_at = $2 \
             WHERE (id = $1 OR token = $1) AND revoked_at IS NULL",
        )
        .bind(id_or_token)
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected()
    });
    Ok(affected > 0)
}
