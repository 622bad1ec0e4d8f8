//! `/auth/*`: Medusa's email + password identities, tokens and sessions, for customers
//! (`/auth/customer/…`) and admin users (`/auth/user/…`). The session routes serve both: a
//! session has a slot per actor type (see `app::auth::session`).

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
        actor::{bearer_actor_type, bearer_claims, bearer_token, resolve_any},
        ActorType, AuthSession, ClientAddress, DeviceToken,
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

/// `GET /auth/customer/providers` and `GET /auth/user/providers`: the ways to sign in
/// (email + password only).
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
        json!({ "token": identities::login_token(&state, &identity) }),
    ))
}

/// What `POST /auth/user/emailpass/register` answers, whatever is sent.
pub const ADMIN_REGISTRATION_CLOSED: &str =
    "Admin users are created by an operator with `server create-admin`";

/// `POST /auth/user/emailpass/register`: refused, 401 `unauthorized`. Medusa makes an
/// identity without an admin here (one that an invite later links); with no invites, that
/// would only let strangers create admin logins, so nothing is created. The body is parsed
/// only so that a malformed one gets the 400 (or 415) every JSON route gives.
pub async fn register_user(JsonBody(_): JsonBody) -> Result<Json<Value>> {
    Err(Error::Unauthorized(ADMIN_REGISTRATION_CLOSED.into()))
}

/// `POST /auth/customer/emailpass` → `{token}`.
pub async fn login_customer(
    state: State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
    body: JsonBody,
) -> Result<WithDevice<Json<Value>>> {
    login(ActorType::Customer, state, client, headers, body).await
}

/// `POST /auth/user/emailpass` → `{token}` of an admin user.
pub async fn login_user(
    state: State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
    body: JsonBody,
) -> Result<WithDevice<Json<Value>>> {
    login(ActorType::User, state, client, headers, body).await
}

/// A response that also sets (or renews) the browser's device cookie.
type WithDevice<T> = ([(HeaderName, HeaderValue); 1], T);

/// `POST /auth/{actor}/emailpass` → `{token}`, under the same limits for both actors. A
/// browser also gets (or keeps) its device cookie, which lets its owner sign in while
/// strangers have spent the account's allowance.
async fn login(
    actor: ActorType,
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<WithDevice<Json<Value>>> {
    let (email, password) = credentials(&body)?;
    let secure = state.policy.cookie_secure;
    let device = DeviceToken::from_headers_or_new(&headers, secure);
    let identity =
        identities::authenticate(&state, actor, client, Some(&device), email, password).await?;
    Ok((
        [(SET_COOKIE, device.set_cookie(secure))],
        Json(json!({ "token": identities::login_token(&state, &identity) })),
    ))
}

/// `POST /auth/session` with a bearer token (a customer's or an admin's) → a session cookie
/// holding its claims in that actor's slot; another actor signed in to the same session
/// stays. Answers `{"user": claims}` as Medusa does (the key is `user` for customers too).
pub async fn create_session(
    State(state): State<AppState>,
    session: Session,
    parts: Parts,
) -> Result<Json<Value>> {
    let actor = bearer_actor_type(&state, &parts).ok_or(Error::Unauthenticated)?;
    let claims = bearer_claims(&state, &parts, actor)
        .await?
        .ok_or(Error::Unauthenticated)?;
    AuthSession::sign_in(&state.db, &session, claims.clone()).await?;
    Ok(Json(json!({ "user": claims })))
}

/// `DELETE /auth/session`: ends the cookie session server-side, every actor signed in to
/// it, and clears the cookie (Medusa destroys the session; the route names no actor). The
/// pages' and v1's customer sign-outs end only the customer's slot.
pub async fn delete_session(session: Session) -> Result<Json<Value>> {
    if !AuthSession::sign_out(&session).await? {
        return Err(Error::Unauthenticated);
    }
    Ok(Json(json!({ "success": true })))
}

/// `POST /auth/token/refresh` with a customer's or an admin's credential (bearer or
/// session; a customer's linked to a customer or not) → `{token}`, re-issued from the
/// login's current state. A bearer token picks the actor; with a cookie alone that is
/// signed in as both, the customer's.
pub async fn refresh_token(State(state): State<AppState>, parts: Parts) -> Result<Json<Value>> {
    let credential = resolve_any(&state, &parts)
        .await?
        .ok_or(Error::Unauthenticated)?;
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
