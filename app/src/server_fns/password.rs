//! Passwords from the pages: changing it while signed in, asking for a reset link, and
//! setting a new password with one. The same services as the JSON API.

use leptos::prelude::*;

use crate::shared::{PasswordRules, PublicError};

/// The policy the pages describe: shortest password, reset link lifetime.
#[server(prefix = "/api", endpoint = "password_rules")]
pub async fn get_password_rules() -> Result<PasswordRules, PublicError> {
    use super::context::state;
    use crate::services::passwords;

    Ok(passwords::rules(&state()?))
}

/// The signed-in customer changes their password; this session stays signed in, every other
/// session and token of theirs ends.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    old_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), PublicError> {
    use super::context::{fail, parts, session, state};
    use crate::{
        auth::{client_address, CustomerActor, DeviceToken},
        error::Error,
        services::passwords,
        shared::{Issue, IssueKind},
    };

    let state = state()?;
    let parts = parts()?;
    let session = session()?;
    let actor = CustomerActor::from_parts(&state, &parts)
        .await
        .map_err(fail)?;
    let identity = actor
        .identity_id
        .ok_or(Error::Unauthenticated)
        .map_err(fail)?;
    passwords::check_new(
        state.policy.password_min_len,
        "new_password",
        &new_password,
        &confirm_password,
    )
    .map_err(fail)?;
    let client = client_address(&parts, state.policy.trusted_proxy_hops);
    let device = DeviceToken::from_headers(&parts.headers, state.policy.cookie_secure);
    passwords::change(
        &state,
        client,
        device.as_ref(),
        &identity,
        Some(&session),
        &old_password,
        &new_password,
    )
    .await
    .map_err(|error| match error {
        // Shown next to the field it is about.
        Error::InvalidData(message) if message == passwords::CURRENT_PASSWORD_INCORRECT => {
            Error::Validation(vec![Issue::new("old_password", IssueKind::Other(message))])
        }
        other => other,
    })
    .map_err(fail)?;
    leptos_axum::redirect("/account/password?changed=1");
    Ok(())
}

/// Asks for a reset link. The answer is the same whether or not the email has an account.
#[server(prefix = "/api", endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), PublicError> {
    use super::context::{fail, parts, state};
    use crate::{auth::client_address, error::Error, services::passwords, shared::Email};

    let state = state()?;
    let client = client_address(&parts()?, state.policy.trusted_proxy_hops);
    let email = Email::parse(&email)
        .map_err(|kind| Error::invalid_field("email", kind))
        .map_err(fail)?;
    passwords::request_reset(&state, client, email.clone())
        .await
        .map_err(fail)?;
    leptos_axum::redirect(&format!(
        "/account/forgot?sent={}",
        query_value(email.as_str())
    ));
    Ok(())
}

/// The email a reset link in this browser is for, while the link can still be used; `None`
/// when there is none, or it was used, superseded, expired or forged.
#[server(prefix = "/api", endpoint = "reset_link")]
pub async fn reset_link() -> Result<Option<String>, PublicError> {
    use super::context::{fail, parts, state};
    use crate::{auth::reset_cookie, services::passwords::ResetToken};

    let state = state()?;
    let parts = parts()?;
    let Some(token) = reset_cookie::token(&parts.headers, state.policy.cookie_secure) else {
        return Ok(None);
    };
    let Ok(token) = ResetToken::verify(&state, token) else {
        return Ok(None);
    };
    Ok(token
        .is_usable(&state)
        .await
        .map_err(fail)?
        .then(|| token.email().to_owned()))
}

/// Sets a new password with the browser's reset link and signs the customer in.
#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(password: String, confirm_password: String) -> Result<(), PublicError> {
    use super::context::{fail, parts, session, state};
    use crate::{
        auth::{reset_cookie, AuthSession},
        error::Error,
        services::{
            identities,
            passwords::{self, ResetToken},
        },
    };

    let state = state()?;
    let parts = parts()?;
    let secure = state.policy.cookie_secure;
    let forget_link = || {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(http::header::SET_COOKIE, reset_cookie::clear(secure));
        }
    };
    let invalid = || Error::Unauthorized(passwords::INVALID_TOKEN.into());
    let Some(token) = reset_cookie::token(&parts.headers, secure) else {
        return Err(fail(invalid()));
    };
    passwords::check_new(
        state.policy.password_min_len,
        "password",
        &password,
        &confirm_password,
    )
    .map_err(fail)?;
    let login = match ResetToken::verify(&state, token) {
        Ok(token) => passwords::reset(&state, &token, Some(&password)).await,
        Err(error) => Err(error),
    };
    let login = match login {
        Ok(login) => login,
        Err(Error::Unauthorized(message)) => {
            forget_link();
            return Err(fail(Error::Unauthorized(message)));
        }
        Err(error) => return Err(fail(error)),
    };
    forget_link();
    if login.customer_id.is_none() {
        // A sign-up left unfinished through the API: nothing to sign in to on the pages.
        leptos_axum::redirect("/account/login?password_reset=1");
        return Ok(());
    }
    AuthSession::sign_in(
        &state.db,
        &session()?,
        identities::login_claims(&state, &login),
    )
    .await
    .map_err(fail)?;
    leptos_axum::redirect("/account?password_reset=1");
    Ok(())
}

/// While the reset page is rendered on the server for the emailed link: keeps the token in
/// a cookie and sends the browser on to the same page without it, with no `Referer`.
#[cfg(feature = "ssr")]
pub fn capture_reset_token(token: &str) {
    use crate::{auth::reset_cookie, state::AppState};

    let (Some(state), Some(response)) = (
        use_context::<AppState>(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Some(cookie) = reset_cookie::set(
        token,
        state.policy.password_reset_ttl,
        state.policy.cookie_secure,
    ) {
        response.append_header(http::header::SET_COOKIE, cookie);
    }
    response.insert_header(
        http::header::REFERRER_POLICY,
        http::HeaderValue::from_static("no-referrer"),
    );
    leptos_axum::redirect("/account/reset");
}

/// Percent-encodes a query value (an email: letters, digits and a few marks).
#[cfg(feature = "ssr")]
fn query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}
