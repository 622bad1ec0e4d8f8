use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AccountArea, AccountSection};
use crate::{
    components::{FormAlert, FormField},
    server_fns::UpdateProfile,
    session::{action_error, session_action, SessionContext},
    shared::Customer,
};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let session = SessionContext::get();
    let update = session_action::<UpdateProfile>();
    view! {
        <Title text="My account · Customer accounts"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading your account…"</p> }>
            {move || {
                session
                    .customer
                    .get()
                    .map(|customer| match customer {
                        Ok(Some(customer)) => view! {
                            <AccountArea current=AccountSection::Profile>
                                <Profile customer update/>
                            </AccountArea>
                        }
                        .into_any(),
                        Ok(None) => view! { <super::SignInRequired/> }.into_any(),
                        Err(error) => {
                            view! { <p class="form-alert" role="alert">{error.friendly()}</p> }.into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Profile(customer: Customer, update: ServerAction<UpdateProfile>) -> impl IntoView {
    let error = action_error(update);
    let query = use_query_map();
    let saved = move || {
        query.with(|q| q.get("saved").is_some()) && !update.pending().get() && error.get().is_none()
    };
    let password_reset = move || query.with(|q| q.get("password_reset").is_some());
    let value = |field: &Option<String>| field.clone().unwrap_or_default();
    view! {
        <section class="card">
            <h1>"My account"</h1>
            // Shown on arrival from the reset page (a new page, not a change to announce):
            // the page's one live region is the one next to the form below.
            <Show when=password_reset>
                <p class="notice">
                    "Your password was reset and you are signed in. Everywhere else you were \
                     signed out."
                </p>
            </Show>
            <dl class="details">
                <dt>"Email"</dt>
                <dd data-testid="profile-email">{customer.email.clone().unwrap_or_default()}</dd>
                <dt>"Name"</dt>
                <dd data-testid="profile-name">{customer.display_name()}</dd>
                <dt>"Phone"</dt>
                <dd data-testid="profile-phone">{customer.phone.clone().filter(|p| !p.is_empty()).unwrap_or_else(|| "—".into())}</dd>
                <dt>"Company"</dt>
                <dd data-testid="profile-company">{customer.company_name.clone().filter(|c| !c.is_empty()).unwrap_or_else(|| "—".into())}</dd>
            </dl>
        </section>
        <section class="card">
            <h2>"Edit your details"</h2>
            <div role="status" class="status-slot">
                <Show when=saved>
                    <p class="notice">"Your details were saved."</p>
                </Show>
            </div>
            <ActionForm action=update attr:class="stack" attr:novalidate=true attr:aria-label="Edit your details">
                <FormAlert error=error/>
                <div class="row">
                    <FormField label="First name" name="first_name" autocomplete="given-name" value=value(&customer.first_name) error=error/>
                    <FormField label="Last name" name="last_name" autocomplete="family-name" value=value(&customer.last_name) error=error/>
                </div>
                <FormField label="Phone" name="phone" kind="tel" autocomplete="tel" value=value(&customer.phone) error=error/>
                <FormField label="Company" name="company_name" autocomplete="organization" value=value(&customer.company_name) error=error/>
                <button type="submit" class="button" disabled=move || update.pending().get()>
                    {move || if update.pending().get() { "Saving…" } else { "Save changes" }}
                </button>
            </ActionForm>
        </section>
    }
}
