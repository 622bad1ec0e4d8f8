//! SQL for the `customer` table.

use chrono::{DateTime, Utc};
use sqlx::types::Json;

use super::{
    customer_search,
    db::{on_db, on_tx, Db, Tx, Unique},
};
use crate::shared::{Customer, CustomerId, Metadata};

pub(super) const COLUMNS: &str =
    "id, email, company_name, first_name, last_name, phone, has_account, \
                       metadata, created_by, created_at, updated_at, deleted_at";

#[derive(sqlx::FromRow)]
pub(super) struct CustomerRow {
    id: String,
    email: Option<String>,
    company_name: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    phone: Option<String>,
    has_account: bool,
    metadata: Option<Json<Metadata>>,
    created_by: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    deleted_at: Option<DateTime<Utc>>,
}

impl CustomerRow {
    pub(super) fn into_customer(self) -> Result<Customer, sqlx::Error> {
        Ok(Customer {
            id: CustomerId::parse(&self.id).ok_or_else(|| corrupt_id(&self.id))?,
            email: self.email,
            company_name: self.company_name,
            first_name: self.first_name,
            last_name: self.last_name,
            phone: self.phone,
            metadata: self.metadata.map(|Json(metadata)| metadata),
            has_account: self.has_account,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            deleted_at: self.deleted_at,
            addresses: Vec::new(),
            groups: Vec::new(),
        })
    }
}

fn corrupt_id(id: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("malformed customer id in the database: {id:?}").into())
}

/// The columns a customer edits about themselves.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Profile {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub company_name: Option<String>,
    pub metadata: Option<Metadata>,
}

impl Profile {
    /// The `q` search key of a customer with this profile and `email` (written with them).
    pub(super) fn search_key(&self, email: Option<&str>) -> String {
        customer_search::key(
            self.company_name.as_deref(),
            self.first_name.as_deref(),
            self.last_name.as_deref(),
            email,
            self.phone.as_deref(),
        )
    }

    pub fn of(customer: &Customer) -> Self {
        Self {
            first_name: customer.first_name.clone(),
            last_name: customer.last_name.clone(),
            phone: customer.phone.clone(),
            company_name: customer.company_name.clone(),
            metadata: customer.metadata.clone(),
        }
    }
}

/// A row to insert.
pub struct NewRow<'a> {
    pub id: &'a CustomerId,
    pub email: Option<&'a str>,
    pub email_normalized: Option<String>,
    pub has_account: bool,
    pub created_by: Option<&'a str>,
    pub profile: &'a Profile,
    pub now: DateTime<Utc>,
}

/// A live (not deleted) customer, without addresses.
pub async fn find(db: &Db, id: &CustomerId) -> Result<Option<Customer>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM customer WHERE id = $1 AND deleted_at IS NULL");
    let row: Option<CustomerRow> = on_db!(db, pool => {
        sqlx::query_as(&sql).bind(id.as_str()).fetch_optional(pool).await?
    });
    row.map(CustomerRow::into_customer).transpose()
}

/// As [`find`], inside a write transaction, locking the row on PostgreSQL (SQLite's
/// `BEGIN IMMEDIATE` already holds the database's write lock).
pub async fn find_for_update(
    tx: &mut Tx,
    id: &CustomerId,
) -> Result<Option<Customer>, sqlx::Error> {
    let lock = tx.row_lock();
    let sql = format!("SELECT {COLUMNS} FROM customer WHERE id = $1 AND deleted_at IS NULL{lock}");
    let row: Option<CustomerRow> = on_tx!(tx, conn => {
        sqlx::query_as(&sql).bind(id.as_str()).fetch_optional(&mut **conn).await?
    });
    row.map(CustomerRow::into_customer).transpose()
}

/// Whether a live registered customer already uses this (normalized) email.
pub async fn registered_email_exists(
    tx: &mut Tx,
    email_normalized: &str,
) -> Result<bool, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM customer \
               WHERE email_normalized = $1 AND has_account = $2 AND deleted_at IS NULL";
    let count: i64 = on_tx!(tx, conn => {
        sqlx::query_scalar(sql)
            .bind(email_normalized)
            .bind(true)
            .fetch_one(&mut **conn)
            .await?
    });
    Ok(count > 0)
}

pub enum InsertError {
    /// `customer_email_has_account_unique`: the email is taken for this kind of customer.
    EmailTaken,
    Db(sqlx::Error),
}

pub async fn insert(tx: &mut Tx, row: &NewRow<'_>) -> Result<(), InsertError> {
    let sql = "INSERT INTO customer (id, email, email_normalized, company_name, first_name, \
               last_name, phone, has_account, metadata, created_by, created_at, updated_at, \
               search_text) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)";
    let profile = row.profile;
    let result = on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(row.id.as_str())
            .bind(row.email)
            .bind(row.email_normalized.as_deref())
            .bind(profile.company_name.as_deref())
            .bind(profile.first_name.as_deref())
            .bind(profile.last_name.as_deref())
            .bind(profile.phone.as_deref())
            .bind(row.has_account)
            .bind(profile.metadata.as_ref().map(Json))
            .bind(row.created_by)
            .bind(row.now)
            .bind(profile.search_key(row.email))
            .execute(&mut **conn)
            .await
            .map(|_| ())
    });
    result.map_err(|error| {
        if Unique::CustomerEmail.is_violated_by(&error) {
            InsertError::EmailTaken
        } else {
            InsertError::Db(error)
        }
    })
}

/// Writes the profile of the customer whose email is `email` (unchanged; part of its search
/// key).
pub async fn update_profile(
    tx: &mut Tx,
    id: &CustomerId,
    email: Option<&str>,
    profile: &Profile,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE customer SET first_name = $2, last_name = $3, phone = $4, \
               company_name = $5, metadata = $6, updated_at = $7, search_text = $8 WHERE id = $1";
    on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(id.as_str())
            .bind(profile.first_name.as_deref())
            .bind(profile.last_name.as_deref())
            .bind(profile.phone.as_deref())
            .bind(profile.company_name.as_deref())
            .bind(profile.metadata.as_ref().map(Json))
            .bind(now)
            .bind(profile.search_key(email))
            .execute(&mut **conn)
            .await
            .map(drop)
    })
}
