//! SQL for the order read model: `customer_order`, `order_line_item` and `order_address`.
//! Reads are scoped to one customer and never show drafts; a list is one query for the page,
//! one for the items of the page's orders and one for their addresses, and a count only when
//! the page cannot tell it. The importer's bulk writes are in [`import`].

pub mod import;
mod rows;

use super::db::{on_db, Db};
use crate::shared::{CustomerId, Order, OrderAddress, OrderId, OrderItem};
use rows::{AddressRow, ItemRow, OrderRow};

const ORDER_COLUMNS: &str = "id, display_id, customer_id, email, currency_code, status, \
                             payment_status, fulfillment_status, region_id, sales_channel_id, \
                             subtotal, shipping_total, tax_total, discount_total, total, \
                             item_count, shipping_methods, metadata, canceled_at, created_at, \
                             updated_at";

const ITEM_COLUMNS: &str = "order_id, id, title, subtitle, thumbnail, variant_id, product_id, \
                            variant_sku, variant_title, quantity, unit_price, subtotal, \
                            tax_total, discount_total, total, metadata, created_at, updated_at";

const ADDRESS_COLUMNS: &str = "order_id, kind, id, first_name, last_name, company, address_1, \
                               address_2, city, province, postal_code, country_code, phone, \
                               metadata";

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

/// `$first, $first+1, …` for `n` values.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One page of the customer's visible orders (without items or addresses), and how many
/// match in all.
pub async fn list_for_customer(
    db: &Db,
    customer_id: &CustomerId,
    filter: &ListFilter<'_>,
    page: Page,
) -> Result<(Vec<Order>, i64), sqlx::Error> {
    let order = sort_column(page.order).unwrap_or("id");
    let direction = if page.descending { "DESC" } else { "ASC" };
    let (condition, binds) = list_where(filter);
    let limit_n = binds.len() + 2;
    // The id breaks ties in the same direction, so that a page never overlaps the next and
    // `created_at` either way is one walk of customer_order_customer_created_idx.
    let tie = if order == "id" {
        String::new()
    } else {
        format!(", id {direction}")
    };
    let select = format!(
        "SELECT {ORDER_COLUMNS} FROM customer_order {condition} \
         ORDER BY {order} {direction}{tie} LIMIT ${limit_n} OFFSET ${}",
        limit_n + 1
    );
    let count = format!("SELECT COUNT(*) FROM customer_order {condition}");
    let (rows, total): (Vec<OrderRow>, i64) = on_db!(db, pool => {
        let mut query = sqlx::query_as(&select).bind(customer_id.as_str());
        for value in &binds {
            query = query.bind(*value);
        }
        let rows: Vec<OrderRow> = query.bind(page.limit).bind(page.offset).fetch_all(pool).await?;
        match count_from_page(page, rows.len()) {
            Some(total) => (rows, total),
            None => {
                let mut query = sqlx::query_scalar(&count).bind(customer_id.as_str());
                for value in &binds {
                    query = query.bind(*value);
                }
                (rows, query.fetch_one(pool).await?)
            }
        }
    });
    let orders = rows
        .into_iter()
        .map(OrderRow::into_order)
        .collect::<Result<_, _>>()?;
    Ok((orders, total))
}

/// The number of matches when the page itself shows it: a page that is not full and not past
/// the end holds the last match, so the count is its offset plus its rows. A full page or an
/// empty one after the first needs the count query.
fn count_from_page(page: Page, rows: usize) -> Option<i64> {
    let rows = i64::try_from(rows).ok()?;
    let last_page = rows < page.limit && (rows > 0 || page.offset == 0);
    last_page.then_some(page.offset + rows)
}

/// One of the customer's visible orders (without items or addresses).
pub async fn find_for_customer(
    db: &Db,
    customer_id: &CustomerId,
    id: &OrderId,
) -> Result<Option<Order>, sqlx::Error> {
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM customer_order \
         WHERE id = $1 AND customer_id = $2 AND {NOT_DRAFT}"
    );
    let row: Option<OrderRow> = on_db!(db, pool => {
        sqlx::query_as(&sql)
            .bind(id.as_str())
            .bind(customer_id.as_str())
            .fetch_optional(pool)
            .await?
    });
    row.map(OrderRow::into_order).transpose()
}

/// The line items of `orders`, each with its order's id, in each order's own line order.
pub async fn items_of(
    db: &Db,
    orders: &[&OrderId],
) -> Result<Vec<(OrderId, OrderItem)>, sqlx::Error> {
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM order_line_item WHERE order_id IN ({}) \
         ORDER BY order_id, position",
        placeholders(1, orders.len())
    );
    let rows: Vec<ItemRow> = on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql);
        for id in orders {
            query = query.bind(id.as_str());
        }
        query.fetch_all(pool).await?
    });
    rows.into_iter().map(ItemRow::into_item).collect()
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

/// The shipping and billing addresses of `orders`, each with its order's id and kind.
pub async fn addresses_of(
    db: &Db,
    orders: &[&OrderId],
) -> Result<Vec<(OrderId, AddressKind, OrderAddress)>, sqlx::Error> {
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {ADDRESS_COLUMNS} FROM order_address WHERE order_id IN ({})",
        placeholders(1, orders.len())
    );
    let rows: Vec<AddressRow> = on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql);
        for id in orders {
            query = query.bind(id.as_str());
        }
        query.fetch_all(pool).await?
    });
    rows.into_iter().map(AddressRow::into_address).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(limit: i64, offset: i64) -> Page {
        Page {
            order: "created_at",
            descending: true,
            limit,
            offset,
        }
    }

    #[test]
    fn a_page_that_is_not_full_counts_itself() {
        assert_eq!(count_from_page(page(10, 0), 3), Some(3));
        assert_eq!(count_from_page(page(10, 0), 0), Some(0));
        assert_eq!(count_from_page(page(10, 40), 7), Some(47));
    }

    #[test]
    fn a_full_page_or_one_past_the_end_needs_the_count() {
        assert_eq!(count_from_page(page(10, 0), 10), None);
        assert_eq!(count_from_page(page(10, 60), 0), None);
    }

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
        assert_eq!(placeholders(3, 2), "$3, $4");
    }
}
