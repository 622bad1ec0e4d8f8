//! SQL for `server import-orders`: the look-ups that check and link a batch of orders, and
//! multi-row writes. Each statement takes a whole batch, so 100 000 orders are a few hundred
//! statements; rows per statement are fixed (the caller sends full chunks) so that each
//! statement text is prepared once per connection and reused.

use std::collections::{HashMap, HashSet};

use sqlx::{types::Json, QueryBuilder};

use super::AddressKind;
use crate::{
    shared::{Order, OrderAddress, OrderId, OrderItem},
    stores::{db::on_tx, Db, Tx},
};

/// Orders per statement: 24 values each, well under both backends' limit on bound
/// parameters (32 766 on SQLite, 65 535 on PostgreSQL).
pub const ORDER_CHUNK: usize = 500;
/// Line items per statement (19 values each).
pub const ITEM_CHUNK: usize = 1000;
/// Addresses per statement (14 values each).
pub const ADDRESS_CHUNK: usize = 1000;

/// Which of `display_ids` are taken, and by which order.
pub async fn display_id_owners(
    tx: &mut Tx,
    display_ids: &[i64],
) -> Result<HashMap<i64, String>, sqlx::Error> {
    if display_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String)> = on_tx!(tx, conn => {
        let mut query = QueryBuilder::new("SELECT display_id, id FROM customer_order WHERE display_id IN (");
        let mut list = query.separated(", ");
        for id in display_ids {
            list.push_bind(*id);
        }
        query.push(")");
        query.build_query_as().fetch_all(&mut **conn).await?
    });
    Ok(rows.into_iter().collect())
}

/// Which of `ids` are already stored (a re-import updates them).
pub async fn existing(tx: &mut Tx, ids: &[&str]) -> Result<HashSet<String>, sqlx::Error> {
    in_list(tx, "SELECT id FROM customer_order WHERE id IN (", ids, ")").await
}

/// Which of `ids` are live customers (an order may name its customer by id).
pub async fn live_customers(tx: &mut Tx, ids: &[&str]) -> Result<HashSet<String>, sqlx::Error> {
    in_list(
        tx,
        "SELECT id FROM customer WHERE deleted_at IS NULL AND id IN (",
        ids,
        ")",
    )
    .await
}

/// The registered customer (live, with an account) of each of `emails` (normalized) that
/// has one: the unique index on `(email_normalized, has_account)` allows at most one.
pub async fn registered_by_email(
    tx: &mut Tx,
    emails: &[&str],
) -> Result<HashMap<String, String>, sqlx::Error> {
    if emails.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(String, String)> = on_tx!(tx, conn => {
        let mut query = QueryBuilder::new(
            "SELECT email_normalized, id FROM customer \
             WHERE deleted_at IS NULL AND has_account = ",
        );
        query.push_bind(true).push(" AND email_normalized IN (");
        let mut list = query.separated(", ");
        for email in emails {
            list.push_bind(*email);
        }
        query.push(")");
        query.build_query_as().fetch_all(&mut **conn).await?
    });
    Ok(rows.into_iter().collect())
}

/// `{before}$1, $2, …{after}` → the first column of every row.
async fn in_list(
    tx: &mut Tx,
    before: &str,
    values: &[&str],
    after: &str,
) -> Result<HashSet<String>, sqlx::Error> {
    if values.is_empty() {
        return Ok(HashSet::new());
    }
    let rows: Vec<(String,)> = on_tx!(tx, conn => {
        let mut query = QueryBuilder::new(before);
        let mut list = query.separated(", ");
        for value in values {
            list.push_bind(*value);
        }
        query.push(after);
        query.build_query_as().fetch_all(&mut **conn).await?
    });
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// An order row to write: the order (its `customer_id` decided by the importer) and the two
/// columns the read model does not carry.
pub struct OrderWrite<'a> {
    pub order: &'a Order,
    pub email_normalized: Option<&'a str>,
    pub is_draft_order: bool,
}

/// Inserts the orders, or, for an id already stored, overwrites every column of its row.
pub async fn upsert(tx: &mut Tx, orders: &[OrderWrite<'_>]) -> Result<(), sqlx::Error> {
    if orders.is_empty() {
        return Ok(());
    }
    const COLUMNS: [&str; 24] = [
        "id",
        "display_id",
        "customer_id",
        "email",
        "email_normalized",
        "currency_code",
        "status",
        "payment_status",
        "fulfillment_status",
        "is_draft_order",
        "region_id",
        "sales_channel_id",
        "subtotal",
        "shipping_total",
        "tax_total",
        "discount_total",
        "total",
        "item_count",
        "shipping_methods",
        "metadata",
        "canceled_at",
        "created_at",
        "updated_at",
        "document",
    ];
    let updates: Vec<String> = COLUMNS[1..]
        .iter()
        .map(|column| format!("{column} = excluded.{column}"))
        .collect();
    let conflict = format!(" ON CONFLICT (id) DO UPDATE SET {}", updates.join(", "));
    let head = format!("INSERT INTO customer_order ({}) ", COLUMNS.join(", "));
    let documents = orders
        .iter()
        .map(|write| serde_json::to_string(write.order))
        .collect::<Result<Vec<String>, _>>()
        .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
    on_tx!(tx, conn => {
        let mut query = QueryBuilder::new(head);
        query.push_values(orders.iter().zip(&documents), |mut row, (write, document)| {
            let order = write.order;
            row.push_bind(order.id.as_str())
                .push_bind(order.display_id)
                .push_bind(order.customer_id.as_ref().map(|id| id.as_str()))
                .push_bind(order.email.as_deref())
                .push_bind(write.email_normalized)
                .push_bind(order.currency_code.as_str())
                .push_bind(order.status.as_str())
                .push_bind(order.payment_status.as_str())
                .push_bind(order.fulfillment_status.as_str())
                .push_bind(write.is_draft_order)
                .push_bind(order.region_id.as_deref())
                .push_bind(order.sales_channel_id.as_deref())
                .push_bind(order.totals.subtotal)
                .push_bind(order.totals.shipping_total)
                .push_bind(order.totals.tax_total)
                .push_bind(order.totals.discount_total)
                .push_bind(order.totals.total)
                .push_bind(order.item_count)
                .push_bind(Json(&order.shipping_methods))
                .push_bind(order.metadata.as_ref().map(Json))
                .push_bind(order.canceled_at)
                .push_bind(order.created_at)
                .push_bind(order.updated_at)
                .push_bind(document.as_str());
        });
        query.push(&conflict);
        query.build().execute(&mut **conn).await.map(drop)
    })
}

/// Removes the line items and addresses of `orders`, before a re-import writes them anew.
pub async fn delete_children(tx: &mut Tx, orders: &[&str]) -> Result<(), sqlx::Error> {
    if orders.is_empty() {
        return Ok(());
    }
    for table in ["order_line_item", "order_address"] {
        on_tx!(tx, conn => {
            let mut query = QueryBuilder::new(format!("DELETE FROM {table} WHERE order_id IN ("));
            let mut list = query.separated(", ");
            for id in orders {
                list.push_bind(*id);
            }
            query.push(")");
            query.build().execute(&mut **conn).await.map(drop)?
        });
    }
    Ok(())
}

/// A line item to insert: its order, and its place among the order's lines.
pub struct ItemWrite {
    pub order_id: OrderId,
    pub position: i64,
    pub item: OrderItem,
}

pub async fn insert_items(tx: &mut Tx, items: &[ItemWrite]) -> Result<(), sqlx::Error> {
    if items.is_empty() {
        return Ok(());
    }
    on_tx!(tx, conn => {
        let mut query = QueryBuilder::new(
            "INSERT INTO order_line_item (order_id, position, id, title, subtitle, thumbnail, \
             variant_id, product_id, variant_sku, variant_title, quantity, unit_price, subtotal, \
             tax_total, discount_total, total, metadata, created_at, updated_at) ",
        );
        query.push_values(items, |mut row, write| {
            let item = &write.item;
            row.push_bind(write.order_id.as_str())
                .push_bind(write.position)
                .push_bind(item.id.as_str())
                .push_bind(item.title.as_str())
                .push_bind(item.subtitle.as_deref())
                .push_bind(item.thumbnail.as_deref())
                .push_bind(item.variant_id.as_deref())
                .push_bind(item.product_id.as_deref())
                .push_bind(item.variant_sku.as_deref())
                .push_bind(item.variant_title.as_deref())
                .push_bind(item.quantity)
                .push_bind(item.unit_price)
                .push_bind(item.subtotal)
                .push_bind(item.tax_total)
                .push_bind(item.discount_total)
                .push_bind(item.total)
                .push_bind(item.metadata.as_ref().map(Json))
                .push_bind(item.created_at)
                .push_bind(item.updated_at);
        });
        query.build().execute(&mut **conn).await.map(drop)
    })
}

/// An order address to insert.
pub struct AddressWrite {
    pub order_id: OrderId,
    pub kind: AddressKind,
    pub address: OrderAddress,
}

pub async fn insert_addresses(tx: &mut Tx, addresses: &[AddressWrite]) -> Result<(), sqlx::Error> {
    if addresses.is_empty() {
        return Ok(());
    }
    on_tx!(tx, conn => {
        let mut query = QueryBuilder::new(
            "INSERT INTO order_address (order_id, kind, id, first_name, last_name, company, \
             address_1, address_2, city, province, postal_code, country_code, phone, metadata) ",
        );
        query.push_values(addresses, |mut row, write| {
            let address = &write.address;
            row.push_bind(write.order_id.as_str())
                .push_bind(write.kind.as_str())
                .push_bind(address.id.as_str())
                .push_bind(address.first_name.as_deref())
                .push_bind(address.last_name.as_deref())
                .push_bind(address.company.as_deref())
                .push_bind(address.address_1.as_deref())
                .push_bind(address.address_2.as_deref())
                .push_bind(address.city.as_deref())
                .push_bind(address.province.as_deref())
                .push_bind(address.postal_code.as_deref())
                .push_bind(address.country_code.as_deref())
                .push_bind(address.phone.as_deref())
                .push_bind(address.metadata.as_ref().map(Json));
        });
        query.build().execute(&mut **conn).await.map(drop)
    })
}

/// After an import, PostgreSQL's planner statistics for the order tables, which autovacuum
/// refreshes only later. Without them it takes `order_id IN (…500 ids…)` for the whole table
/// and scans it: a re-import of 100 000 orders took 45 s instead of 20. SQLite plans these
/// statements from the indexes alone and needs nothing.
pub async fn refresh_statistics(db: &Db) -> Result<(), sqlx::Error> {
    match db {
        Db::Sqlite(_) => Ok(()),
        Db::Postgres(pool) => sqlx::query("ANALYZE customer_order, order_line_item, order_address")
            .execute(pool)
            .await
            .map(drop),
    }
}
