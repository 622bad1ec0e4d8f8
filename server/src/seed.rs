//! `server seed`: sample data for trying the app out and for benchmarks.

use app::{
    auth::PasswordHasher,
    services,
    shared::{password::DEFAULT_MIN_LEN, Password},
    stores::Db,
};

/// Creates `count` registered customers `seed-<n>@example.com` sharing one password (hashed
/// once: hashing each would take minutes and prove nothing). Existing ones are skipped.
pub async fn customers(db: &Db, count: usize, password: &str) -> anyhow::Result<usize> {
    let password = Password::parse(password, DEFAULT_MIN_LEN).map_err(|_| {
        anyhow::anyhow!("the seed password needs at least {DEFAULT_MIN_LEN} characters")
    })?;
    let hash = PasswordHasher::new(1).hash(&password).await?;
    Ok(services::seed::registered_customers(db, count, &hash).await?)
}
