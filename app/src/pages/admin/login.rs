//! `/app/login`: the back office's sign-in page, outside the frame. An admin who is signed
//! in already goes on to the page in `next` (a back-office page), else the customer list.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::redirect_on_server;
use crate::{
    admin_session::{admin_action, AdminSessionContext},
    components::{FormAlert, FormField},
    server_fns::admin::{back_office_target, AdminLogin},
    session::action_error,
};

#[component]
pub fn AdminLoginPage() -> impl IntoView {
    let login = admin_action::<AdminLogin>();
    let error = action_error(login);
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    // The email as typed, shown again after a failed sign-in (never the password).
    let email = error
        .get_untracked()
        .and_then(|e| e.submitted_value("email").map(str::to_owned));
    view! {
        <Title text="Sign in · Back office"/>
        <RedirectIfSignedIn/>
        <main id="main" class="bo-login" tabindex="-1">
            <section class="card narrow">
                <p class="bo-brand">"Back office"</p>
                <h1>"Sign in"</h1>
                <ActionForm action=login attr:class="stack" attr:novalidate=true attr:aria-label="Sign in to the back office">
                    <FormAlert error=error/>
                    <FormField
                        label="Email"
                        name="email"
                        kind="email"
                        autocomplete="username"
                        required=true
                        value=email.unwrap_or_default()
                        error=error
                    />
                    <FormField
                        label="Password"
                        name="password"
                        kind="password"
                        autocomplete="current-password"
                        required=true
                        error=error
                    />
                    <input type="hidden" name="next" value=next/>
                    <button type="submit" class="button" disabled=move || login.pending().get()>
                        {move || if login.pending().get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </ActionForm>
            </section>
        </main>
    }
}

/// Sends an admin who is signed in already on to the back office.
#[component]
fn RedirectIfSignedIn() -> impl IntoView {
    let session = AdminSessionContext::get();
    let query = use_query_map();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let signed_in = session.admin.get().and_then(|a| a.ok().flatten()).is_some();
                if signed_in {
                    let next = query.with(|q| q.get("next"));
                    redirect_on_server(&back_office_target(next.as_deref()));
                }
            }}
        </Suspense>
    }
}
