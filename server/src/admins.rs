//! `server create-admin`: the only way an admin user comes to be (the HTTP API has no
//! admin sign-up). Prints the new admin's id alone on stdout; a refusal is an error (exit
//! code 1) that says why, and changes nothing. `server set-admin-password`: an operator
//! gives an admin who forgot theirs a new password.

use crate::{config::Config, publishable_keys::for_operator, startup};
use app::{
    services::admin_users::{self, AdminForm},
    stores::Db,
};

/// What the operator typed.
pub struct CreateAdmin {
    pub email: String,
    pub password: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

pub async fn create(config: &Config, db: Db, input: &CreateAdmin) -> anyhow::Result<()> {
    let state = startup::app_state(config, db);
    let user = admin_users::create(
        &state,
        AdminForm {
            email: &input.email,
            password: &input.password,
            first_name: input.first_name.as_deref(),
            last_name: input.last_name.as_deref(),
        },
    )
    .await
    .map_err(for_operator)?;
    println!("{}", user.id);
    tracing::info!(
        id = %user.id,
        email = %user.email,
        "admin user created; sign in with POST /auth/user/emailpass"
    );
    Ok(())
}

/// `server set-admin-password`: a new password for the admin with `email`; the admin's
/// sessions and tokens end. An unknown email or a weak password is an error (exit code 1)
/// and changes nothing.
pub async fn set_password(
    config: &Config,
    db: Db,
    email: &str,
    password: &str,
) -> anyhow::Result<()> {
    let state = startup::app_state(config, db);
    admin_users::set_password(&state, email, password)
        .await
        .map_err(for_operator)?;
    tracing::info!(%email, "admin password set; the admin's sessions and tokens ended");
    Ok(())
}
