//! The signed-in customer's orders: `GET /store/orders` and `GET /store/orders/{id}` (Medusa
//! 2.x, amounts in major units), and `GET /store/customers/me/orders` (seed 000 and Medusa
//! v1: newest first, ten at a time, amounts in minor units).

use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
    Json,
};

use crate::{
    http::extract::QueryParams,
    wire::{fields, order, order_v1},
};
use app::{
    auth::CustomerActor,
    error::{Error, Result},
    services::orders::{self, ListQuery, SortField, MAX_FILTER_VALUES},
    shared::{FulfillmentStatus, Issue, IssueKind, OrderId, OrderStatus, PaymentStatus},
    state::AppState,
};

/// v1's page size for a customer's orders (spec §3.2); v2 lists take 50.
pub const V1_DEFAULT_LIMIT: i64 = 10;

/// `GET /store/orders`: `fields`, `limit`, `offset`, `order`, `id`, `status`,
/// `with_deleted` (accepted, without effect, as in Medusa).
pub async fn list(
    State(state): State<AppState>,
    actor: CustomerActor,
    mut query: QueryParams,
) -> Result<Response> {
    let mut issues = Vec::new();
    let fields = query.take_string("fields", &mut issues);
    let mut list = ListQuery::default();
    let order = page(&mut query, &mut list, &mut issues);
    let _with_deleted = query.take_bool("with_deleted", &mut issues);
    let ids = id_filter(&mut query, &mut issues);
    list.statuses = enum_filter(&mut query, "status", OrderStatus::ALL, &mut issues);
    query.finish(issues)?;
    set_order(&mut list, order.as_deref())?;
    let selection = fields::select(fields.as_deref(), &order::LIST)
        .map_err(|kind| Error::invalid_field("fields", kind))?;
    let (found, count) = match ids {
        IdFilter::Unmatchable => (Vec::new(), 0),
        IdFilter::Ids(ids) => {
            list.ids = ids;
            let include = order::include_for(&selection);
            orders::list_for_customer(&state.db, &actor.customer_id, &list, include).await?
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

/// `GET /store/orders/{id}`: the caller's own order only (ours; Medusa serves any order to
/// whoever has its id). Another's, a draft, an unknown or malformed id: 404 alike.
pub async fn get(
    State(state): State<AppState>,
    actor: CustomerActor,
    Path(id): Path<String>,
    mut query: QueryParams,
) -> Result<Response> {
    let mut issues = Vec::new();
    let fields = query.take_string("fields", &mut issues);
    query.finish(issues)?;
    let selection = fields::select(fields.as_deref(), &order::DETAIL)
        .map_err(|kind| Error::invalid_field("fields", kind))?;
    let include = order::include_for(&selection);
    let found = orders::get_for_customer(&state.db, &actor.customer_id, &id, include).await?;
    Ok(Json(order::envelope(&found, &selection)).into_response())
}

/// `GET /store/customers/me/orders` (seed 000, Medusa v1): `limit` (10), `offset`, `order`
/// (default `-created_at`, newest first), `fields`, `expand`, and v1's filters `id`,
/// `status[]`, `payment_status[]`, `fulfillment_status[]`.
pub async fn list_mine(
    State(state): State<AppState>,
    actor: CustomerActor,
    mut query: QueryParams,
) -> Result<Response> {
    let mut issues = Vec::new();
    let fields = query.take_string("fields", &mut issues);
    let expand = query.take_string("expand", &mut issues);
    let mut list = ListQuery {
        sort: SortField::CreatedAt,
        descending: true,
        limit: V1_DEFAULT_LIMIT,
        ..ListQuery::default()
    };
    let order = page(&mut query, &mut list, &mut issues);
    let ids = id_filter(&mut query, &mut issues);
    list.statuses = enum_filter(&mut query, "status", OrderStatus::ALL, &mut issues);
    list.payment_statuses = enum_filter(
        &mut query,
        "payment_status",
        PaymentStatus::ALL,
        &mut issues,
    );
    list.fulfillment_statuses = enum_filter(
        &mut query,
        "fulfillment_status",
        FulfillmentStatus::ALL,
        &mut issues,
    );
    query.finish(issues)?;
    set_order(&mut list, order.as_deref())?;
    let selection = order_v1::select(fields.as_deref(), expand.as_deref())?;
    let (found, count) = match ids {
        IdFilter::Unmatchable => (Vec::new(), 0),
        IdFilter::Ids(ids) => {
            list.ids = ids;
            orders::list_for_customer(&state.db, &actor.customer_id, &list, selection.include())
                .await?
        }
    };
    Ok(Json(order_v1::list_envelope(
        &found,
        count,
        list.offset,
        list.limit,
        selection,
    ))
    .into_response())
}

/// Takes `limit` and `offset` into `list`, and returns the raw `order`.
fn page(query: &mut QueryParams, list: &mut ListQuery, issues: &mut Vec<Issue>) -> Option<String> {
    if let Some(limit) = query.take_count("limit", issues) {
        list.limit = limit;
    }
    if let Some(offset) = query.take_count("offset", issues) {
        list.offset = offset;
    }
    query.take_string("order", issues)
}

/// `order`: a sortable field, `-` first for descending; anything else is refused with
/// Medusa's message.
pub(crate) fn set_order(list: &mut ListQuery, raw: Option<&str>) -> Result<()> {
    let Some(raw) = raw else {
        return Ok(());
    };
    let (name, descending) = match raw.strip_prefix('-') {
        Some(name) => (name, true),
        None => (raw, false),
    };
    list.sort = SortField::parse(name)
        .ok_or_else(|| Error::InvalidData(format!("Order field {name} is not valid")))?;
    list.descending = descending;
    Ok(())
}

/// The `id` filter. An id that is not an order id can match no order; when every value is
/// such, the answer is known to be empty (an empty filter would mean "no filter").
enum IdFilter {
    Ids(Vec<OrderId>),
    Unmatchable,
}

fn id_filter(query: &mut QueryParams, issues: &mut Vec<Issue>) -> IdFilter {
    let values = query.take_strings("id");
    if too_many("id", values.len(), issues) {
        return IdFilter::Ids(Vec::new());
    }
    let ids: Vec<OrderId> = values.iter().filter_map(|v| OrderId::parse(v)).collect();
    if ids.is_empty() && !values.is_empty() {
        IdFilter::Unmatchable
    } else {
        IdFilter::Ids(ids)
    }
}

/// A string-or-array filter over one of the order enums (`status`, `status[]=a&status[]=b`,
/// `status[]=a,b`). An unknown value is refused with zod's enum wording.
pub(crate) fn enum_filter<T>(
    query: &mut QueryParams,
    key: &str,
    all: &[T],
    issues: &mut Vec<Issue>,
) -> Vec<T>
where
    T: Copy + Into<&'static str>,
{
    let values = query.take_strings(key);
    if too_many(key, values.len(), issues) {
        return Vec::new();
    }
    let mut parsed = Vec::with_capacity(values.len());
    for value in values {
        match all.iter().find(|v| Into::<&str>::into(**v) == value) {
            Some(v) => parsed.push(*v),
            None => {
                let options: Vec<&str> = all.iter().map(|v| (*v).into()).collect();
                issues.push(Issue::new(
                    key,
                    IssueKind::Other(format!(
                        "Expected: '{}' for field '{key}', but got: '{value}'",
                        options.join(", ")
                    )),
                ));
                break;
            }
        }
    }
    parsed
}

fn too_many(key: &str, n: usize, issues: &mut Vec<Issue>) -> bool {
    let over = n > MAX_FILTER_VALUES;
    if over {
        issues.push(Issue::new(
            key,
            IssueKind::Other(format!(
                "{key} may list at most {MAX_FILTER_VALUES} values; {n} were sent"
            )),
        ));
    }
    over
}
