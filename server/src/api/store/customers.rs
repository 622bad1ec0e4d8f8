//! `POST /store/customers`, `GET|POST /store/customers/me`,
//! `POST /store/customers/me/password`.

use axum::{extract::State, Json};
use http::HeaderMap;
use serde_json::Value;
use tower_sessions::Session;

use crate::{
    http::{
        extract::{JsonBody, QueryParams},
        validate::ObjectFields,
    },
    wire::{customer, fields, v1},
};

use super::v1_customers;
use app::{
    auth::{actor::Via, AuthSession, ClientAddress, Credential, CustomerActor, DeviceToken},
    error::{Error, Result},
    services::{customers, identities, orders, passwords},
    shared::{
        validation::wrong_type, Email, IssueKind, Metadata, NewCustomer, Phone, ProfileUpdate, Text,
    },
    state::AppState,
};

/// `fields` is the only query parameter these routes take.
fn selection(mut query: QueryParams) -> Result<Vec<fields::Selected>> {
    let mut issues = Vec::new();
    let fields = query.take_string("fields", &mut issues);
    query.finish(issues)?;
    customer::select_store(fields.as_deref()).map_err(|kind| Error::invalid_field("fields", kind))
}

/// With a registration credential (v2): creates the customer for that identity. Without
/// any credential but with a password in the body (v1, one step): creates the login and the
/// customer together and signs the session in.
pub async fn create(
    State(state): State<AppState>,
    Credential(credential): Credential,
    ClientAddress(client): ClientAddress,
    session: Session,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    match credential {
        Some(credential) => {
            let selection = selection(query)?;
            let input = new_customer(body)?;
            let created =
                customers::create_for_credential(&state, client, &credential, input).await?;
            Ok(Json(customer::store_envelope(&created, &selection)))
        }
        None if body.get("password").is_some() => {
            selection(query)?;
            let registration = v1_registration(body, state.policy.password_min_len)?;
            let (created, identity) = customers::register(&state, client, registration).await?;
            AuthSession::sign_in(
                &state.db,
                &session,
                identities::login_claims(&state, &identity),
            )
            .await?;
            Ok(Json(v1::customer_envelope(&created, None)))
        }
        None => Err(Error::Unauthenticated),
    }
}

/// `GET /store/customers/me`.
pub async fn get_me(
    State(state): State<AppState>,
    actor: CustomerActor,
    query: QueryParams,
) -> Result<Json<Value>> {
    let selection = selection(query)?;
    let me = customers::get(&state, &actor.customer_id).await?;
    if customer::wants_orders(&selection) {
        // `fields=*orders`: every order of the customer, as Medusa lists the relation.
        let all = orders::ListQuery {
            limit: i64::MAX,
            ..orders::ListQuery::default()
        };
        let include = orders::Include::default();
        let (orders, _) =
            orders::list_for_customer(&state.db, &actor.customer_id, &all, include).await?;
        return Ok(Json(customer::store_envelope_with_orders(
            &me, &orders, &selection,
        )));
    }
    Ok(Json(customer::store_envelope(&me, &selection)))
}

/// `POST /store/customers/me`: profile fields only; `metadata` merges. A body with v1's
/// `billing_address` or `password` is v1's form of the route (see `v1_customers`).
pub async fn update_me(
    State(state): State<AppState>,
    actor: CustomerActor,
    session: Session,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let selection = selection(query)?;
    if v1_customers::is_v1_profile_update(&body) {
        return v1_customers::update_me(&state, &actor, &session, body).await;
    }
    let update = profile_update(body)?;
    let me = customers::update_profile(&state, &actor.customer_id, update).await?;
    Ok(Json(customer::store_envelope(&me, &selection)))
}

/// `POST /store/customers/me/password` `{old_password, new_password}` (seed 000) →
/// `{customer}`. A wrong current password is 400 `invalid_data` (not 401: the caller is
/// still signed in) and changes nothing. Every other credential of the login ends; a
/// session caller stays signed in, while a bearer caller's own token ends too (unless
/// issued within the same second) — such a client signs in again with the new password.
pub async fn change_password(
    State(state): State<AppState>,
    actor: CustomerActor,
    ClientAddress(client): ClientAddress,
    session: Session,
    headers: HeaderMap,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let selection = selection(query)?;
    let (old_password, new_password) = password_change(body)?;
    let identity = actor.identity_id.clone().ok_or(Error::Unauthenticated)?;
    let device = DeviceToken::from_headers(&headers, state.policy.cookie_secure);
    let keep = (actor.via == Via::Session).then_some(&session);
    passwords::change(
        &state,
        client,
        device.as_ref(),
        &identity,
        keep,
        &old_password,
        &new_password,
    )
    .await?;
    let me = customers::get(&state, &actor.customer_id).await?;
    Ok(Json(customer::store_envelope(&me, &selection)))
}

/// The strict body: both passwords, as strings.
fn password_change(body: Value) -> Result<(String, String)> {
    let mut fields = ObjectFields::new(body)?;
    let mut required = |key: &str| match fields.take(key) {
        Some(Value::String(text)) => Some(text),
        None => {
            fields.issue(key, IssueKind::Required);
            None
        }
        Some(other) => {
            fields.issue(key, wrong_type("string", &other));
            None
        }
    };
    let old_password = required("old_password");
    let new_password = required("new_password");
    fields.finish()?;
    match (old_password, new_password) {
        (Some(old), Some(new)) => Ok((old, new)),
        _ => Err(Error::invalid_field("old_password", IssueKind::Required)),
    }
}

/// Medusa's strict create body: `email`, `company_name`, `first_name`, `last_name`,
/// `phone`, `metadata`.
fn new_customer(body: Value) -> Result<NewCustomer> {
    let mut fields = ObjectFields::new(body)?;
    let email = fields.optional("email", Email::parse);
    let company_name = fields.optional("company_name", Text::name);
    let first_name = fields.optional("first_name", Text::name);
    let last_name = fields.optional("last_name", Text::name);
    let phone = fields.optional("phone", Phone::parse);
    let metadata = match fields.take("metadata") {
        None | Some(Value::Null) => None,
        Some(value) => Metadata::from_value(&value)
            .map_err(|kind| fields.issue("metadata", kind))
            .ok(),
    };
    fields.finish()?;
    Ok(NewCustomer {
        email,
        first_name,
        last_name,
        phone,
        company_name,
        metadata,
    })
}

/// Medusa's strict update body. `company` (as documented in seed 000) is taken as
/// `company_name` when `company_name` itself is absent.
fn profile_update(body: Value) -> Result<ProfileUpdate> {
    let mut fields = ObjectFields::new(body)?;
    let update = profile_fields(&mut fields);
    fields.finish()?;
    Ok(update)
}

/// The profile fields of an update body (also read by v1's form of the route).
pub(super) fn profile_fields(fields: &mut ObjectFields) -> ProfileUpdate {
    let mut company_name = fields.nullish("company_name", Text::name);
    let company = fields.nullish("company", Text::name);
    if company_name.is_keep() {
        company_name = company;
    }
    let first_name = fields.nullish("first_name", Text::name);
    let last_name = fields.nullish("last_name", Text::name);
    let phone = fields.nullish("phone", Phone::parse);
    let metadata = fields.metadata_change();
    ProfileUpdate {
        first_name,
        last_name,
        phone,
        company_name,
        metadata,
    }
}

/// Medusa v1's body: `email`, `password`, `first_name`, `last_name` (required), `phone`.
fn v1_registration(body: Value, password_min_len: usize) -> Result<customers::Registration> {
    let mut fields = ObjectFields::new(body)?;
    let mut string = |key: &str| -> Option<String> {
        match fields.take(key) {
            None => None,
            Some(Value::String(text)) => Some(text),
            Some(other) => {
                fields.issue(key, app::shared::validation::wrong_type("string", &other));
                None
            }
        }
    };
    let email = string("email");
    let password = string("password");
    let first_name = string("first_name");
    let last_name = string("last_name");
    let phone = string("phone");
    fields.finish()?;
    customers::Registration::parse(
        customers::RegistrationForm {
            email: email.as_deref().unwrap_or_default(),
            password: password.as_deref().unwrap_or_default(),
            first_name: first_name.as_deref().unwrap_or_default(),
            last_name: last_name.as_deref().unwrap_or_default(),
            phone: phone.as_deref(),
        },
        password_min_len,
    )
}
