//! `/auth/*`: Medusa's email + password identities, tokens and sessions for customers.

use axum::{extract::State, Json};
use http::{header::SET_COOKIE, request::Parts, HeaderMap, HeaderName, HeaderValue};
use serde_json::{json, Value};
use tower_sessions::Session;

use crate::http::extract::JsonBody;
use app::{
    auth::{actor::bearer_claims, ActorType, AuthSession, ClientAddress, Credential, DeviceToken},
    error::{Error, Result},
    services::identities,
    state::AppState,
};

/// Medusa reads these two fields without a schema: the password is checked first, and a
/// missing or non-string value is a 401 with its own message.
fn credentials(body: &Value) -> Result<(&str, &str)> {
    let password = body
        .get("password")
        .and_then(Value::as_str)
        .filter(|password| !password.is_empty())
        .ok_or_else(|| Error::Unauthorized("Password should be a string".into()))?;
    let email = body
        .get("email")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::Unauthorized("Email should be a string".into()))?;
    Ok((email, password))
}

/// `GET /auth/customer/providers`: the ways a customer can sign in (email + password only).
pub async fn providers() -> Json<Value> {
    Json(json!({
        "providers": [{
            "id": "emailpass",
            "identifier": "emailpass",
            "display_name": "Email/Password Authentication",
            "flow": "credentials",
        }]
    }))
}

/// `POST /auth/customer/emailpass/register` → `{token}`, a registration token.
pub async fn register(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let (email, password) = credentials(&body)?;
    let identity = identities::register(&state, client, email, password).await?;
    Ok(Json(
        json!({ "token": identities::customer_token(&state, &identity) }),
    ))
}

/// `POST /auth/customer/emailpass` → `{token}`. A browser also gets (or keeps) its device
/// cookie, which lets its owner sign in while strangers have spent the account's allowance.
pub async fn login(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<([(HeaderName, HeaderValue); 1], Json<Value>)> {
    let (email, password) = credentials(&body)?;
    let secure = state.policy.cookie_secure;
    let device = DeviceToken::from_headers_or_new(&headers, secure);
    let identity = identities::authenticate(&state, client, Some(&device), email, password).await?;
    Ok((
        [(SET_COOKIE, device.set_cookie(secure))],
        Json(json!({ "token": identities::customer_token(&state, &identity) })),
    ))
}

/// `POST /auth/session` with a bearer token → a session cookie holding its claims;
/// answers `{"user": claims}` as Medusa does (the key is `user` for customers too).
pub async fn create_session(
    State(state): State<AppState>,
    session: Session,
    parts: Parts,
) -> Result<Json<Value>> {
    let claims =
        bearer_claims(&state, &parts, ActorType::Customer).ok_or(Error::Unauthenticated)?;
    AuthSession::sign_in(&session, claims.clone()).await?;
    Ok(Json(json!({ "user": claims })))
}

/// `DELETE /auth/session`: ends the cookie session server-side and clears the cookie.
pub async fn delete_session(session: Session) -> Result<Json<Value>> {
    if !AuthSession::sign_out(&session).await? {
        return Err(Error::Unauthenticated);
    }
    Ok(Json(json!({ "success": true })))
}

/// `POST /auth/token/refresh` with a customer credential (bearer or session, linked to a
/// customer or not) → `{token}`, re-issued from the login's current state.
pub async fn refresh_token(
    State(state): State<AppState>,
    Credential(credential): Credential,
) -> Result<Json<Value>> {
    let credential = credential.ok_or(Error::Unauthenticated)?;
    let token = identities::refreshed_token(&state, &credential).await?;
    Ok(Json(json!({ "token": token })))
}
