//! The address book's forms: add, edit, make default, delete. Each decodes its form,
//! identifies the signed-in customer and calls the address service; on success it sends the
//! browser to the address list, on failure back to the form with the error and (for the
//! address form) the values as typed.

// A server function's arguments are its form's fields, one each: the address form has more
// than clippy's default of seven.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::shared::PublicError;

/// The address form's fields, as the browser sends them (the back office's address form
/// sends the same).
#[cfg(feature = "ssr")]
pub(crate) struct Sent<'a> {
    pub values: [(&'static str, &'a str); 11],
    pub is_default_shipping: bool,
    pub is_default_billing: bool,
}

/// The names of the address form's text fields, in the order [`Sent::new`] takes them.
#[cfg(feature = "ssr")]
const FIELDS: [&str; 11] = [
    "address_name",
    "first_name",
    "last_name",
    "company",
    "address_1",
    "address_2",
    "city",
    "province",
    "postal_code",
    "country_code",
    "phone",
];

#[cfg(feature = "ssr")]
impl<'a> Sent<'a> {
    /// The text fields in [`FIELDS`] order, and whether each default box was checked.
    pub fn new(values: [&'a str; 11], is_default_shipping: bool, is_default_billing: bool) -> Self {
        Self {
            values: std::array::from_fn(|i| (FIELDS[i], values[i])),
            is_default_shipping,
            is_default_billing,
        }
    }

    pub fn form(&self) -> crate::services::addresses::AddressForm<'_> {
        let value = |name: &str| {
            self.values
                .iter()
                .find(|(field, _)| *field == name)
                .map_or("", |(_, value)| *value)
        };
        crate::services::addresses::AddressForm {
            address_name: value("address_name"),
            first_name: value("first_name"),
            last_name: value("last_name"),
            company: value("company"),
            address_1: value("address_1"),
            address_2: value("address_2"),
            city: value("city"),
            province: value("province"),
            postal_code: value("postal_code"),
            country_code: value("country_code"),
            phone: value("phone"),
            is_default_shipping: self.is_default_shipping,
            is_default_billing: self.is_default_billing,
        }
    }

    /// The error, carrying what was sent so that the form shows it again.
    pub fn fail(&self, error: crate::error::Error) -> PublicError {
        let checked = [
            ("is_default_shipping", self.is_default_shipping),
            ("is_default_billing", self.is_default_billing),
        ];
        super::context::fail(error).with_submitted(
            self.values.iter().copied().chain(
                checked
                    .into_iter()
                    .filter(|(_, on)| *on)
                    .map(|(name, _)| (name, "true")),
            ),
        )
    }
}

#[cfg(feature = "ssr")]
async fn signed_in() -> Result<(crate::state::AppState, crate::auth::CustomerActor), PublicError> {
    use super::context::{fail, parts, state};
    let state = state()?;
    let actor = crate::auth::CustomerActor::from_parts(&state, &parts()?)
        .await
        .map_err(fail)?;
    Ok((state, actor))
}

/// Adds an address from the address form.
#[server(prefix = "/api", endpoint = "add_address")]
pub async fn add_address(
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
    use crate::services::addresses;

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
    let (state, actor) = signed_in()
        .await
        .map_err(|e| e.with_submitted(sent.values))?;
    let input = addresses::new_address_from_form(sent.form()).map_err(|e| sent.fail(e))?;
    addresses::create(&state, &actor.customer_id, input)
        .await
        .map_err(|e| sent.fail(e))?;
    leptos_axum::redirect("/account/addresses?added=1");
    Ok(())
}

/// Saves the edit form of address `id`: every field as sent (an emptied one is cleared).
#[server(prefix = "/api", endpoint = "update_address")]
pub async fn update_address(
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
    use crate::services::addresses;

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
    let (state, actor) = signed_in()
        .await
        .map_err(|e| e.with_submitted(sent.values))?;
    let change = addresses::new_address_from_form(sent.form())
        .map_err(|e| sent.fail(e))?
        .into_replacement();
    addresses::update(&state, &actor.customer_id, &id, change)
        .await
        .map_err(|e| sent.fail(e))?;
    leptos_axum::redirect("/account/addresses?saved=1");
    Ok(())
}

/// Makes address `id` the default for `purpose` (`shipping` or `billing`).
#[server(prefix = "/api", endpoint = "make_default_address")]
pub async fn make_default_address(id: String, purpose: String) -> Result<(), PublicError> {
    use super::context::fail;
    use crate::{error::Error, services::addresses};

    let shipping = match purpose.as_str() {
        "shipping" => true,
        "billing" => false,
        _ => {
            return Err(fail(Error::InvalidData(
                "Choose shipping or billing.".into(),
            )))
        }
    };
    let (state, actor) = signed_in().await?;
    addresses::make_default(&state, &actor.customer_id, &id, shipping)
        .await
        .map_err(fail)?;
    leptos_axum::redirect(&format!("/account/addresses?default={purpose}"));
    Ok(())
}

/// Deletes address `id` (the confirmation page's form).
#[server(prefix = "/api", endpoint = "delete_address")]
pub async fn delete_address(id: String) -> Result<(), PublicError> {
    use super::context::fail;
    use crate::services::addresses;

    let (state, actor) = signed_in().await?;
    addresses::delete(&state, &actor.customer_id, &id)
        .await
        .map_err(fail)?;
    leptos_axum::redirect("/account/addresses?deleted=1");
    Ok(())
}
