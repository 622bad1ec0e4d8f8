//! SQL for the `auth_identity` table: email + password logins and the actors they link to.

use chrono::{DateTime, Utc};

use super::db::{on_db, on_tx, Db, Tx, Unique};
use crate::{
    auth::{ActorType, PasswordHash},
    shared::{AuthIdentityId, CustomerId, UserId},
};

/// The provider every identity here uses; the column leaves room for others.
pub const EMAILPASS: &str = "emailpass";

const COLUMNS: &str = "id, provider, actor_type, email, password_hash, customer_id, user_id";

/// A login of one actor type: a customer's and an admin's login may share an email, each
/// with its own password.
#[derive(Clone, Debug)]
pub struct Identity {
    pub id: AuthIdentityId,
    pub provider: String,
    pub actor_type: ActorType,
    pub email: String,
    pub password_hash: PasswordHash,
    pub customer_id: Option<CustomerId>,
    pub user_id: Option<UserId>,
}

impl Identity {
    /// The actor this login speaks for, once linked: its customer's or admin user's id.
    pub fn actor_id(&self) -> Option<&str> {
        match self.actor_type {
            ActorType::Customer => self.customer_id.as_ref().map(CustomerId::as_str),
            ActorType::User => self.user_id.as_ref().map(UserId::as_str),
        }
    }
}

#[derive(sqlx::FromRow)]
struct IdentityRow {
    id: String,
    provider: String,
    actor_type: String,
    email: String,
    password_hash: String,
    customer_id: Option<String>,
    user_id: Option<String>,
}

impl IdentityRow {
    fn into_identity(self) -> Result<Identity, sqlx::Error> {
        let corrupt =
            |id: &str| sqlx::Error::Decode(format!("malformed id in auth_identity: {id:?}").into());
        Ok(Identity {
            id: AuthIdentityId::parse(&self.id).ok_or_else(|| corrupt(&self.id))?,
            provider: self.provider,
            actor_type: ActorType::parse(&self.actor_type).ok_or_else(|| {
                sqlx::Error::Decode(
                    format!("unknown actor type in auth_identity: {:?}", self.actor_type).into(),
                )
            })?,
            email: self.email,
            password_hash: PasswordHash::from_stored(self.password_hash),
            customer_id: match self.customer_id {
                Some(id) => Some(CustomerId::parse(&id).ok_or_else(|| corrupt(&id))?),
                None => None,
            },
            user_id: match self.user_id {
                Some(id) => Some(UserId::parse(&id).ok_or_else(|| corrupt(&id))?),
                None => None,
            },
        })
    }
}

/// The `actor`'s login with this (normalized) email.
pub async fn find_by_email(
    db: &Db,
    actor: ActorType,
    email_normalized: &str,
) -> Result<Option<Identity>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM auth_identity \
         WHERE provider = $1 AND actor_type = $2 AND email_normalized = $3"
    );
    let row: Option<IdentityRow> = on_db!(db, pool => {
        sqlx::query_as(&sql)
            .bind(EMAILPASS)
            .bind(actor.as_str())
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
    /// The actor it is linked to from the start, if any; it decides the login's actor type.
    pub actor: NewActor<'a>,
    pub now: DateTime<Utc>,
}

/// Whose login a new identity is.
#[derive(Clone, Copy)]
pub enum NewActor<'a> {
    /// A customer's; `None` until the sign-up creates the customer.
    Customer(Option<&'a CustomerId>),
    /// An admin user's, linked at once.
    User(&'a UserId),
}

pub enum InsertError {
    /// `auth_identity_email_unique`: a login of this actor type with this email exists.
    EmailTaken,
    Db(sqlx::Error),
}

/// Inserts the login and returns it as stored.
pub async fn insert(tx: &mut Tx, identity: &NewIdentity<'_>) -> Result<Identity, InsertError> {
    let sql = "INSERT INTO auth_identity (id, provider, actor_type, email, email_normalized, \
               password_hash, customer_id, user_id, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)";
    let (actor_type, customer_id, user_id) = match identity.actor {
        NewActor::Customer(customer_id) => (ActorType::Customer, customer_id, None),
        NewActor::User(user_id) => (ActorType::User, None, Some(user_id)),
    };
    let result = on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(identity.id.as_str())
            .bind(EMAILPASS)
            .bind(actor_type.as_str())
            .bind(identity.email)
            .bind(identity.email_normalized)
            .bind(identity.password_hash.as_str())
            .bind(customer_id.map(CustomerId::as_str))
            .bind(user_id.map(UserId::as_str))
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
        actor_type,
        email: identity.email.into(),
        password_hash: identity.password_hash.clone(),
        customer_id: customer_id.cloned(),
        user_id: user_id.cloned(),
    })
}

/// Links an unlinked customer login to a customer. Returns false if it was already linked
/// (or is not a customer's login).
pub async fn link_customer(
    tx: &mut Tx,
    id: &AuthIdentityId,
    customer_id: &CustomerId,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE auth_identity SET customer_id = $2, updated_at = $3 \
               WHERE id = $1 AND customer_id IS NULL AND actor_type = 'customer'";
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

/// What a bearer token of a login is checked against.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenCheck {
    /// The login's actor type, as stored (a token must claim the same).
    pub actor_type: String,
    /// When the login's bearer tokens were last revoked: tokens issued before then are
    /// refused. `None` when never.
    pub tokens_valid_after: Option<DateTime<Utc>>,
}

/// The login's token check; `None` when there is no such login. One primary-key read.
pub async fn token_check(db: &Db, id: &AuthIdentityId) -> Result<Option<TokenCheck>, sqlx::Error> {
    let found: Option<(String, Option<DateTime<Utc>>)> = on_db!(db, pool => {
        sqlx::query_as("SELECT actor_type, tokens_valid_after FROM auth_identity WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(pool)
            .await?
    });
    Ok(found.map(|(actor_type, tokens_valid_after)| TokenCheck {
        actor_type,
        tokens_valid_after,
    }))
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

/// Deletes the customer's login (the one linked to it), so its email can register again;
/// its sessions, reset tokens and known clients go with it (foreign keys cascade). Returns
/// whether there was one.
pub async fn delete_customer_login(
    tx: &mut Tx,
    customer_id: &CustomerId,
) -> Result<bool, sqlx::Error> {
    let sql = "DELETE FROM auth_identity WHERE customer_id = $1 AND actor_type = 'customer'";
    let affected = on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(customer_id.as_str())
            .execute(&mut **conn)
            .await?
            .rows_affected()
    });
    Ok(affected > 0)
}
