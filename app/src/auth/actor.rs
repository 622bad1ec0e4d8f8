//! Who is making a request. As in Medusa, a session that holds a credential of the wanted
//! actor type wins (a session has one slot per actor type, see [`AuthSession`]); otherwise
//! an `Authorization: Bearer` JWT of that actor type is used. A credential of another actor
//! type never counts: a customer's token or cookie is nobody on `/admin/*`, an admin's is
//! nobody on `/store/*`. A bad token counts as no token, and so does a token its login has
//! revoked (issued before the login's `tokens_valid_after`, set by a password change or
//! reset): one primary-key read per bearer request, none for a session. Both the JSON
//! handlers and the server functions resolve actors here.

use axum::extract::{FromRef, FromRequestParts};
use http::{header::AUTHORIZATION, request::Parts};
use tower_sessions::Session;

use super::{jwt::Claims, session::AuthSession, ActorType};
use crate::{
    error::{Error, Result},
    shared::{AuthIdentityId, CustomerId, UserId},
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
        if let Some(auth) = AuthSession::current(session, &state.policy.session, actor_type).await?
        {
            return Ok(Some(AuthContext {
                claims: auth.claims,
                via: Via::Session,
            }));
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
/// counts as none, and so does one whose login is of another actor type than it claims.
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
    let Some(check) = stores::identities::token_check(&state.db, &identity).await? else {
        // The login is gone; what that means is the route's to say.
        return Ok(Some(claims));
    };
    if check.actor_type != actor_type.as_str() {
        tracing::debug!("bearer token refused: its login is another actor type's");
        return Ok(None);
    }
    if check
        .tokens_valid_after
        .is_some_and(|at| claims.iat < at.timestamp())
    {
        tracing::debug!("bearer token refused: revoked by a password change");
        return Ok(None);
    }
    Ok(Some(claims))
}

/// The actor type of the request's bearer token, if it is a valid login token.
pub fn bearer_actor_type(state: &AppState, parts: &Parts) -> Option<ActorType> {
    bearer_token(parts)
        .and_then(|token| state.jwt.verify(token))
        .and_then(|claims| claims.actor_type())
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

/// Any actor's credential, for the routes every actor type may call
/// (`POST /auth/token/refresh`). A valid bearer token decides the actor type — and, as in
/// [`resolve`], that actor's session slot wins over the token. Without one, the session's
/// customer, else its admin.
pub async fn resolve_any(state: &AppState, parts: &Parts) -> Result<Option<AuthContext>> {
    let order = match bearer_actor_type(state, parts) {
        Some(actor) => vec![actor],
        None => vec![ActorType::Customer, ActorType::User],
    };
    for actor in order {
        if let Some(context) = resolve(state, parts, actor).await? {
            return Ok(Some(context));
        }
    }
    Ok(None)
}

/// A signed-in admin user (Medusa's `U!`): a `user` credential linked to an admin user,
/// from the session's admin slot or a bearer token. Every `/admin/*` route takes one.
#[derive(Clone, Debug)]
pub struct AdminActor {
    pub user_id: UserId,
    pub identity_id: Option<AuthIdentityId>,
    pub via: Via,
}

impl AdminActor {
    pub async fn from_parts(state: &AppState, parts: &Parts) -> Result<Self> {
        let context = resolve(state, parts, ActorType::User)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let user_id = UserId::parse(&context.claims.actor_id).ok_or(Error::Unauthenticated)?;
        Ok(Self {
            user_id,
            identity_id: context.identity_id(),
            via: context.via,
        })
    }
}

impl<S> FromRequestParts<S> for AdminActor
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self> {
        Self::from_parts(&AppState::from_ref(state), parts).await
    }
}
