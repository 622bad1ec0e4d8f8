//! A customer's orders as the back office reads them on the customer's page: the order
//! history's read model, reached through a live customer (a deleted customer's page is gone,
//! though its orders stay for the books).

use super::not_found;
use crate::{
    error::Result,
    services::orders::{self, Include, ListQuery, SortField},
    shared::{CustomerId, Order},
    state::AppState,
    stores,
};

/// Page `page` (from 0) of a live customer's orders, `per_page` to a page, newest first,
/// and how many there are in all. An unknown or deleted customer is a 404.
pub async fn list_orders(
    state: &AppState,
    id: &CustomerId,
    page: i64,
    per_page: i64,
) -> Result<(Vec<Order>, i64)> {
    live(state, id).await?;
    let query = ListQuery {
        sort: SortField::CreatedAt,
        descending: true,
        limit: per_page,
        offset: page.saturating_mul(per_page),
        ..ListQuery::default()
    };
    orders::list_for_customer(&state.db, id, &query, Include::default()).await
}

/// One of a live customer's orders with its items, addresses and shipping methods; an
/// order of another customer is not found, like an unknown one.
pub async fn get_order(state: &AppState, id: &CustomerId, order_id: &str) -> Result<Order> {
    live(state, id).await?;
    let include = Include {
        items: true,
        addresses: true,
        shipping_methods: true,
    };
    orders::get_for_customer(&state.db, id, order_id, include).await
}

async fn live(state: &AppState, id: &CustomerId) -> Result<()> {
    stores::customers::find(&state.db, id)
        .await?
        .map(|_| ())
        .ok_or_else(|| not_found(id.as_str()))
}
