//! SQL for the order read model: `customer_order`, `order_line_item` and `order_address`.
//! Reads are scoped to one customer and never show drafts; a page of orders, with their items
//! and addresses and the count of all matches, is one query answering one row ([`json`]).
//! The importer's bulk writes are in [`import`].

pub mod import;
mod json;
mod rows;

use sqlx::types::Json;

use super::db::{on_db, Backend, Db};
use crate::shared::{CustomerId, Order, OrderId};
pub use json::Nested;
use json::PageSql;
use rows::OrderRow;

/// What customers never see: drafts, by either of Medusa's two markers.
const NOT_DRAFT: &str = "NOT is_draft_order AND status <> 'draft'";

/// A list's filters: each non-empty one is `column IN (values)`.
#[derive(Clone, Debug, Default)]
pub struct ListFilter<'a> {
    pub ids: &'a [&'a str],
    pub statuses: &'a [&'a str],
    pub payment_statuses: &'a [&'a str],
    pub fulfillment_statuses: &'a [&'a str],
}

/// A page: `order` is one of the columns [`sort_column`] allows.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    pub order: &'static str,
    pub descending: bool,
    pub limit: i64,
    pub offset: i64,
}

/// The columns a list may be sorted by; all are NOT NULL, so no NULL ordering differs
/// between the backends.
pub fn sort_column(name: &str) -> Option<&'static str> {
    [
        "id",
        "created_at",
        "updated_at",
        "display_id",
        "total",
        "status",
    ]
    .into_iter()
    .find(|column| *column == name)
}

/// `WHERE …` for the customer's visible orders matching `filter`, with the values to bind
/// after `$1` (the customer id), in placeholder order.
fn list_where<'a>(filter: &ListFilter<'a>) -> (String, Vec<&'a str>) {
    let mut sql = format!("WHERE customer_id = $1 AND {NOT_DRAFT}");
    let mut binds: Vec<&str> = Vec::new();
    for (column, values) in [
        ("id", filter.ids),
        ("status", filter.statuses),
        ("payment_status", filter.payment_statuses),
        ("fulfillment_status", filter.fulfillment_statuses),
    ] {
        if values.is_empty() {
            continue;
        }
        let placeholders: Vec<String> = values
            .iter()
            .map(|value| {
                binds.push(value);
                format!("${}", binds.len() + 1)
            })
            .collect();
        sql.push_str(&format!(" AND {column} IN ({})", placeholders.join(", ")));
    }
    (sql, binds)
}

/// One page of the customer's visible orders, with the parts `nested` asks for, and how many
/// match in all: one query, one row (see [`json`]).
pub async fn list_for_customer(
    db: &Db,
    customer_id: &CustomerId,
    filter: &ListFilter<'_>,
    page: Page,
    nested: Nested,
) -> Result<(Vec<Order>, i64), sqlx::Error> {
    let (condition, binds) = list_where(filter);
    let sql = PageSql {
        condition: &condition,
        order: sort_column(page.order).unwrap_or("id"),
        direction: if page.descending { "DESC" } else { "ASC" },
        limit_placeholder: binds.len() + 2,
        nested,
    };
    let (total, Json(rows)): (i64, Json<Vec<OrderRow>>) = on_db!(db, pool => {
        let sql = json::page_query(backend(db), &sql);
        let mut query = sqlx::query_as(&sql).bind(customer_id.as_str());
        for value in &binds {
            query = query.bind(*value);
        }
        query.bind(page.limit).bind(page.offset).fetch_one(pool).await?
    });
    let orders = rows
        .into_iter()
        .map(OrderRow::into_order)
        .collect::<Result<_, _>>()?;
    Ok((orders, total))
}

/// One of the customer's visible orders, with the parts `nested` asks for.
pub async fn find_for_customer(
    db: &Db,
    customer_id: &CustomerId,
    id: &OrderId,
    nested: Nested,
) -> Result<Option<Order>, sqlx::Error> {
    let ids = [id.as_str()];
    let filter = ListFilter {
        ids: &ids,
        ..ListFilter::default()
    };
    let page = Page {
        order: "id",
        descending: false,
        limit: 1,
        offset: 0,
    };
    let (mut orders, _) = list_for_customer(db, customer_id, &filter, page, nested).await?;
    Ok(orders.pop())
}

fn backend(db: &Db) -> Backend {
    match db {
        Db::Sqlite(_) => Backend::Sqlite,
        Db::Postgres(_) => Backend::Postgres,
    }
}

/// Which address of an order a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressKind {
    Shipping,
    Billing,
}

impl AddressKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Shipping => "shipping",
            Self::Billing => "billing",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_in_lists_after_the_customer() {
        let ids = ["order_1", "order_2"];
        let statuses = ["completed"];
        let filter = ListFilter {
            ids: &ids,
            statuses: &statuses,
            ..Default::default()
        };
        let (sql, binds) = list_where(&filter);
        assert_eq!(binds, ["order_1", "order_2", "completed"]);
        assert!(sql.starts_with("WHERE customer_id = $1 AND NOT is_draft_order"));
        assert!(sql.contains(" AND id IN ($2, $3)"), "{sql}");
        assert!(sql.contains(" AND status IN ($4)"), "{sql}");
        assert!(!sql.contains("payment_status"), "{sql}");
    }

    #[test]
    fn only_known_columns_sort() {
        assert_eq!(sort_column("total"), Some("total"));
        assert_eq!(sort_column("email"), None);
        assert_eq!(sort_column("id; DROP TABLE customer"), None);
    }
}
