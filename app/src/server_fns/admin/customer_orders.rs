//! The back office's reads of a customer's orders: a page of them for the customer's page,
//! and one in full. Both answer `Ok(None)` when no admin is signed in.

use leptos::prelude::*;

use crate::{
    server_fns::OrderList,
    shared::{Order, PublicError},
};

/// Page `page` (from 1) of customer `customer_id`'s orders, newest first, as many to a
/// page as the customer's own order history shows. A page past the last one comes back
/// empty, with the count that shows it is past the end.
#[server(prefix = "/api", endpoint = "admin_customer_orders")]
pub async fn admin_customer_orders(
    customer_id: String,
    page: u32,
) -> Result<Option<OrderList>, PublicError> {
    use crate::{
        error::Error,
        server_fns::{context::fail, orders::ORDERS_PER_PAGE},
        services::admin_customers,
    };

    if page == 0 {
        return Err(fail(Error::InvalidData(
            "Pages are numbered from 1.".into(),
        )));
    }
    let Some((state, _admin)) = super::actor::signed_in().await? else {
        return Ok(None);
    };
    let customer = admin_customers::id_for_read(&customer_id).map_err(fail)?;
    let (orders, count) = admin_customers::list_orders(
        &state,
        &customer,
        i64::from(page - 1),
        i64::from(ORDERS_PER_PAGE),
    )
    .await
    .map_err(fail)?;
    Ok(Some(OrderList {
        orders,
        count,
        page,
    }))
}

/// Customer `customer_id`'s order `id` with its items, addresses and shipping methods.
/// Another customer's, an unknown or a malformed id is `not_found`, all alike.
#[server(prefix = "/api", endpoint = "admin_customer_order")]
pub async fn admin_customer_order(
    customer_id: String,
    id: String,
) -> Result<Option<Order>, PublicError> {
    use crate::{server_fns::context::fail, services::admin_customers};

    let Some((state, _admin)) = super::actor::signed_in().await? else {
        return Ok(None);
    };
    let customer = admin_customers::id_for_read(&customer_id).map_err(fail)?;
    admin_customers::get_order(&state, &customer, &id)
        .await
        .map(Some)
        .map_err(fail)
}
