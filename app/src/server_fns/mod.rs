//! The pages' API: each server function decodes its form, identifies the caller and calls
//! one service — the same services the JSON API calls. Fixed `/api/<name>` URLs keep them
//! easy to find for middleware and tests.

pub mod account;
pub mod addresses;
pub mod admin;
pub mod orders;
pub mod password;
pub mod session;

pub use account::{CurrentCustomer, UpdateProfile};
pub use addresses::{AddAddress, DeleteAddress, MakeDefaultAddress, UpdateAddress};
pub use orders::{GetOrder, ListOrders, OrderList};
pub use password::{
    ChangePassword, GetPasswordRules, RequestPasswordReset, ResetLink, ResetPassword,
};
pub use session::{Login, Logout, Register};

#[cfg(feature = "ssr")]
pub(crate) mod context {
    use leptos::prelude::*;

    use crate::{error::Error, shared::PublicError, state::AppState};

    pub fn state() -> Result<AppState, PublicError> {
        use_context::<AppState>().ok_or_else(|| fail(Error::internal("AppState missing")))
    }

    pub fn parts() -> Result<http::request::Parts, PublicError> {
        use_context::<http::request::Parts>()
            .ok_or_else(|| fail(Error::internal("request parts missing")))
    }

    pub fn session() -> Result<tower_sessions::Session, PublicError> {
        parts()?
            .extensions
            .get::<tower_sessions::Session>()
            .cloned()
            .ok_or_else(|| fail(Error::internal("session layer missing")))
    }

    /// Signs the session in as the customer behind `identity` and sends the browser to
    /// their account page.
    pub async fn sign_in_to_account(
        state: &AppState,
        session: &tower_sessions::Session,
        identity: &crate::stores::identities::Identity,
    ) -> Result<(), PublicError> {
        use crate::{auth::AuthSession, services::identities};
        AuthSession::sign_in(
            &state.db,
            session,
            identities::login_claims(state, identity),
        )
        .await
        .map_err(fail)?;
        leptos_axum::redirect("/account");
        Ok(())
    }

    /// Logs the error, gives the response the error's HTTP status and returns its public form.
    /// A plain HTML form post (no JavaScript) is answered with a redirect back to the form,
    /// the error in its URL; its status is left alone so that the browser follows it.
    pub fn fail(error: Error) -> PublicError {
        let public = PublicError::from(error);
        let form_post = use_context::<http::request::Parts>().is_some_and(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|accept| accept.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
        });
        if form_post {
            return public;
        }
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(
                http::StatusCode::from_u16(public.kind.status())
                    .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
        public
    }
}
