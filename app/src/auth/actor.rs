//! Who is making a request. As in Medusa, a session that holds a credential of the wanted
//! actor type wins; otherwise an `Authorization: Bearer` JWT is used. A bad token counts as
//! no token, and so does a token its login has revoked (issued before the login's
//! `tokens_valid_after`, set by a password change or reset): one primary-key read per
//! bearer request, none for a session. Both the JSON handlers and the server functions
//! resolve actors here.

use axum::extract::{FromRef, FromRequestParts};
use http::{header::AUTHORIZATION, request::Parts};
use tower_sessions::Session;

use super::{jwt::Claims, session::AuthSession, ActorType};
use crate::{
    error::{Error, Result},
    shared::{AuthIdentityId, CustomerId},
    state::AppState,
    stores,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Session,
    Bearer,
}

/// A verified credential: the claims, and where they came from.
#[derive(Clone, Debug)]
pub struct AuthContext {
    pub claims: Claims,
    pub via: Via,
}

impl AuthContext {
    /// The customer this credential speaks for; `None` for a registration token.
    pub fn customer_id(&self) -> Option<CustomerId> {
        (self.claims.actor_type() == Some(ActorType::Customer))
            .then(|| CustomerId::parse(&self.claims.actor_id))
            .flatten()
    }

    pub fn identity_id(&self) -> Option<AuthIdentityId> {
        AuthIdentityId::parse(&self.claims.auth_identity_id)
    }

    pub fn has_actor(&self) -> bool {
        !self.claims.actor_id.is_empty()
    }
}

/// The token in `Authorization: <scheme> <token>` when the scheme is Bearer (any case).
pub fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let mut words = value.split_whitespace();
    let scheme = words.next()?;
    let token = words.next()?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

/// The credential of `actor_type` on this request, if any.
pub async fn resolve(
    state: &AppState,
    parts: &Parts,
    actor_type: ActorType,
) -> Result<Option<AuthContext>> {
    if let Some(session) = parts.extensions.get::<Session>() {
        if let Some(auth) = AuthSession::current(session, &state.policy.session).await? {
            if auth.claims.actor_type() == Some(actor_type) {
                return Ok(Some(AuthContext {
                    claims: auth.claims,
                    via: Via::Session,
                }));
            }
        }
    }
    Ok(bearer_claims(state, parts, actor_type)
        .await?
        .map(|claims| AuthContext {
            claims,
            via: Via::Bearer,
        }))
}

/// The claims of a valid, unrevoked bearer token of `actor_type`; a bad or revoked token
/// counts as none.
pub async fn bearer_claims(
    state: &AppState,
    parts: &Parts,
    actor_type: ActorType,
) -> Result<Option<Claims>> {
    let Some(claims) = bearer_token(parts)
        .and_then(|token| state.jwt.verify(token))
        .filter(|claims| claims.actor_type() == Some(actor_type))
    else {
        return Ok(None);
    };
    let Some(identity) = AuthIdentityId::parse(&claims.auth_identity_id) else {
        return Ok(None);
    };
    let revoked_before = stores::identities::tokens_valid_after(&state.db, &identity).await?;
    if revoked_before.is_some_and(|at| claims.iat < at.timestamp()) {
        tracing::debug!("bearer token refused: revoked by a password change");
        return Ok(None);
    }
    Ok(Some(claims))
}

/// A signed-in customer (Medusa's `C!`): a customer credential linked to a customer.
#[derive(Clone, Debug)]
pub struct CustomerActor {
    pub customer_id: CustomerId,
    pub identity_id: Option<AuthIdentityId>,
    pub via: Via,
}

impl CustomerActor {
    pub async fn from_parts(state: &AppState, parts: &Parts) -> Result<Self> {
        let context = resolve(state, parts, ActorType::Customer)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let customer_id = context.customer_id().ok_or(Error::Unauthenticated)?;
        Ok(Self {
            customer_id,
            identity_id: context.identity_id(),
            via: context.via,
        })
    }
}

impl<S> FromRequestParts<S> for CustomerActor
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self> {
        Self::from_parts(&AppState::from_ref(state), parts).await
    }
}

/// Any customer credential, linked or not (Medusa's `C~`), or none at all.
#[derive(Clone, Debug)]
pub struct Credential(pub Option<AuthContext>);

impl<S> FromRequestParts<S> for Credential
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self> {
        resolve(&AppState::from_ref(state), parts, ActorType::Customer)
            .await
            .map(Self)
    }
}
