//! The customer page's address book: a card per address with its default badges, links to
//! edit or delete it, and buttons that make it, or stop it being, the default shipping or
//! billing address.

use leptos::prelude::*;

use crate::{
    components::{address_label, AddressText, FormAlert},
    server_fns::admin::AdminSetCustomerAddressDefault,
    shared::{Address, Customer},
};

#[component]
pub fn AddressesSection(
    customer: Customer,
    set_default: ServerAction<AdminSetCustomerAddressDefault>,
) -> impl IntoView {
    let error = Signal::derive(move || set_default.value().get().and_then(Result::err));
    let new_href = format!("/app/customers/{}/addresses/new", customer.id);
    let count = customer.addresses.len();
    let cards = customer
        .addresses
        .into_iter()
        .map(|address| view! { <AddressCard address set_default/> })
        .collect_view();
    view! {
        <section class="card bo-addresses" aria-labelledby="addresses-heading">
            <div class="heading-row">
                <h2 id="addresses-heading">"Addresses"</h2>
                <a href=new_href class="button">"Add address"</a>
            </div>
            <FormAlert error=error/>
            {if count == 0 {
                view! { <p class="empty-state">"No addresses yet."</p> }.into_any()
            } else {
                view! { <ul class="address-list" aria-labelledby="addresses-heading">{cards}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
fn AddressCard(
    address: Address,
    set_default: ServerAction<AdminSetCustomerAddressDefault>,
) -> impl IntoView {
    let label = address_label(&address);
    let shipping = address.is_default_shipping;
    let billing = address.is_default_billing;
    let base = format!(
        "/app/customers/{}/addresses/{}",
        address.customer_id, address.id
    );
    let toggle = {
        let customer_id = address.customer_id.to_string();
        let id = address.id.to_string();
        let label = label.clone();
        move |purpose: &'static str, is_default: bool| {
            let text = match (purpose, is_default) {
                ("shipping", false) => "Make default shipping",
                ("shipping", true) => "Unset default shipping",
                (_, false) => "Make default billing",
                (_, true) => "Unset default billing",
            };
            let (customer_id, id, label) = (customer_id.clone(), id.clone(), label.clone());
            view! {
                <ActionForm action=set_default attr:class="inline-form">
                    <input type="hidden" name="customer_id" value=customer_id/>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="purpose" value=purpose/>
                    <input type="hidden" name="on" value=(!is_default).to_string()/>
                    <button type="submit" class="button secondary small">
                        {text}
                        <span class="visually-hidden">{format!(" for {label}")}</span>
                    </button>
                </ActionForm>
            }
        }
    };
    let shipping_toggle = toggle("shipping", shipping);
    let billing_toggle = toggle("billing", billing);
    view! {
        <li class="address-card" data-testid="address-card">
            <h3>{label.clone()}</h3>
            {(shipping || billing).then(|| view! {
                <p class="badges">
                    {shipping.then(|| view! { <span class="badge">"Default shipping"</span> })}
                    {billing.then(|| view! { <span class="badge">"Default billing"</span> })}
                </p>
            })}
            <AddressText address/>
            <div class="address-actions">
                <a href=base.clone()>"Edit" <span class="visually-hidden">{format!(" {label}")}</span></a>
                <a href=format!("{base}/delete")>"Delete" <span class="visually-hidden">{format!(" {label}")}</span></a>
                {shipping_toggle}
                {billing_toggle}
            </div>
        </li>
    }
}
