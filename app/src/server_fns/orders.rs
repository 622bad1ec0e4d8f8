//! The order-history pages' reads: a page of the signed-in customer's orders, and one of
//! their orders in full. Both answer `Ok(None)` when nobody is signed in, so that the page
//! (not the server function) decides to send the visitor to the sign-in page.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::shared::{Order, PublicError};

/// Orders on one page of `/account/orders`.
pub const ORDERS_PER_PAGE: u32 = 10;

/// One page of the customer's orders, newest first, and how many there are in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderList {
    /// The summary of each order (no items or addresses; `item_count` says how many items).
    pub orders: Vec<Order>,
    /// All the customer's orders, on every page.
    pub count: i64,
    /// The page shown, from 1.
    pub page: u32,
}

impl OrderList {
    /// How many pages the orders fill; one when there are none (the empty state is a page).
    pub fn pages(&self) -> u32 {
        let count = u32::try_from(self.count.max(0)).unwrap_or(u32::MAX);
        count.div_ceil(ORDERS_PER_PAGE).max(1)
    }
}

#[cfg(feature = "ssr")]
async fn signed_in(
) -> Result<Option<(crate::state::AppState, crate::auth::CustomerActor)>, PublicError> {
    use super::context::{fail, parts, state};
    use crate::{auth::CustomerActor, error::Error};

    let state = state()?;
    match CustomerActor::from_parts(&state, &parts()?).await {
        Ok(actor) => Ok(Some((state, actor))),
        Err(Error::Unauthenticated) => Ok(None),
        Err(error) => Err(fail(error)),
    }
}

/// Page `page` (from 1) of the signed-in customer's orders, newest first. A page past the
/// last one comes back empty, with the count that shows it is past the end.
#[server(prefix = "/api", endpoint = "list_orders")]
pub async fn list_orders(page: u32) -> Result<Option<OrderList>, PublicError> {
    use super::context::fail;
    use crate::{
        error::Error,
        services::orders::{self, Include, ListQuery, SortField},
    };

    if page == 0 {
        return Err(fail(Error::InvalidData(
            "Pages are numbered from 1.".into(),
        )));
    }
    let Some((state, actor)) = signed_in().await? else {
        return Ok(None);
    };
    let query = ListQuery {
        sort: SortField::CreatedAt,
        descending: true,
        limit: i64::from(ORDERS_PER_PAGE),
        offset: i64::from(page - 1) * i64::from(ORDERS_PER_PAGE),
        ..ListQuery::default()
    };
    let (orders, count) =
        orders::list_for_customer(&state.db, &actor.customer_id, &query, Include::default())
            .await
            .map_err(fail)?;
    Ok(Some(OrderList {
        orders,
        count,
        page,
    }))
}

/// The signed-in customer's order `id` with its items, addresses and shipping methods.
/// Another customer's, an unknown or a malformed id is `not_found`, all alike.
#[server(prefix = "/api", endpoint = "get_order")]
pub async fn get_order(id: String) -> Result<Option<Order>, PublicError> {
    use super::context::fail;
    use crate::services::orders::{self, Include};

    let Some((state, actor)) = signed_in().await? else {
        return Ok(None);
    };
    let include = Include {
        items: true,
        addresses: true,
        shipping_methods: true,
    };
    orders::get_for_customer(&state.db, &actor.customer_id, &id, include)
        .await
        .map(Some)
        .map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(count: i64) -> OrderList {
        OrderList {
            orders: Vec::new(),
            count,
            page: 1,
        }
    }

    #[test]
    fn pages_round_up_and_an_empty_history_is_one_page() {
        assert_eq!(list(0).pages(), 1);
        assert_eq!(list(1).pages(), 1);
        assert_eq!(list(10).pages(), 1);
        assert_eq!(list(11).pages(), 2);
        assert_eq!(list(25).pages(), 3);
        assert_eq!(list(-3).pages(), 1);
    }
}
