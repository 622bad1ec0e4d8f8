//! SQL for the `customer_address` table. Every statement is scoped to one customer: an
//! address id alone never reads or writes a row.

use chrono::{DateTime, Utc};
use sqlx::types::Json;

use super::db::{on_db, on_tx, Db, Tx};
use crate::shared::{Address, AddressId, CustomerId, Metadata};

pub(super) const COLUMNS: &str =
    "id, customer_id, address_name, is_default_shipping, is_default_billing, \
                       company, first_name, last_name, address_1, address_2, city, \
                       country_code, province, postal_code, phone, metadata, created_at, \
                       updated_at, deleted_at";

/// The columns `q` searches (Medusa's searchable address columns).
const SEARCHABLE: &[&str] = &[
    "address_name",
    "company",
    "first_name",
    "last_name",
    "address_1",
    "address_2",
    "city",
    "province",
    "postal_code",
];

/// The columns a list may be ordered by: every column the store API shows.
pub const ORDERABLE: &[&str] = &[
    "id",
    "address_name",
    "company",
    "customer_id",
    "first_name",
    "last_name",
    "address_1",
    "address_2",
    "city",
    "province",
    "postal_code",
    "country_code",
    "phone",
    "metadata",
    "is_default_shipping",
    "is_default_billing",
    "created_at",
    "updated_at",
];

#[derive(sqlx::FromRow)]
pub(super) struct AddressRow {
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
    pub(super) fn into_address(self) -> Result<Address, sqlx::Error> {
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

fn into_addresses(rows: Vec<AddressRow>) -> Result<Vec<Address>, sqlx::Error> {
    rows.into_iter().map(AddressRow::into_address).collect()
}

/// A customer's live addresses, oldest first.
pub async fn list_for_customer(
    db: &Db,
    customer_id: &CustomerId,
) -> Result<Vec<Address>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM customer_address \
         WHERE customer_id = $1 AND deleted_at IS NULL ORDER BY id"
    );
    let rows: Vec<AddressRow> = on_db!(db, pool => {
        sqlx::query_as(&sql).bind(customer_id.as_str()).fetch_all(pool).await?
    });
    into_addresses(rows)
}

/// As [`list_for_customer`], inside a write transaction.
pub async fn list_in(tx: &mut Tx, customer_id: &CustomerId) -> Result<Vec<Address>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM customer_address \
         WHERE customer_id = $1 AND deleted_at IS NULL ORDER BY id"
    );
    let rows: Vec<AddressRow> = on_tx!(tx, conn => {
        sqlx::query_as(&sql)
            .bind(customer_id.as_str())
            .fetch_all(&mut **conn)
            .await?
    });
    into_addresses(rows)
}

/// What a list asks for. `order` names a column of [`ORDERABLE`]; filters are exact and
/// each is `IN` its values; every `q` word must occur in some searchable column, in any case.
#[derive(Clone, Debug, Default)]
pub struct ListFilter<'a> {
    pub words: &'a [String],
    pub city: &'a [String],
    pub country_code: &'a [String],
    pub postal_code: &'a [String],
    pub company: &'a [String],
    pub province: &'a [String],
}

#[derive(Clone, Copy, Debug)]
pub struct Page {
    pub order: &'static str,
    pub descending: bool,
    pub limit: i64,
    pub offset: i64,
}

/// `WHERE …` for a customer's live addresses matching `filter`, with the text values to
/// bind after `$1` (the customer id), in placeholder order.
fn list_where(filter: &ListFilter<'_>) -> (String, Vec<String>) {
    let mut sql = String::from("WHERE customer_id = $1 AND deleted_at IS NULL");
    let mut binds: Vec<String> = Vec::new();
    for word in filter.words {
        binds.push(format!("%{}%", escape_like(&word.to_lowercase())));
        let n = binds.len() + 1;
        let any: Vec<String> = SEARCHABLE
            .iter()
            .map(|column| format!("LOWER({column}) LIKE ${n} ESCAPE '\\'"))
            .collect();
        sql.push_str(&format!(" AND ({})", any.join(" OR ")));
    }
    for (column, values) in [
        ("city", filter.city),
        ("country_code", filter.country_code),
        ("postal_code", filter.postal_code),
        ("company", filter.company),
        ("province", filter.province),
    ] {
        if values.is_empty() {
            continue;
        }
        let placeholders: Vec<String> = values
            .iter()
            .map(|value| {
                binds.push(value.clone());
                format!("${}", binds.len() + 1)
            })
            .collect();
        sql.push_str(&format!(" AND {column} IN ({})", placeholders.join(", ")));
    }
    (sql, binds)
}

/// `%`, `_` and the escape character itself match literally.
pub(super) fn escape_like(word: &str) -> String {
    let mut escaped = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// One page of a customer's addresses matching `filter`, and how many match in all.
pub async fn list(
    db: &Db,
    customer_id: &CustomerId,
    filter: &ListFilter<'_>,
    page: Page,
) -> Result<(Vec<Address>, i64), sqlx::Error> {
    let order = ORDERABLE
        .iter()
        .find(|column| **column == page.order)
        .copied()
        .unwrap_or("id");
    let direction = if page.descending { "DESC" } else { "ASC" };
    let (condition, binds) = list_where(filter);
    let limit_n = binds.len() + 2;
    // NULLs sort as PostgreSQL sorts them (last ascending, first descending) on both
    // backends; the id breaks ties so that pages never overlap.
    let select = format!(
        "SELECT {COLUMNS} FROM customer_address {condition} \
         ORDER BY ({order} IS NULL) {direction}, {order} {direction}, id ASC \
         LIMIT ${limit_n} OFFSET ${}",
        limit_n + 1
    );
    let count = format!("SELECT COUNT(*) FROM customer_address {condition}");
    let (rows, total): (Vec<AddressRow>, i64) = on_db!(db, pool => {
        let mut query = sqlx::query_as(&select).bind(customer_id.as_str());
        for value in &binds {
            query = query.bind(value.as_str());
        }
        let rows: Vec<AddressRow> = query.bind(page.limit).bind(page.offset).fetch_all(pool).await?;
        match count_from_page(page, rows.len()) {
            Some(total) => (rows, total),
            None => {
                let mut query = sqlx::query_scalar(&count).bind(customer_id.as_str());
                for value in &binds {
                    query = query.bind(value.as_str());
                }
                (rows, query.fetch_one(pool).await?)
            }
        }
    });
    Ok((into_addresses(rows)?, total))
}

/// The number of matches when the page itself shows it: a page that is not full and not past
/// the end holds the last match, so the count is its offset plus its rows. A full page or an
/// empty one after the first needs the count query. (Most address books fit on one page, so
/// most lists are one query.)
fn count_from_page(page: Page, rows: usize) -> Option<i64> {
    let rows = i64::try_from(rows).ok()?;
    let last_page = rows < page.limit && (rows > 0 || page.offset == 0);
    last_page.then_some(page.offset + rows)
}

/// One of the customer's live addresses.
pub async fn find(
    db: &Db,
    customer_id: &CustomerId,
    id: &AddressId,
) -> Result<Option<Address>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM customer_address \
         WHERE id = $1 AND customer_id = $2 AND deleted_at IS NULL"
    );
    let row: Option<AddressRow> = on_db!(db, pool => {
        sqlx::query_as(&sql)
            .bind(id.as_str())
            .bind(customer_id.as_str())
            .fetch_optional(pool)
            .await?
    });
    row.map(AddressRow::into_address).transpose()
}

/// As [`find`], inside a write transaction.
pub async fn find_in(
    tx: &mut Tx,
    customer_id: &CustomerId,
    id: &AddressId,
) -> Result<Option<Address>, sqlx::Error> {
    let lock = tx.row_lock();
    let sql = format!(
        "SELECT {COLUMNS} FROM customer_address \
         WHERE id = $1 AND customer_id = $2 AND deleted_at IS NULL{lock}"
    );
    let row: Option<AddressRow> = on_tx!(tx, conn => {
        sqlx::query_as(&sql)
            .bind(id.as_str())
            .bind(customer_id.as_str())
            .fetch_optional(&mut **conn)
            .await?
    });
    row.map(AddressRow::into_address).transpose()
}

/// How many live addresses the customer has.
pub async fn count_for_customer(tx: &mut Tx, customer_id: &CustomerId) -> Result<i64, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM customer_address WHERE customer_id = $1 AND deleted_at IS NULL";
    on_tx!(tx, conn => {
        sqlx::query_scalar(sql)
            .bind(customer_id.as_str())
            .fetch_one(&mut **conn)
            .await
    })
}

/// Which default flag a statement is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultFor {
    Shipping,
    Billing,
}

impl DefaultFor {
    fn column(self) -> &'static str {
        match self {
            Self::Shipping => "is_default_shipping",
            Self::Billing => "is_default_billing",
        }
    }
}

/// Clears the flag on every address of the customer that has it, except `keep`.
pub async fn clear_default(
    tx: &mut Tx,
    customer_id: &CustomerId,
    which: DefaultFor,
    keep: &AddressId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let column = which.column();
    let sql = format!(
        "UPDATE customer_address SET {column} = $1, updated_at = $2 \
         WHERE customer_id = $3 AND {column} = $4 AND id <> $5"
    );
    on_tx!(tx, conn => {
        sqlx::query(&sql)
            .bind(false)
            .bind(now)
            .bind(customer_id.as_str())
            .bind(true)
            .bind(keep.as_str())
            .execute(&mut **conn)
            .await
            .map(drop)
    })
}

/// Inserts `address` as it is (ids and timestamps included).
pub async fn insert(tx: &mut Tx, address: &Address) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO customer_address ({COLUMNS}) VALUES \
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
    );
    on_tx!(tx, conn => {
        sqlx::query(&sql)
            .bind(address.id.as_str())
            .bind(address.customer_id.as_str())
            .bind(address.address_name.as_deref())
            .bind(address.is_default_shipping)
            .bind(address.is_default_billing)
            .bind(address.company.as_deref())
            .bind(address.first_name.as_deref())
            .bind(address.last_name.as_deref())
            .bind(address.address_1.as_deref())
            .bind(address.address_2.as_deref())
            .bind(address.city.as_deref())
            .bind(address.country_code.as_deref())
            .bind(address.province.as_deref())
            .bind(address.postal_code.as_deref())
            .bind(address.phone.as_deref())
            .bind(address.metadata.as_ref().map(Json))
            .bind(address.created_at)
            .bind(address.updated_at)
            .bind(address.deleted_at)
            .execute(&mut **conn)
            .await
            .map(drop)
    })
}

/// Writes every editable column and `updated_at` of the customer's address `address.id`.
pub async fn update(tx: &mut Tx, address: &Address) -> Result<(), sqlx::Error> {
    let sql = "UPDATE customer_address SET address_name = $3, is_default_shipping = $4, \
               is_default_billing = $5, company = $6, first_name = $7, last_name = $8, \
               address_1 = $9, address_2 = $10, city = $11, country_code = $12, province = $13, \
               postal_code = $14, phone = $15, metadata = $16, updated_at = $17 \
               WHERE id = $1 AND customer_id = $2";
    on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(address.id.as_str())
            .bind(address.customer_id.as_str())
            .bind(address.address_name.as_deref())
            .bind(address.is_default_shipping)
            .bind(address.is_default_billing)
            .bind(address.company.as_deref())
            .bind(address.first_name.as_deref())
            .bind(address.last_name.as_deref())
            .bind(address.address_1.as_deref())
            .bind(address.address_2.as_deref())
            .bind(address.city.as_deref())
            .bind(address.country_code.as_deref())
            .bind(address.province.as_deref())
            .bind(address.postal_code.as_deref())
            .bind(address.phone.as_deref())
            .bind(address.metadata.as_ref().map(Json))
            .bind(address.updated_at)
            .execute(&mut **conn)
            .await
            .map(drop)
    })
}

/// Deletes the customer's address for good; `false` if there was none.
pub async fn delete(
    tx: &mut Tx,
    customer_id: &CustomerId,
    id: &AddressId,
) -> Result<bool, sqlx::Error> {
    let sql = "DELETE FROM customer_address WHERE id = $1 AND customer_id = $2";
    let deleted = on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(id.as_str())
            .bind(customer_id.as_str())
            .execute(&mut **conn)
            .await?
            .rows_affected()
    });
    Ok(deleted > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(limit: i64, offset: i64) -> Page {
        Page {
            order: "id",
            descending: false,
            limit,
            offset,
        }
    }

    #[test]
    fn a_page_that_is_not_full_counts_itself() {
        assert_eq!(count_from_page(page(50, 0), 5), Some(5));
        assert_eq!(count_from_page(page(50, 0), 0), Some(0));
        assert_eq!(count_from_page(page(2, 4), 1), Some(5));
    }

    #[test]
    fn a_full_page_or_one_past_the_end_needs_the_count() {
        assert_eq!(count_from_page(page(5, 0), 5), None);
        assert_eq!(count_from_page(page(5, 10), 0), None);
        assert_eq!(count_from_page(page(0, 0), 0), None);
    }

    #[test]
    fn like_wildcards_in_a_word_match_literally() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }

    #[test]
    fn every_word_must_match_some_column_and_filters_are_in_lists() {
        let words = vec!["Main".to_owned(), "12".to_owned()];
        let cities = vec!["Oslo".to_owned(), "Bergen".to_owned()];
        let filter = ListFilter {
            words: &words,
            city: &cities,
            ..Default::default()
        };
        let (sql, binds) = list_where(&filter);
        assert_eq!(binds, ["%main%", "%12%", "Oslo", "Bergen"]);
        assert!(sql.contains("LOWER(address_name) LIKE $2"), "{sql}");
        assert!(sql.contains("LOWER(postal_code) LIKE $3"), "{sql}");
        assert!(sql.contains("city IN ($4, $5)"), "{sql}");
        assert_eq!(sql.matches(" AND (").count(), 2);
    }
}
