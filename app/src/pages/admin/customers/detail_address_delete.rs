//! `/app/customers/{id}/addresses/{address_id}/delete`: the confirmation before one of the
//! customer's addresses is deleted. A page of its own, so that it works the same with and
//! without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{
    detail::{customer_id_param, customer_name, customer_page, detail_resource, Breadcrumbs},
    detail_address_form::CustomerAddressNotFound,
};
use crate::{
    components::{address_label, AddressText, FormAlert},
    server_fns::admin::AdminDeleteCustomerAddress,
};

#[component]
pub fn CustomerDeleteAddressPage() -> impl IntoView {
    let id = customer_id_param();
    let params = use_params_map();
    let delete = ServerAction::<AdminDeleteCustomerAddress>::new();
    let error = Signal::derive(move || delete.value().get().and_then(Result::err));
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
        let label = address_label(&address);
        let defaults = match (address.is_default_shipping, address.is_default_billing) {
            (true, true) => Some("shipping and billing"),
            (true, false) => Some("shipping"),
            (false, true) => Some("billing"),
            (false, false) => None,
        };
        let back = format!("/app/customers/{}", customer.id);
        view! {
            <Title text=format!("Delete address · {name} · Back office")/>
            <Breadcrumbs customer=customer.clone() here="Delete address".to_owned()/>
            <section class="card bo-form-page">
                <h1>"Delete this address?"</h1>
                <h2>{label}</h2>
                <AddressText address/>
                <p>
                    {format!("Deleting it from {name}'s addresses cannot be undone.")}
                    {defaults.map(|which| format!(
                        " It is the customer's default {which} address: they will have none until another is chosen."
                    ))}
                </p>
                <ActionForm action=delete attr:class="stack" attr:aria-label="Delete this address">
                    <FormAlert error=error/>
                    <input type="hidden" name="customer_id" value=customer.id.to_string()/>
                    <input type="hidden" name="id" value=address_id/>
                    <div class="button-row">
                        <button type="submit" class="button danger" disabled=move || delete.pending().get()>
                            {move || if delete.pending().get() { "Deleting…" } else { "Delete address" }}
                        </button>
                        <a href=back class="button secondary">"Keep it"</a>
                    </div>
                </ActionForm>
            </section>
        }
        .into_any()
    })
}
