//! Passwords after sign-up: a signed-in customer changing theirs, and a forgotten one reset
//! through a single-use link sent by email. Either way the login's other credentials end:
//! its bearer tokens issued before the change are refused from then on, and its other
//! sessions are deleted (see [`end_other_credentials`]).
//!
//! A reset request always gets the same answer, in the same time, whether or not the email
//! belongs to a login: the look-up, the token and the email happen in a task of their own,
//! after the answer is decided.

use rand::RngCore;
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use tower_sessions::{session::Id, Session, SessionStore};

use super::{
    identities,
    reset_email::{lifetime, ResetEmail},
};
use crate::{
    auth::{
        cookie::hex,
        jwt::{ResetClaims, ResetSubject},
        ActorType, AuthSession, DeviceToken,
    },
    error::{Error, Result},
    shared::{
        AuthIdentityId, Email, IssueKind, Issues, Password, PasswordResetTokenId, PasswordRules,
    },
    state::AppState,
    stores::{
        self,
        identities::{Identity, EMAILPASS},
        reset_tokens::NewResetToken,
    },
};

pub const INVALID_TOKEN: &str = "Invalid token";
pub const CURRENT_PASSWORD_INCORRECT: &str = "The current password is incorrect";
pub const PASSWORDS_DIFFER: &str = "The two new passwords do not match.";

/// Ends every credential of the login except the session `keep`: bearer tokens issued
/// before now are refused from now on, every other session of the login is deleted (through
/// the session store, so no cache keeps it alive), and `keep`, if it is signed in to this
/// login, is signed in again with fresh claims under a new id, so it stays signed in.
///
/// A session signed in to this login and, in its other slot, to another actor's login ends
/// whole: it is the session of someone who may not know the new password, and failing
/// closed costs the other actor one sign-in.
///
/// Tokens are compared in whole seconds (a JWT's `iat`): one issued in the same second as
/// the change still works.
pub async fn end_other_credentials(
    state: &AppState,
    identity: &AuthIdentityId,
    keep: Option<&Session>,
) -> Result<()> {
    stores::identities::revoke_tokens(&state.db, identity, stores::db::now()).await?;
    let login = stores::identities::find(&state.db, identity).await?;
    let kept = match (keep, &login) {
        (Some(session), Some(login)) => {
            AuthSession::current(session, &state.policy.session, login.actor_type)
                .await?
                .filter(|auth| auth.claims.auth_identity_id == identity.as_str())
                .and(session.id())
        }
        _ => None,
    };
    for session_id in stores::session_owners::sessions_of(&state.db, identity).await? {
        if kept.is_some_and(|kept| kept.to_string() == session_id) {
            continue;
        }
        match session_id.parse::<Id>() {
            // Also forgets the owner row.
            Ok(id) => state
                .sessions
                .delete(&id)
                .await
                .map_err(|error| Error::Unavailable(Box::new(error)))?,
            Err(_) => stores::session_owners::forget(&state.db, &session_id).await?,
        }
    }
    if let (Some(session), Some(_), Some(login)) = (keep, kept, &login) {
        AuthSession::sign_in(&state.db, session, identities::login_claims(state, login)).await?;
    }
    Ok(())
}

/// A signed-in customer changes their password. The current one must be right: a wrong one
/// counts against the account's sign-in allowance like a failed sign-in (it is a way to
/// guess the password) and changes nothing. `keep` is the caller's session, if they came
/// with one; it stays signed in, and every other credential of the login ends — a bearer
/// caller's own token included.
pub async fn change(
    state: &AppState,
    client: Option<IpAddr>,
    device: Option<&DeviceToken>,
    identity: &AuthIdentityId,
    keep: Option<&Session>,
    current: &str,
    new: &str,
) -> Result<()> {
    let new = Password::parse(new, state.policy.password_min_len)
        .map_err(|kind| Error::invalid_field("new_password", kind))?;
    let login = stores::identities::find(&state.db, identity)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let checked = identities::authenticate(
        state,
        login.actor_type,
        client,
        device,
        &login.email,
        current,
    )
    .await
    .map_err(|error| match error {
        Error::Unauthorized(_) => Error::InvalidData(CURRENT_PASSWORD_INCORRECT.into()),
        other => other,
    })?;
    if checked.id != login.id {
        return Err(Error::InvalidData(CURRENT_PASSWORD_INCORRECT.into()));
    }
    let hash = state.hasher.hash(&new).await?;
    let mut tx = state.db.begin_write().await?;
    if !stores::identities::set_password(&mut tx, identity, &hash, stores::db::now()).await? {
        return Err(Error::Unauthenticated);
    }
    tx.commit().await?;
    end_other_credentials(state, identity, keep).await
}

/// What the password pages say about the rules.
pub fn rules(state: &AppState) -> PasswordRules {
    PasswordRules {
        min_length: state.policy.password_min_len,
        reset_link_lifetime: lifetime(state.policy.password_reset_ttl),
    }
}

/// A form's new password (field `field`) and its confirmation: every problem at once, before
/// anything else is checked or spent.
pub fn check_new(min_len: usize, field: &str, new: &str, confirmation: &str) -> Result<()> {
    let mut issues = Issues::default();
    issues.check(field, Password::parse(new, min_len));
    if new != confirmation {
        issues.check::<()>(
            "confirm_password",
            Err(IssueKind::Other(PASSWORDS_DIFFER.into())),
        );
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(issues.into_vec()))
    }
}

/// Someone asks for a reset link for `email`. Counted per client address and per email
/// (429 past the limits, so nobody can flood a mailbox); then the answer is the same
/// whether or not the email belongs to a login, and the rest happens in a task of its own.
pub async fn request_reset(state: &AppState, client: Option<IpAddr>, email: Email) -> Result<()> {
    state
        .throttle
        .reset_request(&state.db, client, email.as_str())
        .await?;
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(error) = send_reset_link(&state, &email).await {
            crate::error::log(&error);
        }
    });
    Ok(())
}

/// Issues a reset token for the login with this email, if there is one, and queues the
/// email carrying its link — in one transaction, so there is never a token without its
/// email nor an email without its token. An earlier token of the login stops working.
pub async fn send_reset_link(state: &AppState, email: &Email) -> Result<()> {
    let Some(login) =
        stores::identities::find_by_email(&state.db, ActorType::Customer, &email.normalized())
            .await?
    else {
        return Ok(());
    };
    let ttl = state.policy.password_reset_ttl;
    let jti = random_jti();
    let (token, _) = state.jwt.issue_reset(
        ResetSubject {
            actor_type: ActorType::Customer,
            auth_identity_id: &login.id,
            email: &login.email,
            provider: &login.provider,
            jti: &jti,
        },
        ttl,
    );
    let link = format!(
        "{}/account/reset?token={token}",
        state.mail.public_origin.trim_end_matches('/')
    );
    let message = ResetEmail {
        shop_name: &state.mail.shop_name,
        to: &login.email,
        link: &link,
        expires_in: ttl,
    };
    let now = stores::db::now();
    let expires_at = now
        + chrono::Duration::from_std(ttl).map_err(|error| Error::internal(error.to_string()))?;
    let mut tx = state.db.begin_write().await?;
    stores::reset_tokens::replace(
        &mut tx,
        &NewResetToken {
            id: &PasswordResetTokenId::generate(),
            identity: &login.id,
            token_hash: &jti_hash(&jti),
            expires_at,
            now,
        },
    )
    .await?;
    super::mail::enqueue(
        &mut tx,
        &super::mail::OutgoingEmail {
            to: login.email.clone(),
            subject: message.subject(),
            text: message.text(),
            html: message.html(),
        },
    )
    .await?;
    tx.commit().await?;
    state.mail.nudge();
    tracing::info!(identity = %login.id, "password reset link queued");
    Ok(())
}

/// What a reset token says, once checked: whose it is and which row it must match.
pub struct ResetToken {
    identity: AuthIdentityId,
    email: String,
    jti_hash: String,
}

impl ResetToken {
    /// A customer reset token we signed that has not expired; `Invalid token` otherwise
    /// (a login token, another actor type's token, a forged or expired one).
    pub fn verify(state: &AppState, token: &str) -> Result<Self> {
        let claims = state
            .jwt
            .verify_reset(token)
            .filter(|claims| {
                claims.actor_type() == Some(ActorType::Customer) && claims.provider == EMAILPASS
            })
            .ok_or_else(invalid_token)?;
        let ResetClaims {
            auth_identity_id,
            entity_id,
            jti,
            ..
        } = claims;
        Ok(Self {
            identity: AuthIdentityId::parse(&auth_identity_id).ok_or_else(invalid_token)?,
            email: entity_id,
            jti_hash: jti_hash(&jti),
        })
    }

    /// The email the token was sent to.
    pub fn email(&self) -> &str {
        &self.email
    }

    /// Whether the email a client sent along is the one the token was issued for.
    pub fn is_for(&self, email: &str) -> bool {
        self.email.trim().to_lowercase() == email.trim().to_lowercase()
    }

    /// Whether the token can still be used: it is the login's latest and has not been used
    /// or expired. Reads only.
    pub async fn is_usable(&self, state: &AppState) -> Result<bool> {
        Ok(stores::reset_tokens::is_outstanding(
            &state.db,
            &self.jti_hash,
            &self.identity,
            stores::db::now(),
        )
        .await?)
    }
}

/// Sets a new password with a reset token, which is used up. `password` is `None` when the
/// client sent none (or not a string): as in Medusa the token is spent anyway, and the
/// answer is 401. A password that fails the policy is refused (400) and the token stays
/// usable, so the customer can try again with a better one. On success every other
/// credential of the login ends and its sign-in allowance comes back. Returns the login.
pub async fn reset(
    state: &AppState,
    token: &ResetToken,
    password: Option<&str>,
) -> Result<Identity> {
    let Some(password) = password else {
        return if stores::reset_tokens::consume_now(
            &state.db,
            &token.jti_hash,
            &token.identity,
            stores::db::now(),
        )
        .await?
        {
            Err(Error::Unauthenticated)
        } else {
            Err(invalid_token())
        };
    };
    if !token.is_usable(state).await? {
        return Err(invalid_token());
    }
    let password = Password::parse(password, state.policy.password_min_len)
        .map_err(|kind| Error::invalid_field("password", kind))?;
    let hash = state.hasher.hash(&password).await?;
    let now = stores::db::now();
    let mut tx = state.db.begin_write().await?;
    if !stores::reset_tokens::consume(&mut tx, &token.jti_hash, &token.identity, now).await?
        || !stores::identities::set_password(&mut tx, &token.identity, &hash, now).await?
    {
        return Err(invalid_token());
    }
    tx.commit().await?;
    end_other_credentials(state, &token.identity, None).await?;
    let login = stores::identities::find(&state.db, &token.identity)
        .await?
        .ok_or_else(invalid_token)?;
    state
        .throttle
        .clear_account(&state.db, ActorType::Customer, &login.email)
        .await?;
    tracing::info!(identity = %login.id, "password reset");
    Ok(login)
}

/// Deletes reset tokens that have expired.
pub async fn forget_expired_reset_tokens(state: &AppState) -> Result<()> {
    stores::reset_tokens::forget_expired(&state.db, stores::db::now()).await?;
    Ok(())
}

fn invalid_token() -> Error {
    Error::Unauthorized(INVALID_TOKEN.into())
}

/// 128 random bits, in hex.
fn random_jti() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

/// What the database keeps of a token: the hex SHA-256 of its `jti`.
fn jti_hash(jti: &str) -> String {
    hex(&Sha256::digest(jti.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_hash_is_the_hex_sha256_of_the_jti() {
        assert_eq!(
            jti_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let jti = random_jti();
        assert_eq!(jti.len(), 32);
        assert_ne!(jti, random_jti());
    }

    #[test]
    fn a_form_reports_a_weak_and_an_unconfirmed_password_together() {
        assert!(check_new(8, "password", "correct horse", "correct horse").is_ok());
        let Err(Error::Validation(issues)) = check_new(8, "new_password", "short", "shorter")
        else {
            panic!("expected a validation error");
        };
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["new_password", "confirm_password"]);
        let Err(Error::Validation(issues)) = check_new(8, "password", "long enough", "long enuogh")
        else {
            panic!("expected a validation error");
        };
        assert_eq!(issues[0].ui_message(), PASSWORDS_DIFFER);
    }
}
