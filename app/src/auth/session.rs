//! The auth records kept in a server-side session (tower-sessions, stored in the database so
//! every app instance sees it), with idle and absolute expiry.
//!
//! A session has one slot per actor type, so one browser can be signed in as a customer and
//! as an admin at once: the customer's record under `auth` (the key sessions have always
//! used, so existing sessions stay signed in), the admin's under `auth_user`. Signing in as
//! one actor fills its slot and keeps the other; every slot's login is recorded as an owner
//! of the session, so that a password change of either login can end it.

use serde::{Deserialize, Serialize};
use std::time::Duration;
use tower_sessions::Session;

use super::{jwt::Claims, ActorType};
use crate::{
    error::{Error, Result},
    shared::AuthIdentityId,
    stores::{self, Db},
};

const ACTORS: [ActorType; 2] = [ActorType::Customer, ActorType::User];

/// The session key of `actor`'s slot.
fn slot(actor: ActorType) -> &'static str {
    match actor {
        ActorType::Customer => "auth",
        ActorType::User => "auth_user",
    }
}

/// `last_seen` is written back at most this often, so a busy session costs one store write
/// a minute, not one per request.
const TOUCH_INTERVAL_SECS: i64 = 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Signed out after this long without a request.
    pub idle_timeout: Duration,
    /// Signed out this long after signing in, however active.
    pub absolute_timeout: Duration,
}

/// What a session knows about who signed in as one actor: a copy of the token claims it was
/// made from (as Medusa keeps them), and when.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SessionAuth {
    pub claims: Claims,
    pub authenticated_at: i64,
    pub last_seen: i64,
}

/// Typed access to the auth slots of a [`Session`].
pub struct AuthSession;

impl AuthSession {
    /// Signs the session in as `claims`, into the slot of their actor type, under a fresh
    /// session id (the old id, which an attacker may have planted, stops working); another
    /// actor's slot stays signed in. Every slot's login is recorded as an owner of the new
    /// id, so that a password change can end it. The session is stored now rather than when
    /// the response goes out, which is what gives it its id.
    pub async fn sign_in(db: &Db, session: &Session, claims: Claims) -> Result<()> {
        let actor = claims
            .actor_type()
            .ok_or_else(|| Error::internal("a session is signed in for a known actor type"))?;
        let now = stores::db::now();
        session
            .insert(
                slot(actor),
                SessionAuth {
                    claims,
                    authenticated_at: now.timestamp(),
                    last_seen: now.timestamp(),
                },
            )
            .await?;
        Self::renew(db, session).await
    }

    /// The signed-in record of `actor`, if the session has one that has not expired. An
    /// expired one is removed (and the whole session deleted if no other slot is left).
    pub async fn current(
        session: &Session,
        policy: &SessionPolicy,
        actor: ActorType,
    ) -> Result<Option<SessionAuth>> {
        let key = slot(actor);
        let Some(mut auth) = session.get::<SessionAuth>(key).await? else {
            return Ok(None);
        };
        if auth.claims.actor_type() != Some(actor) {
            return Ok(None);
        }
        let now = chrono::Utc::now().timestamp();
        let idle = now - auth.last_seen;
        let age = now - auth.authenticated_at;
        if idle > secs(policy.idle_timeout) || age > secs(policy.absolute_timeout) {
            session.remove_value(key).await?;
            if !Self::any_slot(session).await? {
                session.flush().await?;
            }
            return Ok(None);
        }
        if idle >= TOUCH_INTERVAL_SECS {
            auth.last_seen = now;
            session.insert(key, &auth).await?;
        }
        Ok(Some(auth))
    }

    /// Ends the whole session server-side, every slot: the record is deleted, so a copied
    /// cookie stops working. Returns whether anyone was signed in.
    pub async fn sign_out(session: &Session) -> Result<bool> {
        let had_auth = Self::any_slot(session).await?;
        session.flush().await?;
        Ok(had_auth)
    }

    /// Signs `actor` out of the session and leaves any other actor signed in, under a new
    /// session id; when no slot is left the session ends as with [`Self::sign_out`].
    /// Returns whether `actor` was signed in.
    pub async fn sign_out_actor(db: &Db, session: &Session, actor: ActorType) -> Result<bool> {
        let had_auth = session
            .remove_value(slot(actor))
            .await?
            .is_some_and(|value| !value.is_null());
        if Self::any_slot(session).await? {
            if had_auth {
                Self::renew(db, session).await?;
            }
        } else {
            session.flush().await?;
        }
        Ok(had_auth)
    }

    /// Whether any actor is signed in to the session (expired or not).
    async fn any_slot(session: &Session) -> Result<bool> {
        for actor in ACTORS {
            if session.get_value(slot(actor)).await?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Gives the session a new id and stores it now, then records the login of every slot
    /// as an owner of the new id (the store forgot the old id's owners when it was deleted).
    async fn renew(db: &Db, session: &Session) -> Result<()> {
        session.cycle_id().await?;
        session.save().await?;
        let id = session
            .id()
            .ok_or_else(|| Error::internal("a saved session has an id"))?
            .to_string();
        let now = stores::db::now();
        for actor in ACTORS {
            let Some(auth) = session.get::<SessionAuth>(slot(actor)).await? else {
                continue;
            };
            if let Some(identity) = AuthIdentityId::parse(&auth.claims.auth_identity_id) {
                stores::session_owners::record(db, &id, &identity, now).await?;
            }
        }
        Ok(())
    }
}

fn secs(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_customer_keeps_the_key_sessions_always_had() {
        assert_eq!(slot(ActorType::Customer), "auth");
        assert_ne!(slot(ActorType::User), slot(ActorType::Customer));
    }
}
