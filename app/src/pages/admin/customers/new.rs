//! `/app/customers/new`: an admin adds a guest customer (no account: the customer can
//! register later with the same email). On success, the customer's page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    components::{FormAlert, FormField},
    pages::admin::{AdminFrame, AdminSection},
    server_fns::admin::CreateCustomer,
    session::action_error,
};

#[component]
pub fn NewCustomerPage() -> impl IntoView {
    let create = ServerAction::<CreateCustomer>::new();
    let error = action_error(create);
    view! {
        <Title text="New customer · Back office"/>
        <AdminFrame current=AdminSection::Customers>
            <p class="bo-breadcrumb"><a href="/app/customers">"Customers"</a></p>
            <section class="card">
                <h1>"New customer"</h1>
                <p class="hint">
                    "The customer is added as a guest, without an account. They can sign up \
                     with the same email later."
                </p>
                <ActionForm action=create attr:class="stack" attr:novalidate=true attr:aria-label="New customer">
                    <NewCustomerFields error/>
                    <div class="button-row">
                        <button type="submit" class="button" disabled=move || create.pending().get()>
                            {move || if create.pending().get() { "Adding…" } else { "Add customer" }}
                        </button>
                        <a href="/app/customers" class="button secondary">"Cancel"</a>
                    </div>
                </ActionForm>
            </section>
        </AdminFrame>
    }
}

/// The fields, filled with what the last failed submission sent.
#[component]
fn NewCustomerFields(error: Signal<Option<crate::shared::PublicError>>) -> impl IntoView {
    let sent = error.get_untracked();
    let value = move |field: &str| {
        sent.as_ref()
            .and_then(|e| e.submitted_value(field))
            .unwrap_or_default()
            .to_owned()
    };
    view! {
        <FormAlert error=error/>
        <FormField label="Email" name="email" kind="email" autocomplete="off" required=true value=value("email") error=error/>
        <div class="row">
            <FormField label="First name" name="first_name" autocomplete="off" value=value("first_name") error=error/>
            <FormField label="Last name" name="last_name" autocomplete="off" value=value("last_name") error=error/>
        </div>
        <FormField label="Phone" name="phone" kind="tel" autocomplete="off" value=value("phone") error=error/>
        <FormField label="Company" name="company_name" autocomplete="off" value=value("company_name") error=error/>
    }
}
