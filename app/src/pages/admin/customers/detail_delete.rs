//! `/app/customers/{id}/delete`: the confirmation before a customer is deleted. It says
//! what deleting does (the customer leaves every list, its addresses and memberships go,
//! its orders stay, a registered customer can no longer sign in) and works without
//! JavaScript; afterwards the customer list says the customer was deleted.

use leptos::prelude::*;
use leptos_meta::Title;

use super::detail::{
    customer_id_param, customer_name, customer_page, detail_resource, Breadcrumbs,
};
use crate::{components::FormAlert, server_fns::admin::AdminDeleteCustomer};

#[component]
pub fn CustomerDeletePage() -> impl IntoView {
    let id = customer_id_param();
    let delete = ServerAction::<AdminDeleteCustomer>::new();
    let error = Signal::derive(move || delete.value().get().and_then(Result::err));
    let detail = detail_resource(id, String::new);
    customer_page(detail, move |detail| {
        let customer = detail.customer;
        let name = customer_name(&customer);
        let back = format!("/app/customers/{}", customer.id);
        let email = customer.email.clone().unwrap_or_default();
        let login = customer.has_account.then(|| view! {
            <li>"Their login is deleted: they can no longer sign in, and the email can register again."</li>
        });
        view! {
            <Title text=format!("Delete {name} · Back office")/>
            <Breadcrumbs customer=customer.clone() here="Delete customer".to_owned()/>
            <section class="card bo-form-page">
                <h1>{format!("Delete {name}?")}</h1>
                {(!email.is_empty()).then(|| view! { <p class="bo-subtle">{email}</p> })}
                <ul class="bo-consequences">
                    <li>"The customer leaves every list and search."</li>
                    <li>"Their addresses are deleted and they leave their groups."</li>
                    <li>"Their orders are kept."</li>
                    {login}
                </ul>
                <ActionForm action=delete attr:class="stack" attr:aria-label="Delete this customer">
                    <FormAlert error=error/>
                    <input type="hidden" name="id" value=customer.id.to_string()/>
                    <div class="button-row">
                        <button type="submit" class="button danger" disabled=move || delete.pending().get()>
                            {move || if delete.pending().get() { "Deleting…" } else { "Delete customer" }}
                        </button>
                        <a href=back class="button secondary">"Keep the customer"</a>
                    </div>
                </ActionForm>
            </section>
        }
    })
}
