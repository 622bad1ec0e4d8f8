//! SQL for the `auth_identity` table: email + password logins and the actors they link to.

use chrono::{DateTime, Utc};

use super::db::{on_db, on_tx, Db, Tx, Unique};
use crate::{
    auth::PasswordHash,
    shared::{AuthIdentityId, CustomerId},
};

/// The provider every identity here uses; the column leaves room for others.
pub const EMAILPASS: &str = "emailpass";

const COLUMNS: &str = "id, provider, email, password_hash, customer_id";

#[derive(Clone, Debug)]
pub struct Identity {
    pub id: AuthIdentityId,
    pub provider: String,
    pub email: String,
    pub password_hash: PasswordHash,
    pub customer_id: Option<CustomerId>,
}

#[derive(sqlx::FromRow)]
struct IdentityRow {
    id: String,
    provider: String,
    email: String,
    password_hash: String,
    customer_id: Option<String>,
}

impl IdentityRow {
    fn into_identity(self) -> Result<Identity, sqlx::Error> {
        let corrupt =
            |id: &str| sqlx::Error::Decode(format!("malformed id in auth_identity: {id:?}").into());
        Ok(Identity {
            id: AuthIdentityId::parse(&self.id).ok_or_else(|| corrupt(&self.id))?,
            provider: self.provider,
            email: self.email,
            password_hash: PasswordHash::from_stored(self.password_hash),
            customer_id: match self.customer_id {
                Some(id) => Some(CustomerId::parse(&id).ok_or_else(|| corrupt(&id))?),
                None => None,
            },
        })
    }
}

pub async fn find_by_email(
    db: &Db,
    email_normalized: &str,
) -> Result<Option<Identity>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM auth_identity WHERE provider = $1 AND email_normalized = $2"
    );
    let row: Option<IdentityRow> = on_db!(db, pool => {
        sqlx::query_as(&sql)
            .bind(EMAILPASS)
            .bind(email_normalized)
            .fetch_optional(pool)
            .await?
    });
    row.map(IdentityRow::into_identity).transpose()
}

pub async fn find(db: &Db, id: &AuthIdentityId) -> Result<Option<Identity>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM auth_identity WHERE id = $1");
    let row: Option<IdentityRow> = on_db!(db, pool => {
        sqlx::query_as(&sql).bind(id.as_str()).fetch_optional(pool).await?
    });
    row.map(IdentityRow::into_identity).transpose()
}

/// The identity, locked for the rest of the transaction on PostgreSQL.
pub async fn find_for_update(
    tx: &mut Tx,
    id: &AuthIdentityId,
) -> Result<Option<Identity>, sqlx::Error> {
    let lock = tx.row_lock();
    let sql = format!("SELECT {COLUMNS} FROM auth_identity WHERE id = $1{lock}");
    let row: Option<IdentityRow> = on_tx!(tx, conn => {
        sqlx::query_as(&sql).bind(id.as_str()).fetch_optional(&mut **conn).await?
    });
    row.map(IdentityRow::into_identity).transpose()
}

pub struct NewIdentity<'a> {
    pub id: &'a AuthIdentityId,
    pub email: &'a str,
    pub email_normalized: &'a str,
    pub password_hash: &'a PasswordHash,
    pub customer_id: Option<&'a CustomerId>,
    pub now: DateTime<Utc>,
}

pub enum InsertError {
    /// `auth_identity_email_unique`: a login with this email exists.
    EmailTaken,
    Db(sqlx::Error),
}

/// Inserts the login and returns it as stored.
pub async fn insert(tx: &mut Tx, identity: &NewIdentity<'_>) -> Result<Identity, InsertError> {
    let sql = "INSERT INTO auth_identity (id, provider, email, email_normalized, password_hash, \
               customer_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)";
    let result = on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(identity.id.as_str())
            .bind(EMAILPASS)
            .bind(identity.email)
            .bind(identity.email_normalized)
            .bind(identity.password_hash.as_str())
            .bind(identity.customer_id.map(CustomerId::as_str))
            .bind(identity.now)
            .execute(&mut **conn)
            .await
            .map(|_| ())
    });
    result.map_err(|error| {
        if Unique::IdentityEmail.is_violated_by(&error) {
            InsertError::EmailTaken
        } else {
            InsertError::Db(error)
        }
    })?;
    Ok(Identity {
        id: identity.id.clone(),
        provider: EMAILPASS.into(),
        email: identity.email.into(),
        password_hash: identity.password_hash.clone(),
        customer_id: identity.customer_id.cloned(),
    })
}

/// Links an unlinked identity to a customer. Returns false if it was already linked.
pub async fn link_customer(
    tx: &mut Tx,
    id: &AuthIdentityId,
    customer_id: &CustomerId,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE auth_identity SET customer_id = $2, updated_at = $3 \
               WHERE id = $1 AND customer_id IS NULL";
    let affected = on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(id.as_str())
            .bind(customer_id.as_str())
            .bind(now)
            .execute(&mut **conn)
            .await?
            .rows_affected()
    });
    Ok(affected == 1)
}

/// When the login's bearer tokens were last revoked: tokens issued before then are refused.
/// `None` when never, or when there is no such login. One primary-key read.
pub async fn tokens_valid_after(
    db: &Db,
    id: &AuthIdentityId,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let found: Option<Option<DateTime<Utc>>> = on_db!(db, pool => {
        sqlx::query_scalar("SELECT tokens_valid_after FROM auth_identity WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(pool)
            .await?
    });
    Ok(found.flatten())
}

/// Replaces the login's password hash and revokes every bearer token issued before `now`.
pub async fn set_password(
    tx: &mut Tx,
    id: &AuthIdentityId,
    password_hash: &PasswordHash,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE auth_identity SET password_hash = $2, tokens_valid_after = $3, \
               updated_at = $3 WHERE id = $1";
    let affected = on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(id.as_str())
            .bind(password_hash.as_str())
            .bind(now)
            .execute(&mut **conn)
            .await?
            .rows_affected()
    });
    Ok(affected == 1)
}

/// Revokes every bearer token of the login issued before `now`.
pub async fn revoke_tokens(
    db: &Db,
    id: &AuthIdentityId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query("UPDATE auth_identity SET tokens_valid_after = $2 WHERE id = $1")
            .bind(id.as_str())
            .bind(now)
            .execute(pool)
            .await
            .map(drop)
    })
}
