//! Signing an admin in and out of the back office. The admin has its own slot in the
//! session: signing in or out as an admin leaves a customer signed in to the same browser
//! as they were, and the other way round.

use leptos::prelude::*;

use crate::shared::{AdminUser, PublicError};

/// Where the back office starts.
pub const BACK_OFFICE_HOME: &str = "/app/customers";

/// Where to go after signing in: `next` when it is a back-office page of this site (never
/// another site, and never the sign-in page again), else the customer list.
pub fn back_office_target(next: Option<&str>) -> String {
    let Some(next) = next.map(str::trim).filter(|next| !next.is_empty()) else {
        return BACK_OFFICE_HOME.to_owned();
    };
    let path = next.split(['?', '#']).next().unwrap_or_default();
    let in_back_office = path == "/app" || path.starts_with("/app/");
    let unsafe_chars =
        next.contains("//") || next.contains('\\') || next.chars().any(char::is_control);
    if in_back_office && !unsafe_chars && path != "/app/login" {
        next.to_owned()
    } else {
        BACK_OFFICE_HOME.to_owned()
    }
}

/// The signed-in admin, or `None` when no admin is signed in (a signed-in customer is not
/// one) or the admin has since been deleted.
#[server(prefix = "/api", endpoint = "current_admin")]
pub async fn current_admin() -> Result<Option<AdminUser>, PublicError> {
    use super::actor::signed_in;
    use crate::{error::Error, server_fns::context::fail, services::admin_users};

    let Some((state, actor)) = signed_in().await? else {
        return Ok(None);
    };
    match admin_users::get(&state, &actor.user_id).await {
        Ok(admin) => Ok(Some(admin)),
        Err(Error::NotFound(_)) => Ok(None),
        Err(error) => Err(fail(error)),
    }
}

/// The sign-in form: the same check, throttling and known-client rule as
/// `POST /auth/user/emailpass`, then the session's admin slot holds the login.
#[server(prefix = "/api", endpoint = "admin_login")]
pub async fn admin_login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), PublicError> {
    use crate::{
        auth::{client_address, ActorType, AuthSession, DeviceToken},
        server_fns::context::{fail, parts, session, state},
        services::identities,
    };

    let state = state()?;
    let session = session()?;
    let parts = parts()?;
    let client = client_address(&parts, state.policy.trusted_proxy_hops);
    let secure = state.policy.cookie_secure;
    let device = DeviceToken::from_headers_or_new(&parts.headers, secure);
    let identity = identities::authenticate(
        &state,
        ActorType::User,
        client,
        Some(&device),
        &email,
        &password,
    )
    .await
    .map_err(|error| fail(error).with_submitted([("email", email.as_str())]))?;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(http::header::SET_COOKIE, device.set_cookie(secure));
    }
    AuthSession::sign_in(
        &state.db,
        &session,
        identities::login_claims(&state, &identity),
    )
    .await
    .map_err(fail)?;
    leptos_axum::redirect(&back_office_target(next.as_deref()));
    Ok(())
}

/// Signs the admin out; a customer signed in to the same browser stays signed in.
#[server(prefix = "/api", endpoint = "admin_logout")]
pub async fn admin_logout() -> Result<(), PublicError> {
    use crate::{
        auth::{ActorType, AuthSession},
        server_fns::context::{fail, session, state},
    };

    AuthSession::sign_out_actor(&state()?.db, &session()?, ActorType::User)
        .await
        .map_err(fail)?;
    leptos_axum::redirect("/app/login");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_back_office_pages_are_followed_after_sign_in() {
        assert_eq!(back_office_target(None), BACK_OFFICE_HOME);
        assert_eq!(back_office_target(Some("")), BACK_OFFICE_HOME);
        assert_eq!(
            back_office_target(Some("/app/customer-groups?q=vip")),
            "/app/customer-groups?q=vip"
        );
        assert_eq!(back_office_target(Some("/app")), "/app");
        for foreign in [
            "https://evil.example/app/",
            "//evil.example/app",
            "/app//evil.example",
            "/app/\\evil.example",
            "/account",
            "/apple",
            "/app/login",
            "/app/login?next=/app",
        ] {
            assert_eq!(
                back_office_target(Some(foreign)),
                BACK_OFFICE_HOME,
                "{foreign}"
            );
        }
    }
}
