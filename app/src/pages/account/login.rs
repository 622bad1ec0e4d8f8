use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use super::RedirectIfSignedIn;
use crate::{
    components::{FormAlert, FormField},
    server_fns::Login,
    session::{action_error, session_action},
};

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = session_action::<Login>();
    let error = action_error(login);
    let query = use_query_map();
    let password_reset = move || query.with(|q| q.get("password_reset").is_some());
    view! {
        <Title text="Sign in · Customer accounts"/>
        <RedirectIfSignedIn/>
        <section class="card narrow">
            <h1>"Sign in"</h1>
            <div role="status" class="status-slot">
                <Show when=password_reset>
                    <p class="notice">"Your password was reset. Sign in with the new one."</p>
                </Show>
            </div>
            <ActionForm action=login attr:class="stack" attr:novalidate=true attr:aria-label="Sign in">
                <FormAlert error=error/>
                <FormField label="Email" name="email" kind="email" autocomplete="email" required=true error=error/>
                <FormField
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    required=true
                    error=error
                />
                <button type="submit" class="button" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
            <p class="aside"><A href="/account/forgot">"Forgot your password?"</A></p>
            <p class="aside">"New here? " <A href="/account/register">"Create an account"</A></p>
        </section>
    }
}
