//! `server seed`: sample data for trying the app out and for benchmarks.

use crate::{config::Config, startup};
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

/// Adds `count` varied customers in groups (see `app::services::seed::varied`); the
/// registered ones share `password`.
pub async fn varied_customers(db: &Db, count: usize, password: &str) -> anyhow::Result<usize> {
    let password = Password::parse(password, DEFAULT_MIN_LEN).map_err(|_| {
        anyhow::anyhow!("the seed password needs at least {DEFAULT_MIN_LEN} characters")
    })?;
    let hash = PasswordHasher::new(1).hash(&password).await?;
    Ok(services::seed::varied::customers(db, count, &hash).await?)
}

/// Creates the demo customers, addresses and orders (see `app::services::seed::demo`) and
/// prints what it did and how to sign in.
pub async fn demo(config: &Config, db: Db) -> anyhow::Result<()> {
    let state = startup::app_state(config, db);
    let report = services::seed::demo::seed(&state).await?;
    for (email, created) in &report.customers {
        if *created {
            println!("created customer {email} with addresses");
        } else {
            println!("customer {email} already exists: left as it was");
        }
    }
    println!(
        "orders: {} created, {} updated",
        report.orders_created, report.orders_updated
    );
    println!(
        "sign in at {}/account/login with any of these emails and the password {}",
        config.public_origin(),
        services::seed::demo::PASSWORD
    );
    if report.customers.iter().any(|(_, created)| !created) {
        println!("(a customer that already existed keeps the password it had)");
    }
    Ok(())
}
