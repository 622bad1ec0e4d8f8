//! Email + password logins: registering one, checking one, and the token it earns.
//! Every attempt first passes the throttle (per account and per client address).

use std::net::IpAddr;

use crate::{
    auth::{jwt::Subject, ActorType, Claims},
    error::{Error, Result},
    shared::{AuthIdentityId, Email, Password},
    state::AppState,
    stores::{
        self,
        identities::{Identity, InsertError, NewIdentity},
    },
};

pub const INVALID_CREDENTIALS: &str = "Invalid email or password";
pub const IDENTITY_EXISTS: &str = "Identity with email already exists";

/// Medusa's `POST /auth/customer/emailpass/register`: a login not yet linked to a customer.
/// Registering again with the same email and password while the first sign-up is unfinished
/// returns that identity (a retry); anything else with a taken email is refused.
pub async fn register(
    state: &AppState,
    client: Option<IpAddr>,
    email: &str,
    password: &str,
) -> Result<Identity> {
    state.throttle.attempt(&state.db, client, email).await?;
    let email = Email::parse(email).map_err(|kind| Error::invalid_field("email", kind))?;
    let password = Password::parse(password, state.policy.password_min_len)
        .map_err(|kind| Error::invalid_field("password", kind))?;
    let normalized = email.normalized();

    if let Some(existing) = stores::identities::find_by_email(&state.db, &normalized).await? {
        let unfinished = existing.customer_id.is_none();
        if unfinished
            && state
                .hasher
                .verify(password.expose(), Some(&existing.password_hash))
                .await?
        {
            return Ok(existing);
        }
        return Err(Error::Unauthorized(IDENTITY_EXISTS.into()));
    }

    let password_hash = state.hasher.hash(&password).await?;
    let id = AuthIdentityId::generate();
    let mut tx = state.db.begin_write().await?;
    let inserted = stores::identities::insert(
        &mut tx,
        &NewIdentity {
            id: &id,
            email: email.as_str(),
            email_normalized: &normalized,
            password_hash: &password_hash,
            customer_id: None,
            now: stores::db::now(),
        },
    )
    .await;
    let identity = match inserted {
        Ok(identity) => identity,
        Err(InsertError::EmailTaken) => return Err(Error::Unauthorized(IDENTITY_EXISTS.into())),
        Err(InsertError::Db(error)) => return Err(error.into()),
    };
    tx.commit().await?;
    Ok(identity)
}

/// Checks an email and password. An unknown email costs the same hash verification as a
/// known one and gets the same answer, so neither timing nor text tells them apart.
pub async fn authenticate(
    state: &AppState,
    client: Option<IpAddr>,
    email: &str,
    password: &str,
) -> Result<Identity> {
    state.throttle.attempt(&state.db, client, email).await?;
    let identity = match Email::parse(email) {
        Ok(email) => stores::identities::find_by_email(&state.db, &email.normalized()).await?,
        Err(_) => None,
    };
    let matched = state
        .hasher
        .verify(password, identity.as_ref().map(|i| &i.password_hash))
        .await?;
    match identity {
        Some(identity) if matched => Ok(identity),
        _ => Err(Error::Unauthorized(INVALID_CREDENTIALS.into())),
    }
}

/// Signing in on the pages: as [`authenticate`], and the login must belong to a customer
/// (a sign-up left unfinished through the API has none yet).
pub async fn authenticate_customer(
    state: &AppState,
    client: Option<IpAddr>,
    email: &str,
    password: &str,
) -> Result<Identity> {
    let identity = authenticate(state, client, email, password).await?;
    if identity.customer_id.is_none() {
        return Err(Error::Unauthorized(INVALID_CREDENTIALS.into()));
    }
    Ok(identity)
}

/// The claims of a customer token for this identity: linked (a login) or not (registration).
pub fn customer_claims(state: &AppState, identity: &Identity) -> Claims {
    state.jwt.claims(&Subject {
        actor_type: ActorType::Customer,
        actor_id: identity.customer_id.as_ref().map(|id| id.as_str()),
        auth_identity_id: &identity.id,
        auth_provider: &identity.provider,
    })
}

pub fn customer_token(state: &AppState, identity: &Identity) -> String {
    state.jwt.sign(&customer_claims(state, identity))
}
