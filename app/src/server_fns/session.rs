//! Signing up, in and out from the pages.

use leptos::prelude::*;

use crate::shared::PublicError;

#[server(prefix = "/api", endpoint = "register")]
pub async fn register(
    email: String,
    password: String,
    first_name: String,
    last_name: String,
    phone: String,
) -> Result<(), PublicError> {
    use super::context::{fail, parts, session, state};
    use crate::{auth::client_address, services::customers};

    let state = state()?;
    let session = session()?;
    let client = client_address(&parts()?, state.policy.trusted_proxy_hops);
    let registration = customers::Registration::parse(
        customers::RegistrationForm {
            email: &email,
            password: &password,
            first_name: &first_name,
            last_name: &last_name,
            phone: Some(&phone),
        },
        state.policy.password_min_len,
    )
    .map_err(fail)?;
    let (_, identity) = customers::register(&state, client, registration)
        .await
        .map_err(fail)?;
    super::context::sign_in_to_account(&state, &session, &identity).await
}

#[server(prefix = "/api", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), PublicError> {
    use super::context::{fail, parts, session, state};
    use crate::{
        auth::{client_address, DeviceToken},
        services::identities,
    };

    let state = state()?;
    let session = session()?;
    let parts = parts()?;
    let client = client_address(&parts, state.policy.trusted_proxy_hops);
    let secure = state.policy.cookie_secure;
    let device = DeviceToken::from_headers_or_new(&parts.headers, secure);
    let identity =
        identities::authenticate_customer(&state, client, Some(&device), &email, &password)
            .await
            .map_err(fail)?;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(http::header::SET_COOKIE, device.set_cookie(secure));
    }
    super::context::sign_in_to_account(&state, &session, &identity).await
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), PublicError> {
    use super::context::{fail, session, state};
    use crate::auth::{ActorType, AuthSession};

    // The customer's sign-out: an admin signed in to the same browser stays signed in.
    AuthSession::sign_out_actor(&state()?.db, &session()?, ActorType::Customer)
        .await
        .map_err(fail)?;
    leptos_axum::redirect("/account/login");
    Ok(())
}
