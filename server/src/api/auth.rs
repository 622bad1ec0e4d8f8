//! `/auth/*`: Medusa's email + password identities, tokens and sessions for customers.

use axum::{extract::State, Json};
use http::{
    header::{CONTENT_TYPE, SET_COOKIE},
    request::Parts,
    HeaderMap, HeaderName, HeaderValue, StatusCode,
};
use serde_json::{json, Value};
use tower_sessions::Session;

use crate::http::{extract::JsonBody, validate::ObjectFields};
use app::{
    auth::{
        actor::{bearer_claims, bearer_token},
        ActorType, AuthSession, ClientAddress, Credential, DeviceToken,
    },
    error::{Error, Result},
    services::{
        identities,
        passwords::{self, ResetToken},
    },
    shared::{validation::wrong_type, Email, IssueKind, Metadata},
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
    let claims = bearer_claims(&state, &parts, ActorType::Customer)
        .await?
        .ok_or(Error::Unauthenticated)?;
    AuthSession::sign_in(&state.db, &session, claims.clone()).await?;
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

/// `POST /auth/customer/emailpass/reset-password` `{identifier, metadata?}` (or seed 000's
/// `{email}`): always `201 Created`, whether or not the email belongs to a login — the
/// look-up and the email happen after the answer is decided. Limited per email and per
/// client address (429).
pub async fn request_reset(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    JsonBody(body): JsonBody,
) -> Result<(StatusCode, [(HeaderName, HeaderValue); 1], &'static str)> {
    let email = reset_identifier(body)?;
    passwords::request_reset(&state, client, email).await?;
    Ok((
        StatusCode::CREATED,
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        "Created",
    ))
}

/// Medusa's strict body, `identifier` (the email) and an optional `metadata` record, with
/// seed 000's `email` taken in place of `identifier`. Stricter than Medusa: the identifier
/// must look like an email.
fn reset_identifier(body: Value) -> Result<Email> {
    let mut fields = ObjectFields::new(body)?;
    let identifier = fields.take("identifier");
    let alias = fields.take("email");
    let (field, value) = match (identifier, alias) {
        (Some(value), _) => ("identifier", Some(value)),
        (None, Some(value)) => ("email", Some(value)),
        (None, None) => ("identifier", None),
    };
    let email = match value {
        None => {
            fields.issue("identifier", IssueKind::Required);
            None
        }
        Some(Value::String(text)) => Email::parse(&text)
            .map_err(|kind| fields.issue(field, kind))
            .ok(),
        Some(other) => {
            fields.issue(field, wrong_type("string", &other));
            None
        }
    };
    match fields.take("metadata") {
        None | Some(Value::Null) => {}
        Some(value) => {
            if let Err(kind) = Metadata::from_value(&value) {
                fields.issue("metadata", kind);
            }
        }
    }
    fields.finish()?;
    email.ok_or_else(|| Error::invalid_field(field, IssueKind::Required))
}

/// `POST /auth/customer/emailpass/update`: the reset token as `Authorization: Bearer` and
/// `{password}`, or seed 000's `{email, token, password}` with the token in the body (the
/// email must be the one the token was sent to). Other keys are ignored, as in Medusa.
/// `{"success": true}`; `401 Invalid token` for anything but an outstanding customer reset
/// token.
pub async fn update_password(
    State(state): State<AppState>,
    parts: Parts,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let invalid = || Error::Unauthorized(passwords::INVALID_TOKEN.into());
    let token = bearer_token(&parts)
        .or_else(|| body.get("token").and_then(Value::as_str))
        .ok_or_else(invalid)?;
    let token = ResetToken::verify(&state, token)?;
    match body.get("email") {
        None => {}
        Some(Value::String(email)) if token.is_for(email) => {}
        Some(_) => return Err(invalid()),
    }
    let password = body.get("password").and_then(Value::as_str);
    passwords::reset(&state, &token, password).await?;
    Ok(Json(json!({ "success": true })))
}
