//! `/account/addresses`: the customer's addresses as cards, with their default badges and
//! what can be done with each.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{address_book_page, address_label, AddressText};
use crate::{
    components::FormAlert,
    server_fns::MakeDefaultAddress,
    session::{action_error, session_action, SessionContext},
    shared::{Address, Customer},
};

/// The notices the list shows after a change, by query parameter.
const NOTICES: [(&str, &str); 4] = [
    ("added", "The address was added."),
    ("saved", "The address was saved."),
    ("deleted", "The address was deleted."),
    ("default", "Your default address was changed."),
];

#[component]
pub fn AddressesPage() -> impl IntoView {
    let make_default = session_action::<MakeDefaultAddress>();
    let session = SessionContext::get();
    let query = use_query_map();
    // Arriving from a form that changed the address book (in the browser, after the form's
    // page has gone): fetch the customer again so the list is current.
    Effect::new(move |_| {
        if query.with(|q| NOTICES.iter().any(|(key, _)| q.get(key).is_some())) {
            session.refresh();
        }
    });
    let notice = Signal::derive(move || {
        query.with(|q| {
            NOTICES
                .iter()
                .find(|(key, _)| q.get(key).is_some())
                .map(|(_, text)| *text)
        })
    });
    view! {
        <Title text="Addresses · Customer accounts"/>
        {address_book_page(move |customer| view! { <AddressBook customer make_default notice/> })}
    }
}

#[component]
fn AddressBook(
    customer: Customer,
    make_default: ServerAction<MakeDefaultAddress>,
    notice: Signal<Option<&'static str>>,
) -> impl IntoView {
    let error = action_error(make_default);
    let show_notice = move || {
        notice
            .get()
            .filter(|_| !make_default.pending().get() && error.get().is_none())
    };
    let count = customer.addresses.len();
    let cards = customer
        .addresses
        .into_iter()
        .map(|address| view! { <AddressCard address make_default/> })
        .collect_view();
    view! {
        <section class="card">
            <div class="heading-row">
                <h1>"Addresses"</h1>
                <a href="/account/addresses/new" class="button">"Add an address"</a>
            </div>
            <div role="status" class="status-slot">
                {move || show_notice().map(|text| view! { <p class="notice">{text}</p> })}
            </div>
            <FormAlert error=error/>
            {if count == 0 {
                view! {
                    <p class="empty-state">
                        "You have no saved addresses yet. "
                        <a href="/account/addresses/new">"Add your first address"</a>
                        " to check out faster."
                    </p>
                }
                    .into_any()
            } else {
                view! { <ul class="address-list" aria-label="Your addresses">{cards}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
fn AddressCard(address: Address, make_default: ServerAction<MakeDefaultAddress>) -> impl IntoView {
    let id = address.id.to_string();
    let label = address_label(&address);
    let shipping = address.is_default_shipping;
    let billing = address.is_default_billing;
    let make = move |purpose: &'static str, text: &'static str| {
        let id = id.clone();
        view! {
            <ActionForm action=make_default attr:class="inline-form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="purpose" value=purpose/>
                <button type="submit" class="button secondary small">{text}</button>
            </ActionForm>
        }
    };
    let edit_href = format!("/account/addresses/{}", address.id);
    let delete_href = format!("/account/addresses/{}/delete", address.id);
    view! {
        <li class="address-card" data-testid="address-card">
            <h2>{label.clone()}</h2>
            {(shipping || billing).then(|| view! {
                <p class="badges">
                    {shipping.then(|| view! { <span class="badge">"Default shipping"</span> })}
                    {billing.then(|| view! { <span class="badge">"Default billing"</span> })}
                </p>
            })}
            <AddressText address/>
            <div class="address-actions">
                <a href=edit_href>"Edit" <span class="visually-hidden">{format!(" {label}")}</span></a>
                <a href=delete_href>"Delete" <span class="visually-hidden">{format!(" {label}")}</span></a>
                {(!shipping).then(|| make("shipping", "Make default shipping"))}
                {(!billing).then(|| make("billing", "Make default billing"))}
            </div>
        </li>
    }
}
