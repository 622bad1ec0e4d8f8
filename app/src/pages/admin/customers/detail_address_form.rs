//! `/app/customers/{id}/addresses/new` adds an address to the customer,
//! `/app/customers/{id}/addresses/{address_id}` edits one: the customer's own address form,
//! with inline errors and the values kept as typed after a failed save.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::detail::{
    customer_id_param, customer_name, customer_page, detail_resource, Breadcrumbs,
};
use crate::{
    components::AddressFields,
    pages::admin::set_status,
    server_fns::admin::{AdminAddCustomerAddress, AdminUpdateCustomerAddress},
    shared::Customer,
};

#[component]
pub fn CustomerNewAddressPage() -> impl IntoView {
    let id = customer_id_param();
    let add = ServerAction::<AdminAddCustomerAddress>::new();
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    let detail = detail_resource(id, String::new);
    customer_page(detail, move |detail| {
        let customer = detail.customer;
        let name = customer_name(&customer);
        view! {
            <Title text=format!("Add an address · {name} · Back office")/>
            <Breadcrumbs customer=customer.clone() here="Add an address".to_owned()/>
            <section class="card bo-form-page">
                <h1>{format!("Add an address for {name}")}</h1>
                <ActionForm action=add attr:class="stack address-form" attr:novalidate=true attr:aria-label="Add an address">
                    <input type="hidden" name="customer_id" value=customer.id.to_string()/>
                    <AddressFields address=None error=error whose="the customer's"/>
                    <FormButtons customer pending=add.pending() label="Save address"/>
                </ActionForm>
            </section>
        }
    })
}

#[component]
pub fn CustomerEditAddressPage() -> impl IntoView {
    let id = customer_id_param();
    let params = use_params_map();
    let update = ServerAction::<AdminUpdateCustomerAddress>::new();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    let detail = detail_resource(id, String::new);
    customer_page(detail, move |detail| {
        let customer = detail.customer;
        let address_id = params.with(|p| p.get("address_id").unwrap_or_default());
        let Some(address) = customer
            .addresses
            .iter()
            .find(|a| a.id.as_str() == address_id)
            .cloned()
        else {
            return view! { <CustomerAddressNotFound customer/> }.into_any();
        };
        let name = customer_name(&customer);
        view! {
            <Title text=format!("Edit address · {name} · Back office")/>
            <Breadcrumbs customer=customer.clone() here="Edit address".to_owned()/>
            <section class="card bo-form-page">
                <h1>{format!("Edit an address of {name}")}</h1>
                <ActionForm action=update attr:class="stack address-form" attr:novalidate=true attr:aria-label="Edit address">
                    <input type="hidden" name="customer_id" value=customer.id.to_string()/>
                    <input type="hidden" name="id" value=address_id/>
                    <AddressFields address=Some(address) error=error whose="the customer's"/>
                    <FormButtons customer pending=update.pending() label="Save changes"/>
                </ActionForm>
            </section>
        }
        .into_any()
    })
}

#[component]
fn FormButtons(
    customer: Customer,
    #[prop(into)] pending: Signal<bool>,
    label: &'static str,
) -> impl IntoView {
    view! {
        <div class="button-row">
            <button type="submit" class="button" disabled=move || pending.get()>
                {move || if pending.get() { "Saving…" } else { label }}
            </button>
            <a href=format!("/app/customers/{}", customer.id) class="button secondary">"Cancel"</a>
        </div>
    }
}

/// The answer for an address id the customer does not have (unknown, deleted, or another
/// customer's): a 404 page with the way back to the customer.
#[component]
pub fn CustomerAddressNotFound(customer: Customer) -> impl IntoView {
    set_status(404);
    let href = format!("/app/customers/{}", customer.id);
    let name = customer_name(&customer);
    view! {
        <Title text="Address not found · Back office"/>
        <section class="card">
            <h1>"Address not found"</h1>
            <p>{format!("{name} has no address at this link. It may have been deleted.")}</p>
            <a href=href>{format!("Back to {name}")}</a>
        </section>
    }
}
