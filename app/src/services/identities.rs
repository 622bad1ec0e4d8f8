//! Email + password logins: registering one, checking one, and the token it earns.
//! Every attempt first passes the throttle (per account and per client address).
//!
//! A login is of one actor type (customer or admin user): the same email may have both, each
//! with its own password. Customers register over the API; admins are made by an operator
//! (`server create-admin`, see [`super::admin_users`]), never over HTTP.

use std::net::IpAddr;

use crate::{
    auth::{
        jwt::Subject,
        throttle::{address_client_key, AccountAllowance},
        ActorType, AuthContext, Claims, DeviceToken,
    },
    error::{Error, Result},
    shared::{AuthIdentityId, Email, Password},
    state::AppState,
    stores::{
        self,
        identities::{Identity, InsertError, NewActor, NewIdentity},
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

    let existing =
        stores::identities::find_by_email(&state.db, ActorType::Customer, &normalized).await?;
    if let Some(existing) = existing {
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
            actor: NewActor::Customer(None),
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

/// Checks an email and password against `actor`'s logins. An unknown email costs the same
/// hash verification as a known one and gets the same answer, so neither timing nor text
/// tells them apart.
///
/// When strangers have spent the account's sign-in allowance, a client that has signed in
/// to this login before (from the same IPv4 address or IPv6 /64, or with the same device
/// cookie, within the last 90 days) may still try its password: the right one lets the
/// owner in, a wrong one gets the same 429 as everybody else. The client's address
/// allowance applies to every attempt.
pub async fn authenticate(
    state: &AppState,
    actor: ActorType,
    client: Option<IpAddr>,
    device: Option<&DeviceToken>,
    email: &str,
    password: &str,
) -> Result<Identity> {
    let allowance = state
        .throttle
        .sign_in_attempt(&state.db, client, actor, email)
        .await?;
    let identity = match Email::parse(email) {
        Ok(email) => {
            stores::identities::find_by_email(&state.db, actor, &email.normalized()).await?
        }
        Err(_) => None,
    };
    let keys = client_keys(client, device);
    // The answer a wrong password gets, decided before any hashing: past a spent account
    // allowance, only a known client's attempt is verified at all.
    let refusal = match allowance {
        AccountAllowance::Spent(refused) => {
            let known = match &identity {
                Some(identity) => {
                    let since = now_ms() - KNOWN_CLIENT_DAYS * 86_400_000;
                    stores::known_clients::any_known(&state.db, &identity.id, &keys, since).await?
                }
                None => false,
            };
            if !known {
                return Err(refused);
            }
            refused
        }
        AccountAllowance::Granted => Error::Unauthorized(INVALID_CREDENTIALS.into()),
    };
    let matched = state
        .hasher
        .verify(password, identity.as_ref().map(|i| &i.password_hash))
        .await?;
    match identity {
        Some(identity) if matched => signed_in(state, identity, &keys).await,
        _ => Err(refusal),
    }
}

/// How long a client stays known to a login after its last successful sign-in.
const KNOWN_CLIENT_DAYS: i64 = 90;

fn now_ms() -> i64 {
    stores::db::now().timestamp_millis()
}

fn client_keys(client: Option<IpAddr>, device: Option<&DeviceToken>) -> Vec<String> {
    client
        .map(address_client_key)
        .into_iter()
        .chain(device.map(DeviceToken::client_key))
        .collect()
}

async fn signed_in(state: &AppState, identity: Identity, keys: &[String]) -> Result<Identity> {
    stores::known_clients::remember(&state.db, &identity.id, keys, now_ms()).await?;
    Ok(identity)
}

/// Forgets clients that have not signed in for longer than they stay known.
pub async fn forget_stale_clients(state: &AppState) -> Result<()> {
    let before = now_ms() - KNOWN_CLIENT_DAYS * 86_400_000;
    stores::known_clients::forget_older_than(&state.db, before).await?;
    Ok(())
}

/// Signing in on the pages: as [`authenticate`], and the login must belong to a customer
/// (a sign-up left unfinished through the API has none yet).
pub async fn authenticate_customer(
    state: &AppState,
    client: Option<IpAddr>,
    device: Option<&DeviceToken>,
    email: &str,
    password: &str,
) -> Result<Identity> {
    let identity =
        authenticate(state, ActorType::Customer, client, device, email, password).await?;
    if identity.customer_id.is_none() {
        return Err(Error::Unauthorized(INVALID_CREDENTIALS.into()));
    }
    Ok(identity)
}

/// The claims of a token for this login, of its actor type: linked to its actor (a sign-in)
/// or not yet (a customer's registration).
pub fn login_claims(state: &AppState, identity: &Identity) -> Claims {
    state.jwt.claims(&Subject {
        actor_type: identity.actor_type,
        actor_id: identity.actor_id(),
        auth_identity_id: &identity.id,
        auth_provider: &identity.provider,
    })
}

pub fn login_token(state: &AppState, identity: &Identity) -> String {
    state.jwt.sign(&login_claims(state, identity))
}

/// Medusa's "Invalid auth identity while refreshing token": the credential verified but its
/// login no longer exists (the customer was deleted).
pub const REFRESH_IDENTITY_GONE: &str = "Invalid auth identity while refreshing token";

/// `POST /auth/token/refresh`: a new token for the login behind a verified credential (a
/// customer's or an admin's), from its current state — a registration token refreshes into
/// a login token once the customer exists — issued now.
pub async fn refreshed_token(state: &AppState, credential: &AuthContext) -> Result<String> {
    let id = credential.identity_id().ok_or(Error::Unauthenticated)?;
    let identity = stores::identities::find(&state.db, &id)
        .await?
        .ok_or_else(|| Error::Unauthorized(REFRESH_IDENTITY_GONE.into()))?;
    if credential.claims.actor_type() != Some(identity.actor_type) {
        return Err(Error::Unauthenticated);
    }
    Ok(login_token(state, &identity))
}
