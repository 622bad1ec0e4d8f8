//! The back office's writes to a customer itself: saving the profile form, and deleting the
//! customer after the confirmation page. Each identifies the admin and calls one service.

use leptos::prelude::*;

use crate::shared::PublicError;

/// Saves the profile form of customer `id`: every field as sent (an emptied one is
/// cleared). A failed save goes back to the form with the error and the values as typed.
#[server(prefix = "/api", endpoint = "admin_update_customer")]
pub async fn admin_update_customer(
    id: String,
    email: String,
    first_name: String,
    last_name: String,
    phone: String,
    company_name: String,
) -> Result<(), PublicError> {
    use crate::{
        server_fns::context::fail,
        services::admin_customers::{self, ProfileForm},
    };

    let sent = [
        ("email", email.as_str()),
        ("first_name", first_name.as_str()),
        ("last_name", last_name.as_str()),
        ("phone", phone.as_str()),
        ("company_name", company_name.as_str()),
    ];
    let failed = |error| fail(error).with_submitted(sent);
    let (state, _admin) = super::actor::required()
        .await
        .map_err(|e| e.with_submitted(sent))?;
    let customer = admin_customers::id_for_update(&id).map_err(failed)?;
    let form = ProfileForm {
        email: &email,
        first_name: &first_name,
        last_name: &last_name,
        phone: &phone,
        company_name: &company_name,
    };
    admin_customers::update_from_form(&state, &customer, form)
        .await
        .map_err(failed)?;
    leptos_axum::redirect(&format!("/app/customers/{customer}?saved=profile"));
    Ok(())
}

/// Deletes customer `id` (the confirmation page's form) and goes back to the customer list,
/// which says so.
#[server(prefix = "/api", endpoint = "admin_delete_customer")]
pub async fn admin_delete_customer(id: String) -> Result<(), PublicError> {
    use crate::{server_fns::context::fail, services::admin_customers};

    let (state, _admin) = super::actor::required().await?;
    let customer = admin_customers::id_for_read(&id).map_err(fail)?;
    admin_customers::delete(&state, &customer)
        .await
        .map_err(fail)?;
    leptos_axum::redirect("/app/customers?deleted=1");
    Ok(())
}
