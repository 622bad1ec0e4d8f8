//! The back office's forms for a customer's address book: add, edit, set or unset a
//! default, delete. The same address form and rules as the customer's own address book, on
//! the customer named in the form; on success the browser goes back to the customer's page,
//! on failure to the form with the error and (for the address form) the values as typed.

// A server function's arguments are its form's fields, one each.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::shared::PublicError;

/// Where a change to customer `customer`'s addresses lands: its page, saying what changed.
#[cfg(feature = "ssr")]
fn back_to(customer: &crate::shared::CustomerId, notice: &str) {
    leptos_axum::redirect(&format!("/app/customers/{customer}?address={notice}"));
}

/// Adds an address to customer `customer_id` from the address form.
#[server(prefix = "/api", endpoint = "admin_add_customer_address")]
pub async fn admin_add_customer_address(
    customer_id: String,
    address_name: String,
    first_name: String,
    last_name: String,
    company: String,
    address_1: String,
    address_2: String,
    city: String,
    province: String,
    postal_code: String,
    country_code: String,
    phone: String,
    is_default_shipping: Option<String>,
    is_default_billing: Option<String>,
) -> Result<(), PublicError> {
    use crate::{
        server_fns::addresses::Sent,
        services::{addresses, admin_customers},
    };

    let sent = Sent::new(
        [
            &address_name,
            &first_name,
            &last_name,
            &company,
            &address_1,
            &address_2,
            &city,
            &province,
            &postal_code,
            &country_code,
            &phone,
        ],
        is_default_shipping.is_some(),
        is_default_billing.is_some(),
    );
    let (state, _admin) = super::actor::required()
        .await
        .map_err(|e| e.with_submitted(sent.values))?;
    let customer = admin_customers::id_for_write(&customer_id).map_err(|e| sent.fail(e))?;
    let input = addresses::new_address_from_form(sent.form()).map_err(|e| sent.fail(e))?;
    admin_customers::add_address(&state, &customer, input)
        .await
        .map_err(|e| sent.fail(e))?;
    back_to(&customer, "added");
    Ok(())
}

/// Saves the edit form of customer `customer_id`'s address `id`: every field as sent (an
/// emptied one is cleared).
#[server(prefix = "/api", endpoint = "admin_update_customer_address")]
pub async fn admin_update_customer_address(
    customer_id: String,
    id: String,
    address_name: String,
    first_name: String,
    last_name: String,
    company: String,
    address_1: String,
    address_2: String,
    city: String,
    province: String,
    postal_code: String,
    country_code: String,
    phone: String,
    is_default_shipping: Option<String>,
    is_default_billing: Option<String>,
) -> Result<(), PublicError> {
    use crate::{
        server_fns::addresses::Sent,
        services::{addresses, admin_customers},
    };

    let sent = Sent::new(
        [
            &address_name,
            &first_name,
            &last_name,
            &company,
            &address_1,
            &address_2,
            &city,
            &province,
            &postal_code,
            &country_code,
            &phone,
        ],
        is_default_shipping.is_some(),
        is_default_billing.is_some(),
    );
    let (state, _admin) = super::actor::required()
        .await
        .map_err(|e| e.with_submitted(sent.values))?;
    let customer = admin_customers::id_for_read(&customer_id).map_err(|e| sent.fail(e))?;
    let change = addresses::new_address_from_form(sent.form())
        .map_err(|e| sent.fail(e))?
        .into_replacement();
    admin_customers::update_address(&state, &customer, &id, change)
        .await
        .map_err(|e| sent.fail(e))?;
    back_to(&customer, "saved");
    Ok(())
}

/// Makes customer `customer_id`'s address `id` its default for `purpose` (`shipping` or
/// `billing`) when `on` is `true`, or stops it being that default when `on` is `false`.
#[server(prefix = "/api", endpoint = "admin_set_customer_address_default")]
pub async fn admin_set_customer_address_default(
    customer_id: String,
    id: String,
    purpose: String,
    on: String,
) -> Result<(), PublicError> {
    use crate::{error::Error, server_fns::context::fail, services::admin_customers};

    let (shipping, on) = match (purpose.as_str(), on.as_str()) {
        ("shipping", "true") => (true, true),
        ("shipping", "false") => (true, false),
        ("billing", "true") => (false, true),
        ("billing", "false") => (false, false),
        _ => {
            return Err(fail(Error::InvalidData(
                "Choose shipping or billing, and whether it is the default.".into(),
            )))
        }
    };
    let (state, _admin) = super::actor::required().await?;
    let customer = admin_customers::id_for_read(&customer_id).map_err(fail)?;
    admin_customers::set_default_address(&state, &customer, &id, shipping, on)
        .await
        .map_err(fail)?;
    back_to(&customer, if on { "default" } else { "undefault" });
    Ok(())
}

/// Deletes customer `customer_id`'s address `id` (the confirmation page's form).
#[server(prefix = "/api", endpoint = "admin_delete_customer_address")]
pub async fn admin_delete_customer_address(
    customer_id: String,
    id: String,
) -> Result<(), PublicError> {
    use crate::{server_fns::context::fail, services::admin_customers};

    let (state, _admin) = super::actor::required().await?;
    let customer = admin_customers::id_for_read(&customer_id).map_err(fail)?;
    admin_customers::delete_address(&state, &customer, &id)
        .await
        .map_err(fail)?;
    back_to(&customer, "deleted");
    Ok(())
}
