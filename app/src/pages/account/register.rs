use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::RedirectIfSignedIn;
use crate::{
    components::{FormAlert, FormField},
    server_fns::Register,
    session::{action_error, session_action},
};

#[component]
pub fn RegisterPage() -> impl IntoView {
    let register = session_action::<Register>();
    let error = action_error(register);
    view! {
        <Title text="Create an account · Customer accounts"/>
        <RedirectIfSignedIn/>
        <section class="card narrow">
            <h1>"Create an account"</h1>
            <ActionForm action=register attr:class="stack" attr:novalidate=true attr:aria-label="Create an account">
                <FormAlert error=error/>
                <div class="row">
                    <FormField label="First name" name="first_name" autocomplete="given-name" required=true error=error/>
                    <FormField label="Last name" name="last_name" autocomplete="family-name" required=true error=error/>
                </div>
                <FormField label="Email" name="email" kind="email" autocomplete="email" required=true error=error/>
                <FormField label="Phone" name="phone" kind="tel" autocomplete="tel" error=error/>
                <FormField
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    required=true
                    hint="At least 8 characters. A long phrase is easier to remember and harder to guess."
                    error=error
                />
                <button type="submit" class="button" disabled=move || register.pending().get()>
                    {move || if register.pending().get() { "Creating your account…" } else { "Create account" }}
                </button>
            </ActionForm>
            <p class="aside">"Already have an account? " <A href="/account/login">"Sign in"</A></p>
        </section>
    }
}
