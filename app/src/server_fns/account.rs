//! The signed-in customer's own profile.

use leptos::prelude::*;

use crate::shared::{Customer, PublicError};

/// The signed-in customer, or `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "current_customer")]
pub async fn current_customer() -> Result<Option<Customer>, PublicError> {
    use super::context::{fail, parts, state};
    use crate::{auth::CustomerActor, error::Error, services::customers};

    let state = state()?;
    let actor = match CustomerActor::from_parts(&state, &parts()?).await {
        Ok(actor) => actor,
        Err(Error::Unauthenticated) => return Ok(None),
        Err(error) => return Err(fail(error)),
    };
    match customers::get(&state, &actor.customer_id).await {
        Ok(customer) => Ok(Some(customer)),
        // Signed in as a customer who has since been deleted: treat as signed out.
        Err(Error::NotFound(_)) => Ok(None),
        Err(error) => Err(fail(error)),
    }
}

/// Saves the profile form. An emptied field is cleared.
#[server(prefix = "/api", endpoint = "update_profile")]
pub async fn update_profile(
    first_name: String,
    last_name: String,
    phone: String,
    company_name: String,
) -> Result<(), PublicError> {
    use super::context::{fail, parts, state};
    use crate::{auth::CustomerActor, services::customers};

    let state = state()?;
    let actor = CustomerActor::from_parts(&state, &parts()?)
        .await
        .map_err(fail)?;
    let update = customers::profile_update_from_form(customers::ProfileForm {
        first_name: &first_name,
        last_name: &last_name,
        phone: &phone,
        company_name: &company_name,
    })
    .map_err(fail)?;
    customers::update_profile(&state, &actor.customer_id, update)
        .await
        .map_err(fail)?;
    leptos_axum::redirect("/account?saved=1");
    Ok(())
}
