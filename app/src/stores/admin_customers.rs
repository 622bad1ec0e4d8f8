//! SQL for what only admins do to a customer: change its email with its profile, and
//! soft-delete it with its addresses and memberships.

use chrono::{DateTime, Utc};
use sqlx::types::Json;

use super::{
    customers::{InsertError, Profile},
    db::{on_tx, Tx, Unique},
};
use crate::shared::CustomerId;

/// Writes the email (and its normalized form), the profile and `updated_at` of a live
/// customer. An email another live customer of the same kind has is
/// [`InsertError::EmailTaken`].
pub async fn update(
    tx: &mut Tx,
    id: &CustomerId,
    email: Option<&str>,
    email_normalized: Option<&str>,
    profile: &Profile,
    now: DateTime<Utc>,
) -> Result<(), InsertError> {
    let sql = "UPDATE customer SET email = $2, email_normalized = $3, first_name = $4, \
               last_name = $5, phone = $6, company_name = $7, metadata = $8, updated_at = $9, \
               search_text = $10 WHERE id = $1 AND deleted_at IS NULL";
    let result = on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(id.as_str())
            .bind(email)
            .bind(email_normalized)
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
    });
    result.map_err(|error| {
        if Unique::CustomerEmail.is_violated_by(&error) {
            InsertError::EmailTaken
        } else {
            InsertError::Db(error)
        }
    })
}

/// Marks a live customer and its live addresses deleted and ends its group memberships.
/// Its orders stay (they keep its id). Returns whether it was live.
pub async fn soft_delete(
    tx: &mut Tx,
    id: &CustomerId,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let mark = "UPDATE customer SET deleted_at = $2, updated_at = $2 \
                WHERE id = $1 AND deleted_at IS NULL";
    let addresses = "UPDATE customer_address SET deleted_at = $2, updated_at = $2 \
                     WHERE customer_id = $1 AND deleted_at IS NULL";
    let memberships = "DELETE FROM customer_group_customer WHERE customer_id = $1";
    on_tx!(tx, conn => {
        let marked = sqlx::query(mark)
            .bind(id.as_str())
            .bind(now)
            .execute(&mut **conn)
            .await?
            .rows_affected();
        if marked == 0 {
            return Ok(false);
        }
        sqlx::query(addresses).bind(id.as_str()).bind(now).execute(&mut **conn).await?;
        sqlx::query(memberships).bind(id.as_str()).execute(&mut **conn).await?;
        Ok(true)
    })
}
