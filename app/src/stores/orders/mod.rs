//! SQL for the order read model: `customer_order`, `order_line_item` and `order_address`.
//! Reads are scoped to one customer and never show drafts. Each order row carries the whole
//! order as a JSON `document` (written by the importer), so a page of orders with their
//! items and addresses, and the count of all matches, is one query answering one row: the
//! database joins the page's documents into one JSON array and does no other work.
//! The importer's bulk writes are in [`import`].
//!
//! Why one row: sqlx runs SQLite on a worker thread and hands every row across to the async
//! side; a page read as order, item and address rows was about sixty rows in three queries,
//! and the hand-offs and the assembly took five times what the page's text does now.

pub mod import;

use super::db::{on_db, Db};
use crate::shared::{CustomerId, Order, OrderId};

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

/// One page of the customer's visible orders, each whole, and how many match in all.
pub async fn list_for_customer(
    db: &Db,
    customer_id: &CustomerId,
    filter: &ListFilter<'_>,
    page: Page,
) -> Result<(Vec<Order>, i64), sqlx::Error> {
    let (condition, binds) = list_where(filter);
    let sql = page_query(
        &condition,
        sort_column(page.order).unwrap_or("id"),
        if page.descending { "DESC" } else { "ASC" },
        binds.len() + 2,
    );
    let (total, documents): (i64, String) = on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql).bind(customer_id.as_str());
        for value in &binds {
            query = query.bind(*value);
        }
        query.bind(page.limit).bind(page.offset).fetch_one(pool).await?
    });
    let mut orders: Vec<Order> =
        serde_json::from_str(&documents).map_err(|error| sqlx::Error::Decode(Box::new(error)))?;
    // The row's column decides whose order it is (the query matched it); the document
    // repeats what the importer linked.
    for order in &mut orders {
        order.customer_id = Some(customer_id.clone());
    }
    Ok((orders, total))
}

/// `SELECT total, page` on both backends: how many orders match `condition` (whose values
/// are `$1…`), and the page of their documents as one JSON array, sorted by `order` then id
/// (both `direction`), limit and offset at `$limit` and the next placeholder.
fn page_query(condition: &str, order: &str, direction: &str, limit: usize) -> String {
    let tie = if order == "id" {
        String::new()
    } else {
        format!(", id {direction}")
    };
    format!(
        "SELECT (SELECT COUNT(*) FROM customer_order {condition}) AS total, \
         (SELECT '[' || COALESCE(string_agg(p.document, ',' ORDER BY p.k {direction}, p.id {direction}), '') || ']' \
          FROM (SELECT {order} AS k, id, document FROM customer_order {condition} \
                ORDER BY {order} {direction}{tie} LIMIT ${limit} OFFSET ${}) AS p) AS page",
        limit + 1
    )
}

/// One of the customer's visible orders, whole.
pub async fn find_for_customer(
    db: &Db,
    customer_id: &CustomerId,
    id: &OrderId,
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
    let (mut orders, _) = list_for_customer(db, customer_id, &filter, page).await?;
    Ok(orders.pop())
}

/// Any customer's visible order (for admins), whole.
pub async fn find_any(db: &Db, id: &OrderId) -> Result<Option<Order>, sqlx::Error> {
    let sql =
        format!("SELECT customer_id, document FROM customer_order WHERE id = $1 AND {NOT_DRAFT}");
    let row: Option<(Option<String>, String)> = on_db!(db, pool => {
        sqlx::query_as(&sql).bind(id.as_str()).fetch_optional(pool).await?
    });
    let Some((customer_id, document)) = row else {
        return Ok(None);
    };
    let mut order: Order =
        serde_json::from_str(&document).map_err(|error| sqlx::Error::Decode(Box::new(error)))?;
    // As in the list: the row's column decides whose order it is.
    order.customer_id = customer_id.as_deref().and_then(CustomerId::parse);
    Ok(Some(order))
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
    fn a_page_joins_its_documents_in_its_own_order() {
        let sql = page_query("WHERE customer_id = $1", "total", "DESC", 2);
        assert!(sql.starts_with(
            "SELECT (SELECT COUNT(*) FROM customer_order WHERE customer_id = $1) AS total"
        ));
        assert!(
            sql.contains("string_agg(p.document, ',' ORDER BY p.k DESC, p.id DESC)"),
            "{sql}"
        );
        assert!(
            sql.contains("ORDER BY total DESC, id DESC LIMIT $2 OFFSET $3"),
            "{sql}"
        );
        let by_id = page_query("WHERE customer_id = $1", "id", "ASC", 4);
        assert!(
            by_id.contains("ORDER BY id ASC LIMIT $4 OFFSET $5"),
            "{by_id}"
        );
    }

    #[test]
    fn only_known_columns_sort() {
        assert_eq!(sort_column("total"), Some("total"));
        assert_eq!(sort_column("email"), None);
        assert_eq!(sort_column("id; DROP TABLE customer"), None);
    }
}
