//! The address form: `/account/addresses/new` adds an address, `/account/addresses/{id}`
//! edits one. After a failed submission every problem is shown next to its field and listed
//! in an announced summary, and the form holds what was typed — also without JavaScript,
//! where the values come back with the error.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{address_book_page, AddressNotFound};
use crate::{
    components::FormField,
    server_fns::{AddAddress, UpdateAddress},
    session::{action_error, session_action},
    shared::{countries::COUNTRIES, Address, PublicError},
};

#[component]
pub fn NewAddressPage() -> impl IntoView {
    let add = session_action::<AddAddress>();
    let error = action_error(add);
    view! {
        <Title text="Add an address · Customer accounts"/>
        {address_book_page(move |_| view! {
            <section class="card">
                <h1>"Add an address"</h1>
                <ActionForm action=add attr:class="stack address-form" attr:novalidate=true attr:aria-label="Add an address">
                    <AddressFields address=None error=error/>
                    <FormButtons pending=add.pending() label="Save address" busy="Saving…"/>
                </ActionForm>
            </section>
        })}
    }
}

#[component]
pub fn EditAddressPage() -> impl IntoView {
    let update = session_action::<UpdateAddress>();
    let error = action_error(update);
    let params = use_params_map();
    view! {
        <Title text="Edit address · Customer accounts"/>
        {address_book_page(move |customer| {
            let id = params.with(|p| p.get("id").unwrap_or_default());
            match customer.addresses.into_iter().find(|a| a.id.as_str() == id) {
                Some(address) => view! {
                    <section class="card">
                        <h1>"Edit address"</h1>
                        <ActionForm action=update attr:class="stack address-form" attr:novalidate=true attr:aria-label="Edit address">
                            <input type="hidden" name="id" value=id/>
                            <AddressFields address=Some(address) error=error/>
                            <FormButtons pending=update.pending() label="Save changes" busy="Saving…"/>
                        </ActionForm>
                    </section>
                }
                .into_any(),
                None => view! { <AddressNotFound/> }.into_any(),
            }
        })}
    }
}

#[component]
fn FormButtons(
    #[prop(into)] pending: Signal<bool>,
    label: &'static str,
    busy: &'static str,
) -> impl IntoView {
    view! {
        <div class="button-row">
            <button type="submit" class="button" disabled=move || pending.get()>
                {move || if pending.get() { busy } else { label }}
            </button>
            <a href="/account/addresses" class="button secondary">"Cancel"</a>
        </div>
    }
}

/// The fields, filled with what the last failed submission sent, else with `address`.
#[component]
fn AddressFields(address: Option<Address>, error: Signal<Option<PublicError>>) -> impl IntoView {
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
            <Check name="is_default_shipping" label="Use as my default shipping address" checked=checked("is_default_shipping", |a| a.is_default_shipping)/>
            <Check name="is_default_billing" label="Use as my default billing address" checked=checked("is_default_billing", |a| a.is_default_billing)/>
        </fieldset>
    }
}

/// The summary of a failed submission, announced when it appears: what went wrong, with a
/// link to each field that needs attention.
#[component]
fn ErrorSummary(error: Signal<Option<PublicError>>) -> impl IntoView {
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
fn Check(name: &'static str, label: &'static str, checked: bool) -> impl IntoView {
    let id = format!("field-{name}");
    view! {
        <div class="check">
            <input type="checkbox" id=id.clone() name=name value="true" checked=checked/>
            <label for=id>{label}</label>
        </div>
    }
}
