//! SQL for the `admin_user` table: the back office's staff (Medusa's `user`).

use chrono::{DateTime, Utc};
use sqlx::types::Json;

use super::db::{on_db, on_tx, Db, Tx, Unique};
use crate::shared::{AdminUser, Metadata, UserId};

const COLUMNS: &str = "id, email, first_name, last_name, avatar_url, metadata, created_at, \
                       updated_at, deleted_at";

#[derive(sqlx::FromRow)]
struct AdminUserRow {
    id: String,
    email: String,
    first_name: Option<String>,
    last_name: Option<String>,
    avatar_url: Option<String>,
    metadata: Option<Json<Metadata>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    deleted_at: Option<DateTime<Utc>>,
}

impl AdminUserRow {
    fn into_admin_user(self) -> Result<AdminUser, sqlx::Error> {
        Ok(AdminUser {
            id: UserId::parse(&self.id).ok_or_else(|| {
                sqlx::Error::Decode(format!("malformed id in admin_user: {:?}", self.id).into())
            })?,
            email: self.email,
            first_name: self.first_name,
            last_name: self.last_name,
            avatar_url: self.avatar_url,
            metadata: self.metadata.map(|Json(metadata)| metadata),
            created_at: self.created_at,
            updated_at: self.updated_at,
            deleted_at: self.deleted_at,
        })
    }
}

/// A live (not deleted) admin user.
pub async fn find(db: &Db, id: &UserId) -> Result<Option<AdminUser>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM admin_user WHERE id = $1 AND deleted_at IS NULL");
    let row: Option<AdminUserRow> = on_db!(db, pool => {
        sqlx::query_as(&sql).bind(id.as_str()).fetch_optional(pool).await?
    });
    row.map(AdminUserRow::into_admin_user).transpose()
}

pub struct NewAdminUser<'a> {
    pub id: &'a UserId,
    pub email: &'a str,
    pub email_normalized: &'a str,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub now: DateTime<Utc>,
}

pub enum InsertError {
    /// `admin_user_email_unique`: a live admin has this email.
    EmailTaken,
    Db(sqlx::Error),
}

pub async fn insert(tx: &mut Tx, user: &NewAdminUser<'_>) -> Result<(), InsertError> {
    let sql = "INSERT INTO admin_user (id, email, email_normalized, first_name, last_name, \
               created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)";
    let result = on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(user.id.as_str())
            .bind(user.email)
            .bind(user.email_normalized)
            .bind(user.first_name)
            .bind(user.last_name)
            .bind(user.now)
            .execute(&mut **conn)
            .await
            .map(drop)
    });
    result.map_err(|error| {
        if Unique::AdminUserEmail.is_violated_by(&error) {
            InsertError::EmailTaken
        } else {
            InsertError::Db(error)
        }
    })
}
