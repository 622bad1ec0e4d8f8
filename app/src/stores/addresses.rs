//! SQL for the `customer_address` table.

use chrono::{DateTime, Utc};
use sqlx::types::Json;

use super::db::{on_db, Db};
use crate::shared::{Address, AddressId, CustomerId, Metadata};

#[derive(sqlx::FromRow)]
struct AddressRow {
    id: String,
    customer_id: String,
    address_name: Option<String>,
    is_default_shipping: bool,
    is_default_billing: bool,
    company: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    address_1: Option<String>,
    address_2: Option<String>,
    city: Option<String>,
    country_code: Option<String>,
    province: Option<String>,
    postal_code: Option<String>,
    phone: Option<String>,
    metadata: Option<Json<Metadata>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    deleted_at: Option<DateTime<Utc>>,
}

impl AddressRow {
    fn into_address(self) -> Result<Address, sqlx::Error> {
        let corrupt = |what: &str, id: &str| {
            sqlx::Error::Decode(format!("malformed {what} id in the database: {id:?}").into())
        };
        Ok(Address {
            id: AddressId::parse(&self.id).ok_or_else(|| corrupt("address", &self.id))?,
            customer_id: CustomerId::parse(&self.customer_id)
                .ok_or_else(|| corrupt("customer", &self.customer_id))?,
            address_name: self.address_name,
            is_default_shipping: self.is_default_shipping,
            is_default_billing: self.is_default_billing,
            company: self.company,
            first_name: self.first_name,
            last_name: self.last_name,
            address_1: self.address_1,
            address_2: self.address_2,
            city: self.city,
            country_code: self.country_code,
            province: self.province,
            postal_code: self.postal_code,
            phone: self.phone,
            metadata: self.metadata.map(|Json(metadata)| metadata),
            created_at: self.created_at,
            updated_at: self.updated_at,
            deleted_at: self.deleted_at,
        })
    }
}

/// A customer's live addresses, oldest first.
pub async fn list_for_customer(
    db: &Db,
    customer_id: &CustomerId,
) -> Result<Vec<Address>, sqlx::Error> {
    let sql = "SELECT id, customer_id, address_name, is_default_shipping, is_default_billing, \
               company, first_name, last_name, address_1, address_2, city, country_code, \
               province, postal_code, phone, metadata, created_at, updated_at, deleted_at \
               FROM customer_address WHERE customer_id = $1 AND deleted_at IS NULL ORDER BY id";
    let rows: Vec<AddressRow> = on_db!(db, pool => {
        sqlx::query_as(sql).bind(customer_id.as_str()).fetch_all(pool).await?
    });
    rows.into_iter().map(AddressRow::into_address).collect()
}
