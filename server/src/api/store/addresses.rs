//! `GET|POST /store/customers/me/addresses`, `GET|POST|DELETE …/addresses/{id}`: the
//! signed-in customer's address book.

use axum::{
    extract::{Path, State},
    Json,
};
use serde_json::Value;

use crate::{
    http::{
        extract::{JsonBody, QueryParams},
        validate::ObjectFields,
    },
    wire::{address, customer, fields},
};
use app::{
    auth::CustomerActor,
    error::{Error, Result},
    services::addresses::{self, ListQuery},
    shared::{address as rules, AddressChange, NewAddress},
    state::AppState,
};

/// The query of the routes that answer with a record: `fields` only.
fn selection(mut query: QueryParams, shape: &fields::Shape) -> Result<Vec<fields::Selected>> {
    let mut issues = Vec::new();
    let fields = query.take_string("fields", &mut issues);
    query.finish(issues)?;
    fields::select(fields.as_deref(), shape).map_err(|kind| Error::invalid_field("fields", kind))
}

/// `GET /store/customers/me/addresses`.
pub async fn list(
    State(state): State<AppState>,
    actor: CustomerActor,
    mut query: QueryParams,
) -> Result<Json<Value>> {
    let mut issues = Vec::new();
    let paging = query.take_paging(&mut issues);
    let mut list = ListQuery::default();
    list.limit = paging.limit.unwrap_or(list.limit);
    list.offset = paging.offset.unwrap_or(list.offset);
    if let Some(q) = query.take_string("q", &mut issues) {
        if let Err(kind) = list.set_search(&q) {
            issues.push(app::shared::Issue::new("q", kind));
        }
    }
    for (key, target) in [
        ("city", &mut list.city),
        ("country_code", &mut list.country_code),
        ("postal_code", &mut list.postal_code),
    ] {
        match addresses::filter_values(key, query.take_strings(key)) {
            Ok(values) => *target = values,
            Err(issue) => issues.push(issue),
        }
    }
    query.finish(issues)?;
    if let Some(order) = paging.order {
        list.set_order(&order)?;
    }
    let selection = fields::select(paging.fields.as_deref(), &address::STORE)
        .map_err(|kind| Error::invalid_field("fields", kind))?;
    let (found, count) = addresses::list(&state, &actor.customer_id, &list).await?;
    Ok(Json(address::list_envelope(
        &found,
        count,
        list.offset,
        list.limit,
        &selection,
    )))
}

/// `POST /store/customers/me/addresses`: answers the customer. A body `{address: …}` is
/// v1's form of the route (see `v1_customers`).
pub async fn create(
    State(state): State<AppState>,
    actor: CustomerActor,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    if super::v1_customers::is_v1_address(&body) {
        selection(query, &customer::STORE)?;
        return super::v1_customers::add_address(&state, &actor, body).await;
    }
    let input = new_address(body)?;
    let selection = selection(query, &customer::STORE)?;
    let me = addresses::create(&state, &actor.customer_id, input).await?;
    Ok(Json(customer::store_envelope(&me, &selection)))
}

/// `GET /store/customers/me/addresses/{id}`.
pub async fn get(
    State(state): State<AppState>,
    actor: CustomerActor,
    Path(id): Path<String>,
    query: QueryParams,
) -> Result<Json<Value>> {
    let selection = selection(query, &address::STORE)?;
    let found = addresses::get(&state, &actor.customer_id, &id).await?;
    Ok(Json(address::envelope(&found, &selection)))
}

/// `POST /store/customers/me/addresses/{id}`: a partial update; answers the customer.
pub async fn update(
    State(state): State<AppState>,
    actor: CustomerActor,
    Path(id): Path<String>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let change = address_change(body)?;
    let selection = selection(query, &customer::STORE)?;
    let me = addresses::update(&state, &actor.customer_id, &id, change).await?;
    Ok(Json(customer::store_envelope(&me, &selection)))
}

/// `DELETE /store/customers/me/addresses/{id}`.
pub async fn delete(
    State(state): State<AppState>,
    actor: CustomerActor,
    Path(id): Path<String>,
    query: QueryParams,
) -> Result<Json<Value>> {
    let selection = selection(query, &customer::STORE)?;
    let (id, me) = addresses::delete(&state, &actor.customer_id, &id).await?;
    Ok(Json(address::deleted_envelope(&id, &me, &selection)))
}

/// Medusa's strict address body, for a new address: every field optional.
pub(crate) fn new_address(body: Value) -> Result<NewAddress> {
    let mut fields = ObjectFields::new(body)?;
    let first_name = fields.optional("first_name", rules::text);
    let last_name = fields.optional("last_name", rules::text);
    let phone = fields.optional("phone", rules::phone);
    let company = fields.optional("company", rules::text);
    let address_1 = fields.optional("address_1", rules::text);
    let address_2 = fields.optional("address_2", rules::text);
    let city = fields.optional("city", rules::text);
    let country_code = fields.optional("country_code", rules::country_code);
    let province = fields.optional("province", rules::text);
    let postal_code = fields.optional("postal_code", rules::text);
    let address_name = fields.optional("address_name", rules::text);
    let metadata = fields.metadata();
    let is_default_shipping = fields.optional_bool("is_default_shipping");
    let is_default_billing = fields.optional_bool("is_default_billing");
    fields.finish()?;
    Ok(NewAddress {
        address_name,
        company,
        first_name,
        last_name,
        address_1,
        address_2,
        city,
        country_code,
        province,
        postal_code,
        phone,
        metadata,
        is_default_shipping: is_default_shipping.unwrap_or(false),
        is_default_billing: is_default_billing.unwrap_or(false),
    })
}

/// The same body as a partial update: absent keeps, `null` clears, `metadata` merges.
pub(crate) fn address_change(body: Value) -> Result<AddressChange> {
    let mut fields = ObjectFields::new(body)?;
    let first_name = fields.nullish("first_name", rules::text);
    let last_name = fields.nullish("last_name", rules::text);
    let phone = fields.nullish("phone", rules::phone);
    let company = fields.nullish("company", rules::text);
    let address_1 = fields.nullish("address_1", rules::text);
    let address_2 = fields.nullish("address_2", rules::text);
    let city = fields.nullish("city", rules::text);
    let country_code = fields.nullish("country_code", rules::country_code);
    let province = fields.nullish("province", rules::text);
    let postal_code = fields.nullish("postal_code", rules::text);
    let address_name = fields.nullish("address_name", rules::text);
    let metadata = fields.metadata_change();
    let is_default_shipping = fields.optional_bool("is_default_shipping");
    let is_default_billing = fields.optional_bool("is_default_billing");
    fields.finish()?;
    Ok(AddressChange {
        address_name,
        company,
        first_name,
        last_name,
        address_1,
        address_2,
        city,
        country_code,
        province,
        postal_code,
        phone,
        metadata,
        is_default_shipping,
        is_default_billing,
    })
}
