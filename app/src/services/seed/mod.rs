//! Sample data: bulk customers for benchmarks (numbered ones here, shop-like ones in
//! [`varied`]), and the demo account ([`demo`]).

pub mod demo;
pub mod varied;

use crate::{
    auth::PasswordHash,
    error::{Error, Result},
    shared::{AuthIdentityId, CustomerId},
    stores::{
        self,
        customers::{NewRow, Profile},
        identities::{NewActor, NewIdentity},
        Db,
    },
};

const BATCH: usize = 500;

/// Creates registered customers `seed-<n>@example.com` (n = 1..=count) with `password_hash`,
/// in transactions of a few hundred; emails already registered are skipped. Returns how many
/// were created.
pub async fn registered_customers(
    db: &Db,
    count: usize,
    password_hash: &PasswordHash,
) -> Result<usize> {
    let mut created = 0;
    for start in (1..=count).step_by(BATCH) {
        let mut tx = db.begin_write().await?;
        for n in start..(start + BATCH).min(count + 1) {
            let email = format!("seed-{n}@example.com");
            if stores::customers::registered_email_exists(&mut tx, &email).await? {
                continue;
            }
            let id = CustomerId::generate();
            let now = stores::db::now();
            let profile = Profile {
                first_name: Some(format!("Seed{n}")),
                last_name: Some("Customer".into()),
                ..Profile::default()
            };
            stores::customers::insert(
                &mut tx,
                &NewRow {
                    id: &id,
                    email: Some(&email),
                    email_normalized: Some(email.clone()),
                    has_account: true,
                    created_by: None,
                    profile: &profile,
                    now,
                },
            )
            .await
            .map_err(|_| Error::internal(format!("could not insert {email}")))?;
            stores::identities::insert(
                &mut tx,
                &NewIdentity {
                    id: &AuthIdentityId::generate(),
                    email: &email,
                    email_normalized: &email,
                    password_hash,
                    actor: NewActor::Customer(Some(&id)),
                    now,
                },
            )
            .await
            .map_err(|_| Error::internal(format!("could not insert the login of {email}")))?;
            created += 1;
        }
        tx.commit().await?;
    }
    Ok(created)
}
