//! The auth record kept in a server-side session (tower-sessions, stored in the database so
//! every app instance sees it), with idle and absolute expiry.

use serde::{Deserialize, Serialize};
use std::time::Duration;
use tower_sessions::Session;

use super::jwt::Claims;
use crate::{
    error::{Error, Result},
    shared::AuthIdentityId,
    stores::{self, Db},
};

const KEY: &str = "auth";
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

/// What a session knows about who signed in: a copy of the token claims it was made from
/// (as Medusa keeps them), and when.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SessionAuth {
    pub claims: Claims,
    pub authenticated_at: i64,
    pub last_seen: i64,
}

/// Typed access to the auth part of a [`Session`].
pub struct AuthSession;

impl AuthSession {
    /// Signs the session in as `claims`, under a fresh session id (the old id, which an
    /// attacker may have planted, stops working), and records which login the session
    /// belongs to, so that a password change can end it. The session is stored now rather
    /// than when the response goes out, which is what gives it its id.
    pub async fn sign_in(db: &Db, session: &Session, claims: Claims) -> Result<()> {
        let now = stores::db::now();
        let identity = AuthIdentityId::parse(&claims.auth_identity_id);
        session.cycle_id().await?;
        session
            .insert(
                KEY,
                SessionAuth {
                    claims,
                    authenticated_at: now.timestamp(),
                    last_seen: now.timestamp(),
                },
            )
            .await?;
        session.save().await?;
        let id = session
            .id()
            .ok_or_else(|| Error::internal("a saved session has an id"))?;
        if let Some(identity) = identity {
            stores::session_owners::record(db, &id.to_string(), &identity, now).await?;
        }
        Ok(())
    }

    /// The signed-in auth record, if the session has one that has not expired. An expired
    /// one is deleted from the store.
    pub async fn current(session: &Session, policy: &SessionPolicy) -> Result<Option<SessionAuth>> {
        let Some(mut auth) = session.get::<SessionAuth>(KEY).await? else {
            return Ok(None);
        };
        let now = chrono::Utc::now().timestamp();
        let idle = now - auth.last_seen;
        let age = now - auth.authenticated_at;
        if idle > secs(policy.idle_timeout) || age > secs(policy.absolute_timeout) {
            session.flush().await?;
            return Ok(None);
        }
        if idle >= TOUCH_INTERVAL_SECS {
            auth.last_seen = now;
            session.insert(KEY, &auth).await?;
        }
        Ok(Some(auth))
    }

    /// Ends the session server-side: the record is deleted, so a copied cookie stops
    /// working. Returns whether there was a signed-in session to end.
    pub async fn sign_out(session: &Session) -> Result<bool> {
        let had_auth = session.get::<SessionAuth>(KEY).await?.is_some();
        session.flush().await?;
        Ok(had_auth)
    }
}

fn secs(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}
