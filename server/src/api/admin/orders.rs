//! `GET /admin/orders?customer_id=…` and `GET /admin/orders/{id}`: a customer's orders as
//! the back office reads them, from the order read model, in the v2 order shape of
//! `GET /store/orders`. Unlike Medusa's admin order list, `customer_id` is required: the back
//! office reads orders one customer at a time (there is no all-orders view).

use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
    Json,
};

use crate::{
    api::store::orders::{enum_filter, set_order},
    http::extract::QueryParams,
    wire::{fields, order},
};
use app::{
    auth::AdminActor,
    error::{Error, Result},
    services::orders::{self, ListQuery},
    shared::{CustomerId, Issue, IssueKind, OrderStatus},
    state::AppState,
};

/// `GET /admin/orders`: `customer_id` (required), `fields`, `limit`, `offset`, `order`,
/// `status`, `with_deleted` (accepted, without effect).
pub async fn list(
    State(state): State<AppState>,
    _admin: AdminActor,
    mut query: QueryParams,
) -> Result<Response> {
    let mut issues = Vec::new();
    let paging = query.take_paging(&mut issues);
    let mut list = ListQuery::default();
    list.limit = paging.limit.unwrap_or(list.limit);
    list.offset = paging.offset.unwrap_or(list.offset);
    let customer = query.take_string("customer_id", &mut issues);
    if customer.is_none() && !issues.iter().any(|issue| issue.field == "customer_id") {
        issues.push(Issue::new("customer_id", IssueKind::Required));
    }
    list.statuses = enum_filter(&mut query, "status", OrderStatus::ALL, &mut issues);
    query.finish(issues)?;
    set_order(&mut list, paging.order.as_deref())?;
    let selection = fields::select(paging.fields.as_deref(), &order::LIST)
        .map_err(|kind| Error::invalid_field("fields", kind))?;
    let (found, count) = match customer.as_deref().and_then(CustomerId::parse) {
        // An id that is not a customer id has no orders.
        None => (Vec::new(), 0),
        Some(customer) => {
            let include = order::include_for(&selection);
            orders::list_for_customer(&state.db, &customer, &list, include).await?
        }
    };
    Ok(Json(order::list_envelope(
        &found,
        count,
        list.offset,
        list.limit,
        &selection,
    ))
    .into_response())
}

/// `GET /admin/orders/{id}`: any customer's order (never a draft).
pub async fn get(
    State(state): State<AppState>,
    _admin: AdminActor,
    Path(id): Path<String>,
    mut query: QueryParams,
) -> Result<Response> {
    let mut issues = Vec::new();
    let raw = query.take_string("fields", &mut issues);
    query.finish(issues)?;
    let selection = fields::select(raw.as_deref(), &order::DETAIL)
        .map_err(|kind| Error::invalid_field("fields", kind))?;
    let include = order::include_for(&selection);
    let found = orders::get_any(&state.db, &id, include).await?;
    Ok(Json(order::envelope(&found, &selection)).into_response())
}
