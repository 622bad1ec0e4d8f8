//! Everything a request needs, built once at start-up and shared by the JSON handlers,
//! the server functions and the page renderer.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::{ops::Deref, sync::Arc, time::Duration};

use crate::{
    auth::{JwtKeys, PasswordHasher, SessionPolicy, Throttle},
    mail::Mail,
    stores::{sessions::Sessions, Db},
};

/// Rules that deployments tune through configuration.
#[derive(Clone, Debug)]
pub struct Policy {
    pub password_min_len: usize,
    pub session: SessionPolicy,
    /// How many reverse proxies in front of us append to `X-Forwarded-For`.
    pub trusted_proxy_hops: usize,
    /// Whether cookies we set are `Secure` (and `__Host-` prefixed): the site is served over
    /// https.
    pub cookie_secure: bool,
    /// How long an emailed password-reset link works.
    pub password_reset_ttl: Duration,
}

#[derive(Debug)]
pub struct Inner {
    pub db: Db,
    /// The session store, for ending a login's other sessions.
    pub sessions: Sessions,
    pub hasher: PasswordHasher,
    pub jwt: JwtKeys,
    pub throttle: Throttle,
    pub policy: Policy,
    /// The shop's name and public origin for messages, and the mail worker's wake-up call.
    pub mail: Mail,
    pub leptos_options: LeptosOptions,
}

/// Cheap to clone: one `Arc`.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Inner>);

impl AppState {
    pub fn new(inner: Inner) -> Self {
        Self(Arc::new(inner))
    }
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
