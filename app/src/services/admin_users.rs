//! Admin users: the back office's staff, Medusa's actor `user`. An admin is made by an
//! operator (`server create-admin`), never over HTTP, together with its login: an email +
//! password identity of actor type `user`, separate from any customer login with the same
//! email.

use crate::{
    auth::ActorType,
    error::{Error, Result},
    shared::{AdminUser, AuthIdentityId, Email, Issues, Password, Text, UserId},
    state::AppState,
    stores::{
        self,
        admin_users::{self as store, NewAdminUser},
        identities::{self, NewActor, NewIdentity},
    },
};

/// What creating an admin takes, as typed by the operator.
pub struct AdminForm<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
}

pub fn email_taken(email: &str) -> String {
    format!("An admin user with the email {email} already exists.")
}

/// Creates an admin user and its login in one transaction: both or neither. The password
/// policy applies as at a customer's sign-up; every problem with the input is reported at
/// once. An email a live admin has (in any case) is refused and nothing changes.
pub async fn create(state: &AppState, form: AdminForm<'_>) -> Result<AdminUser> {
    let mut issues = Issues::default();
    let email = issues.check("email", Email::parse(form.email));
    let password = issues.check(
        "password",
        Password::parse(form.password, state.policy.password_min_len),
    );
    let first_name = form
        .first_name
        .and_then(|name| issues.check("first_name", Text::name(name)));
    let last_name = form
        .last_name
        .and_then(|name| issues.check("last_name", Text::name(name)));
    let (email, password) = match (email, password) {
        (Some(email), Some(password)) if issues.is_empty() => (email, password),
        _ => return Err(Error::Validation(issues.into_vec())),
    };
    let password_hash = state.hasher.hash(&password).await?;
    let normalized = email.normalized();
    let id = UserId::generate();
    let now = stores::db::now();
    let taken = || Error::Duplicate(email_taken(email.as_str()));

    let mut tx = state.db.begin_write().await?;
    let inserted = store::insert(
        &mut tx,
        &NewAdminUser {
            id: &id,
            email: email.as_str(),
            email_normalized: &normalized,
            first_name: first_name.as_ref().map(Text::as_str),
            last_name: last_name.as_ref().map(Text::as_str),
            now,
        },
    )
    .await;
    match inserted {
        Ok(()) => {}
        Err(store::InsertError::EmailTaken) => return Err(taken()),
        Err(store::InsertError::Db(error)) => return Err(error.into()),
    }
    // A login left behind by an admin deleted later would hold the email too.
    let login = identities::insert(
        &mut tx,
        &NewIdentity {
            id: &AuthIdentityId::generate(),
            email: email.as_str(),
            email_normalized: &normalized,
            password_hash: &password_hash,
            actor: NewActor::User(&id),
            now,
        },
    )
    .await;
    match login {
        Ok(_) => {}
        Err(identities::InsertError::EmailTaken) => return Err(taken()),
        Err(identities::InsertError::Db(error)) => return Err(error.into()),
    }
    tx.commit().await?;
    get(state, &id).await
}

/// An operator sets a new password for the admin with this email (one who forgot theirs:
/// admins have no emailed reset). The password policy applies. Every session and token the
/// admin had ends, and the sign-in allowance comes back. An email no admin has is refused
/// and nothing changes.
pub async fn set_password(state: &AppState, email: &str, password: &str) -> Result<()> {
    let mut issues = Issues::default();
    let email = issues.check("email", Email::parse(email));
    let password = issues.check(
        "password",
        Password::parse(password, state.policy.password_min_len),
    );
    let (email, password) = match (email, password) {
        (Some(email), Some(password)) if issues.is_empty() => (email, password),
        _ => return Err(Error::Validation(issues.into_vec())),
    };
    let unknown = || Error::NotFound(format!("No admin user has the email {email}."));
    let login = identities::find_by_email(&state.db, ActorType::User, &email.normalized())
        .await?
        .ok_or_else(unknown)?;
    let hash = state.hasher.hash(&password).await?;
    let mut tx = state.db.begin_write().await?;
    if !identities::set_password(&mut tx, &login.id, &hash, stores::db::now()).await? {
        return Err(unknown());
    }
    tx.commit().await?;
    super::passwords::end_other_credentials(state, &login.id, None).await?;
    state
        .throttle
        .clear_account(&state.db, ActorType::User, &login.email)
        .await?;
    tracing::info!(identity = %login.id, "admin password set by an operator");
    Ok(())
}

/// Medusa's wording for an unknown user.
pub fn not_found(id: &UserId) -> Error {
    Error::NotFound(format!("User with id: {id} was not found"))
}

/// A live admin user.
pub async fn get(state: &AppState, id: &UserId) -> Result<AdminUser> {
    store::find(&state.db, id)
        .await?
        .ok_or_else(|| not_found(id))
}
