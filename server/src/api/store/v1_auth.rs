//! Medusa v1's `/store/auth` routes (seeds 001, 002): email + password sign-in into the
//! cookie session, the signed-in customer, sign-out, a bearer token, and whether an email
//! has an account. Sign-in is the v2 sign-in (same throttle, same known-client rule, same
//! session record as `POST /auth/session`), so every v2 route sees a v1 sign-in and v1's
//! `GET /store/auth` sees a v2 one.

use axum::{
    extract::{Path, State},
    Json,
};
use http::{
    header::{CONTENT_TYPE, SET_COOKIE},
    HeaderMap, HeaderName, HeaderValue, StatusCode,
};
use serde_json::{json, Value};
use tower_sessions::Session;

use crate::{http::extract::JsonBody, wire::v1};
use app::{
    auth::{ActorType, AuthSession, ClientAddress, CustomerActor, DeviceToken},
    error::{Error, Result},
    services::{customers, identities, orders, v1_customers},
    shared::CustomerId,
    state::AppState,
    stores::identities::Identity,
};

use super::v1_customers::{checked, V1Body};

/// A response that also sets (or renews) the browser's device cookie, as the v2 sign-in
/// does: it lets the owner sign in while strangers have spent the account's allowance.
type WithDevice<T> = ([(HeaderName, HeaderValue); 1], T);

/// `POST /store/auth` `{email, password}` → `{customer}` (v1 shape, with orders) and the
/// session cookie. Unknown email, guest customer, unfinished sign-up or wrong password:
/// 401 `Unauthorized`; past the sign-in limits: 429.
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    session: Session,
    JsonBody(body): JsonBody,
) -> Result<WithDevice<Json<Value>>> {
    let secure = state.policy.cookie_secure;
    let device = DeviceToken::from_headers_or_new(&headers, secure);
    let identity = check_credentials(&state, client, &device, body).await?;
    AuthSession::sign_in(
        &state.db,
        &session,
        identities::login_claims(&state, &identity),
    )
    .await?;
    let customer_id = identity.customer_id.ok_or(Error::Unauthenticated)?;
    let body = customer_with_orders(&state, &customer_id).await?;
    Ok(([(SET_COOKIE, device.set_cookie(secure))], Json(body)))
}

/// `GET /store/auth` → the signed-in customer (session or bearer), v1 shape with orders.
pub async fn current(State(state): State<AppState>, actor: CustomerActor) -> Result<Json<Value>> {
    Ok(Json(
        customer_with_orders(&state, &actor.customer_id).await?,
    ))
}

/// `DELETE /store/auth` → 200 `OK` (text, as v1's `sendStatus`): the customer is signed
/// out of the session (an admin signed in to the same browser stays; with nobody left the
/// session ends, as with `DELETE /auth/session`). Like v1 it needs no credential and
/// answers the same without a session; bearer tokens are not affected.
pub async fn sign_out(
    State(state): State<AppState>,
    session: Session,
) -> Result<(StatusCode, [(HeaderName, HeaderValue); 1], &'static str)> {
    AuthSession::sign_out_actor(&state.db, &session, ActorType::Customer).await?;
    Ok((
        StatusCode::OK,
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        "OK",
    ))
}

/// `POST /store/auth/token` `{email, password}` → `{access_token}`: our customer login
/// token (every route takes it as a bearer), with v1's claims beside ours. Same checks and
/// limits as `POST /store/auth`.
pub async fn token(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<WithDevice<Json<Value>>> {
    let secure = state.policy.cookie_secure;
    let device = DeviceToken::from_headers_or_new(&headers, secure);
    let identity = check_credentials(&state, client, &device, body).await?;
    Ok((
        [(SET_COOKIE, device.set_cookie(secure))],
        Json(json!({ "access_token": v1_customers::access_token(&state, &identity) })),
    ))
}

/// `GET /store/auth/{email}` → `{exists}`: true only for a registered customer's email,
/// in any case. Counted against the client address's sign-in allowance (429 beyond).
pub async fn exists(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    Path(email): Path<String>,
) -> Result<Json<Value>> {
    let exists = v1_customers::email_exists(&state, client, &email).await?;
    Ok(Json(json!({ "exists": exists })))
}

/// v1's body (`email` an email, `password` not empty; nothing else), then the v2 sign-in
/// check; the login must be a customer's. Every refusal of the credentials is v1's bare
/// `Unauthorized`; 429 passes through.
async fn check_credentials(
    state: &AppState,
    client: Option<std::net::IpAddr>,
    device: &DeviceToken,
    body: Value,
) -> Result<Identity> {
    let mut fields = V1Body::new(body)?;
    let email = fields.email("email");
    let password = fields.not_empty("password");
    fields.finish()?;
    let (email, password) = (checked(email, "email")?, checked(password, "password")?);
    identities::authenticate_customer(state, client, Some(device), email.as_str(), &password)
        .await
        .map_err(|error| match error {
            Error::Unauthorized(_) => Error::Unauthenticated,
            other => other,
        })
}

/// The customer as v1's auth routes show them: v1 shape with their latest orders (the
/// newest [`orders::DEFAULT_LIMIT`], each with its items; the whole history pages through
/// `GET /store/customers/me/orders`).
async fn customer_with_orders(state: &AppState, customer_id: &CustomerId) -> Result<Value> {
    let me = customers::get(state, customer_id).await?;
    let newest = orders::ListQuery {
        sort: orders::SortField::CreatedAt,
        descending: true,
        ..orders::ListQuery::default()
    };
    let include = orders::Include {
        items: true,
        ..orders::Include::default()
    };
    let (orders, _) = orders::list_for_customer(&state.db, customer_id, &newest, include).await?;
    Ok(v1::customer_envelope(&me, Some(&orders)))
}
