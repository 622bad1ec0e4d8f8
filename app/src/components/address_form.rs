//! The address form's fields, shared by the customer's address book and the back office:
//! after a failed submission every problem is shown next to its field and listed in an
//! announced summary, and the fields hold what was typed — also without JavaScript, where
//! the values come back with the error.

use leptos::prelude::*;

use super::FormField;
use crate::shared::{countries::COUNTRIES, Address, PublicError};

/// The fields, filled with what the last failed submission sent, else with `address`.
///
/// `whose` words the default checkboxes: "my" on the customer's own pages ("Use as my default
/// shipping address"), "the customer's" in the back office.
#[component]
pub fn AddressFields(
    address: Option<Address>,
    error: Signal<Option<PublicError>>,
    #[prop(default = "my")] whose: &'static str,
) -> impl IntoView {
    let sent = error.get_untracked().filter(|e| !e.submitted.is_empty());
    let stored = |get: fn(&Address) -> &Option<String>| {
        address
            .as_ref()
            .and_then(|a| get(a).clone())
            .unwrap_or_default()
    };
    let value = |field: &str, get: fn(&Address) -> &Option<String>| match &sent {
        Some(sent) => sent.submitted_value(field).unwrap_or_default().to_owned(),
        None => stored(get),
    };
    let checked = |field: &str, get: fn(&Address) -> bool| match &sent {
        Some(sent) => sent.submitted_value(field).is_some(),
        None => address.as_ref().is_some_and(get),
    };
    view! {
        <ErrorSummary error=error/>
        <FormField label="Name of this address" name="address_name" hint="For example Home or Work." value=value("address_name", |a| &a.address_name) error=error/>
        <div class="row">
            <FormField label="First name" name="first_name" autocomplete="given-name" value=value("first_name", |a| &a.first_name) error=error/>
            <FormField label="Last name" name="last_name" autocomplete="family-name" value=value("last_name", |a| &a.last_name) error=error/>
        </div>
        <FormField label="Company" name="company" autocomplete="organization" value=value("company", |a| &a.company) error=error/>
        <FormField label="Address line 1" name="address_1" autocomplete="address-line1" required=true value=value("address_1", |a| &a.address_1) error=error/>
        <FormField label="Address line 2" name="address_2" autocomplete="address-line2" value=value("address_2", |a| &a.address_2) error=error/>
        <div class="row">
            <FormField label="Postal code" name="postal_code" autocomplete="postal-code" required=true value=value("postal_code", |a| &a.postal_code) error=error/>
            <FormField label="City" name="city" autocomplete="address-level2" required=true value=value("city", |a| &a.city) error=error/>
        </div>
        <FormField label="Province or state" name="province" autocomplete="address-level1" value=value("province", |a| &a.province) error=error/>
        <CountryField value=value("country_code", |a| &a.country_code) error=error/>
        <FormField label="Phone" name="phone" kind="tel" autocomplete="tel" value=value("phone", |a| &a.phone) error=error/>
        <fieldset class="checks">
            <legend>"Defaults"</legend>
            <Check name="is_default_shipping" label=format!("Use as {whose} default shipping address") checked=checked("is_default_shipping", |a| a.is_default_shipping)/>
            <Check name="is_default_billing" label=format!("Use as {whose} default billing address") checked=checked("is_default_billing", |a| a.is_default_billing)/>
        </fieldset>
    }
}

/// The summary of a failed submission, announced when it appears: what went wrong, with a
/// link to each field that needs attention.
#[component]
pub fn ErrorSummary(error: Signal<Option<PublicError>>) -> impl IntoView {
    view! {
        <div class="form-alert-slot" role="alert">
            {move || {
                error.get().map(|error| {
                    let items = error
                        .issues
                        .iter()
                        .map(|issue| {
                            let href = format!("#field-{}", issue.field);
                            view! { <li><a href=href>{issue.ui_message()}</a></li> }
                        })
                        .collect_view();
                    let listed = !error.issues.is_empty();
                    view! {
                        <div class="form-alert">
                            <p>{error.friendly()}</p>
                            {listed.then(|| view! { <ul class="error-list">{items}</ul> })}
                        </div>
                    }
                })
            }}
        </div>
    }
}

/// The country, chosen from the ISO 3166-1 list. A stored code that is not on the list
/// (the API stores what it is sent) stays selectable, so saving the form keeps it visible as
/// a problem rather than silently changing it.
#[component]
fn CountryField(value: String, error: Signal<Option<PublicError>>) -> impl IntoView {
    let name = "country_code";
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let message = move || error.get().and_then(|e| e.field_message(name));
    let described_by = {
        let error_id = error_id.clone();
        move || message().is_some().then(|| error_id.clone())
    };
    let lower = value.trim().to_ascii_lowercase();
    let listed = COUNTRIES.iter().any(|(code, _)| *code == lower);
    let unlisted = (!listed && !lower.is_empty()).then(|| {
        let value = value.clone();
        view! { <option value=value.clone() selected=true>{format!("{value} (not a listed country)")}</option> }
    });
    let options = COUNTRIES
        .iter()
        .map(|(code, country)| {
            view! { <option value=*code selected=lower == *code>{*country}</option> }
        })
        .collect_view();
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=id.clone()>"Country"</label>
            <select
                id=id.clone()
                name=name
                autocomplete="country"
                required=true
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described_by
            >
                <option value="" selected=lower.is_empty()>"Choose a country"</option>
                {unlisted}
                {options}
            </select>
            <Show when=move || message().is_some()>
                <p class="field-error" id=error_id.clone()>{message}</p>
            </Show>
        </div>
    }
}

#[component]
fn Check(name: &'static str, label: String, checked: bool) -> impl IntoView {
    let id = format!("field-{name}");
    view! {
        <div class="check">
            <input type="checkbox" id=id.clone() name=name value="true" checked=checked/>
            <label for=id>{label}</label>
        </div>
    }
}
