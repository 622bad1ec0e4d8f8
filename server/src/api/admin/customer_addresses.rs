//! `GET|POST /admin/customers/{id}/addresses` and
//! `GET|POST|DELETE /admin/customers/{id}/addresses/{address_id}`: a customer's address book
//! as an admin manages it, under the addresses service's rules. Unlike Medusa, an address is
//! reached only through its own customer's path: another customer's is not found (Medusa
//! answers `{}`, or silently changes or deletes it).

use axum::{
    extract::{Path, State},
    Json,
};
use serde_json::{json, Value};

use super::customers::selection;
use crate::{
    api::store::addresses::{address_change, new_address},
    http::extract::{JsonBody, QueryParams},
    wire::{address, admin_customer, fields},
};
use app::{
    auth::AdminActor,
    error::{Error, Result},
    services::{
        addresses::{self as rules, ListQuery},
        admin_customers,
    },
    shared::{validation::wrong_type, CustomerId, Issue},
    state::AppState,
};

/// Takes `additional_data` (a record for Medusa's workflow hooks; accepted, not stored) out
/// of an address body, which is otherwise the store's strict address body.
fn address_body(mut body: Value) -> Result<Value> {
    if let Value::Object(map) = &mut body {
        match map.remove("additional_data") {
            None | Some(Value::Null) | Some(Value::Object(_)) => {}
            Some(other) => {
                return Err(Error::invalid_field(
                    "additional_data",
                    wrong_type("record", &other),
                ))
            }
        }
    }
    Ok(body)
}

/// The address id's 404 for a path whose customer id is malformed: no address is there.
fn customer_or_missing_address(raw: &str, address_id: &str) -> Result<CustomerId> {
    CustomerId::parse(raw).ok_or_else(|| rules::not_found(address_id))
}

/// `GET /admin/customers/{id}/addresses`: `fields`, `limit`, `offset`, `order`, `q`,
/// `company`, `city`, `country_code`, `province`, `postal_code`. An unknown customer has no
/// addresses.
pub async fn list(
    State(state): State<AppState>,
    _admin: AdminActor,
    Path(id): Path<String>,
    mut query: QueryParams,
) -> Result<Json<Value>> {
    let mut issues = Vec::new();
    let paging = query.take_paging(&mut issues);
    let mut list = ListQuery::default();
    list.limit = paging.limit.unwrap_or(list.limit);
    list.offset = paging.offset.unwrap_or(list.offset);
    if let Some(q) = query.take_string("q", &mut issues) {
        if let Err(kind) = list.set_search(&q) {
            issues.push(Issue::new("q", kind));
        }
    }
    for (key, target) in [
        ("city", &mut list.city),
        ("country_code", &mut list.country_code),
        ("postal_code", &mut list.postal_code),
        ("company", &mut list.company),
        ("province", &mut list.province),
    ] {
        match rules::filter_values(key, query.take_strings(key)) {
            Ok(values) => *target = values,
            Err(issue) => issues.push(issue),
        }
    }
    query.finish(issues)?;
    if let Some(order) = paging.order {
        list.set_order(&order)?;
    }
    let selection = fields::select(paging.fields.as_deref(), &admin_customer::ADMIN_ADDRESS)
        .map_err(|kind| Error::invalid_field("fields", kind))?;
    let (found, count) = match CustomerId::parse(&id) {
        Some(customer) => admin_customers::list_addresses(&state, &customer, &list).await?,
        None => (Vec::new(), 0),
    };
    Ok(Json(address::list_envelope(
        &found,
        count,
        list.offset,
        list.limit,
        &selection,
    )))
}

/// `POST /admin/customers/{id}/addresses`: answers the customer (its addresses only with
/// `fields=*addresses`).
pub async fn create(
    State(state): State<AppState>,
    _admin: AdminActor,
    Path(id): Path<String>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let input = new_address(address_body(body)?)?;
    let selection = selection(query)?;
    let customer = admin_customers::id_for_write(&id)?;
    let changed = admin_customers::add_address(&state, &customer, input).await?;
    customer_answer(&state, changed, &selection).await
}

/// `GET /admin/customers/{id}/addresses/{address_id}`.
pub async fn get(
    State(state): State<AppState>,
    _admin: AdminActor,
    Path((id, address_id)): Path<(String, String)>,
    mut query: QueryParams,
) -> Result<Json<Value>> {
    let mut issues = Vec::new();
    let raw = query.take_string("fields", &mut issues);
    query.finish(issues)?;
    let selection = fields::select(raw.as_deref(), &admin_customer::ADMIN_ADDRESS)
        .map_err(|kind| Error::invalid_field("fields", kind))?;
    let customer = customer_or_missing_address(&id, &address_id)?;
    let found = admin_customers::get_address(&state, &customer, &address_id).await?;
    Ok(Json(address::envelope(&found, &selection)))
}

/// `POST /admin/customers/{id}/addresses/{address_id}`: a partial update; answers the
/// customer.
pub async fn update(
    State(state): State<AppState>,
    _admin: AdminActor,
    Path((id, address_id)): Path<(String, String)>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let change = address_change(address_body(body)?)?;
    let selection = selection(query)?;
    let customer = customer_or_missing_address(&id, &address_id)?;
    let changed = admin_customers::update_address(&state, &customer, &address_id, change).await?;
    customer_answer(&state, changed, &selection).await
}

/// `DELETE /admin/customers/{id}/addresses/{address_id}`: the address's id, and the
/// customer as `parent`.
pub async fn delete(
    State(state): State<AppState>,
    _admin: AdminActor,
    Path((id, address_id)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Json<Value>> {
    let selection = selection(query)?;
    let customer = customer_or_missing_address(&id, &address_id)?;
    let (deleted, parent) = admin_customers::delete_address(&state, &customer, &address_id).await?;
    let parent = with_selection(&state, parent, &selection).await?;
    Ok(Json(admin_customer::address_deleted_envelope(
        &deleted, &parent, &selection,
    )))
}

async fn with_selection(
    state: &AppState,
    customer: app::shared::Customer,
    selection: &[fields::Selected],
) -> Result<app::shared::Customer> {
    let mut customers = [customer];
    admin_customers::load(
        state,
        &mut customers,
        admin_customer::include_for(selection),
    )
    .await?;
    let [customer] = customers;
    Ok(customer)
}

async fn customer_answer(
    state: &AppState,
    customer: app::shared::Customer,
    selection: &[fields::Selected],
) -> Result<Json<Value>> {
    let customer = with_selection(state, customer, selection).await?;
    Ok(Json(json!({
        "customer": admin_customer::customer(&customer, selection)
    })))
}
