//! `/account/addresses/{id}/delete`: the confirmation before an address is deleted. A page
//! of its own, so that it works the same with and without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{address_book_page, address_label, AddressNotFound, AddressText};
use crate::{
    components::FormAlert,
    server_fns::DeleteAddress,
    session::{action_error, session_action},
};

#[component]
pub fn DeleteAddressPage() -> impl IntoView {
    let delete = session_action::<DeleteAddress>();
    let error = action_error(delete);
    let params = use_params_map();
    view! {
        <Title text="Delete address · Customer accounts"/>
        {address_book_page(move |customer| {
            let id = params.with(|p| p.get("id").unwrap_or_default());
            let Some(address) = customer.addresses.into_iter().find(|a| a.id.as_str() == id) else {
                return view! { <AddressNotFound/> }.into_any();
            };
            let label = address_label(&address);
            let defaults = match (address.is_default_shipping, address.is_default_billing) {
                (true, true) => Some("shipping and billing"),
                (true, false) => Some("shipping"),
                (false, true) => Some("billing"),
                (false, false) => None,
            };
            view! {
                <section class="card">
                    <h1>"Delete this address?"</h1>
                    <h2>{label}</h2>
                    <AddressText address/>
                    <p>
                        "Deleting it cannot be undone."
                        {defaults.map(|which| format!(
                            " It is your default {which} address: you will have none until you choose another."
                        ))}
                    </p>
                    <ActionForm action=delete attr:class="stack" attr:aria-label="Delete this address">
                        <FormAlert error=error/>
                        <input type="hidden" name="id" value=id/>
                        <div class="button-row">
                            <button type="submit" class="button danger" disabled=move || delete.pending().get()>
                                {move || if delete.pending().get() { "Deleting…" } else { "Delete address" }}
                            </button>
                            <a href="/account/addresses" class="button secondary">"Keep it"</a>
                        </div>
                    </ActionForm>
                </section>
            }
            .into_any()
        })}
    }
}
