//! The address form: `/account/addresses/new` adds an address, `/account/addresses/{id}`
//! edits one. After a failed submission every problem is shown next to its field and listed
//! in an announced summary, and the form holds what was typed — also without JavaScript,
//! where the values come back with the error.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{address_book_page, AddressNotFound};
use crate::{
    components::AddressFields,
    server_fns::{AddAddress, UpdateAddress},
    session::{action_error, session_action},
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
