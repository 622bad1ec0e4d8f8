//! SQL for what a page of customers shows besides their own columns: their live addresses
//! and their live groups, each one query for the whole page.

use super::{
    addresses::{self, AddressRow},
    customer_groups::{self, placeholders, GroupRow},
    db::{on_db, on_tx, Db, Tx},
};
use crate::shared::{Customer, CustomerGroupId, CustomerId};

/// Fills in each customer's live addresses, oldest first.
pub async fn load_addresses(db: &Db, customers: &mut [Customer]) -> Result<(), sqlx::Error> {
    if customers.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT {} FROM customer_address WHERE deleted_at IS NULL AND customer_id IN ({}) \
         ORDER BY id",
        addresses::COLUMNS,
        placeholders(1, customers.len())
    );
    let rows: Vec<AddressRow> = on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql);
        for customer in customers.iter() {
            query = query.bind(customer.id.as_str());
        }
        query.fetch_all(pool).await?
    });
    for row in rows {
        let address = row.into_address()?;
        if let Some(customer) = customers.iter_mut().find(|c| c.id == address.customer_id) {
            customer.addresses.push(address);
        }
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    customer_id: String,
    #[sqlx(flatten)]
    group: GroupRow,
}

/// Fills in each customer's live groups, oldest first (without their members).
pub async fn load_groups(db: &Db, customers: &mut [Customer]) -> Result<(), sqlx::Error> {
    if customers.is_empty() {
        return Ok(());
    }
    let columns: Vec<String> = customer_groups::COLUMNS
        .split(", ")
        .map(|column| format!("g.{column}"))
        .collect();
    let sql = format!(
        "SELECT m.customer_id, {} FROM customer_group_customer m \
         JOIN customer_group g ON g.id = m.customer_group_id \
         WHERE g.deleted_at IS NULL AND m.customer_id IN ({}) ORDER BY g.id",
        columns.join(", "),
        placeholders(1, customers.len())
    );
    let rows: Vec<MembershipRow> = on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql);
        for customer in customers.iter() {
            query = query.bind(customer.id.as_str());
        }
        query.fetch_all(pool).await?
    });
    for row in rows {
        let group = row.group.into_group()?;
        if let Some(customer) = customers
            .iter_mut()
            .find(|c| c.id.as_str() == row.customer_id)
        {
            customer.groups.push(group);
        }
    }
    Ok(())
}

/// Of `ids`, those that are live groups.
pub async fn live_groups(tx: &mut Tx, ids: &[CustomerGroupId]) -> Result<Vec<String>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id FROM customer_group WHERE deleted_at IS NULL AND id IN ({})",
        placeholders(1, ids.len())
    );
    on_tx!(tx, conn => {
        let mut query = sqlx::query_scalar::<_, String>(&sql);
        for id in ids {
            query = query.bind(id.as_str());
        }
        query.fetch_all(&mut **conn).await
    })
}

/// Ends the customer's membership of each of `groups` (those it is in).
pub async fn leave_groups(
    tx: &mut Tx,
    customer: &CustomerId,
    groups: &[CustomerGroupId],
) -> Result<(), sqlx::Error> {
    if groups.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "DELETE FROM customer_group_customer WHERE customer_id = $1 AND customer_group_id IN ({})",
        placeholders(2, groups.len())
    );
    on_tx!(tx, conn => {
        let mut query = sqlx::query(&sql).bind(customer.as_str());
        for group in groups {
            query = query.bind(group.as_str());
        }
        query.execute(&mut **conn).await.map(drop)
    })
}
