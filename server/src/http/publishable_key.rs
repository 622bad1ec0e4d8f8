//! The publishable-key gate in front of every `/store/*` request, Medusa's first check on
//! store routes: before authentication, validation and routing, so an unknown store path
//! answers its 404 only to a caller with a valid key. `/auth/*`, `/admin/*`, `/health`, the
//! pages and the server functions never need a key. CORS preflights are answered by the
//! CORS layer outside this one, so browsers can ask before sending the header.

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::HeaderName;
use std::sync::Arc;

use app::{auth::PublishableKeyCache, error::Error, services::publishable_keys, stores::Db};

pub const HEADER: HeaderName = HeaderName::from_static("x-publishable-api-key");

pub const MISSING: &str = "Publishable API key required in the request header: \
                           x-publishable-api-key. You can manage your keys in settings in the \
                           dashboard.";
pub const INVALID: &str = "A valid publishable key is required to proceed with the request";

/// What the gate needs: the database, the look-up cache, and whether a request without the
/// header may pass (`PUBLISHABLE_KEY_REQUIRED=false`, for storefronts written for Medusa v1,
/// where the key was optional). A key that is sent is always checked.
#[derive(Clone, Debug)]
pub struct PublishableKeyGate {
    pub db: Db,
    pub cache: Arc<PublishableKeyCache>,
    pub required: bool,
}

/// `/store` and everything under it.
pub fn is_store_path(path: &str) -> bool {
    path.strip_prefix("/store")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

enum Sent<'a> {
    Nothing,
    One(&'a str),
    /// Several headers, or a value that is not text: never a valid key (Medusa joins
    /// repeated headers with ", ", which matches no key).
    Unusable,
}

fn sent_key(request: &Request) -> Sent<'_> {
    let mut values = request.headers().get_all(HEADER).into_iter();
    match (values.next(), values.next()) {
        (None, _) => Sent::Nothing,
        (Some(_), Some(_)) => Sent::Unusable,
        (Some(value), None) if value.is_empty() => Sent::Nothing,
        (Some(value), None) => value.to_str().map_or(Sent::Unusable, Sent::One),
    }
}

pub async fn require_publishable_key(
    State(gate): State<PublishableKeyGate>,
    request: Request,
    next: Next,
) -> Response {
    if !is_store_path(request.uri().path()) {
        return next.run(request).await;
    }
    let valid = match sent_key(&request) {
        Sent::Nothing if !gate.required => true,
        Sent::Nothing => return Error::NotAllowed(MISSING.into()).into_response(),
        Sent::Unusable => false,
        Sent::One(token) => match publishable_keys::check(&gate.db, &gate.cache, token).await {
            Ok(valid) => valid,
            Err(error) => return error.into_response(),
        },
    };
    if !valid {
        return Error::NotAllowed(INVALID.into()).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_paths_are_told_from_the_rest() {
        for path in [
            "/store",
            "/store/",
            "/store/customers/me",
            "/store/nonexistent",
        ] {
            assert!(is_store_path(path), "{path}");
        }
        for path in [
            "/storefront",
            "/auth/session",
            "/admin/customers",
            "/health",
            "/",
        ] {
            assert!(!is_store_path(path), "{path}");
        }
    }
}
