//! `/account/forgot`: asks for a link to choose a new password. The answer is the same
//! whether or not the email has an account here.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    components::{FormAlert, FormField},
    server_fns::{password::get_password_rules, RequestPasswordReset},
    session::action_error,
    shared::Email,
};

#[component]
pub fn ForgotPage() -> impl IntoView {
    let request = ServerAction::<RequestPasswordReset>::new();
    let error = action_error(request);
    let rules = Resource::new(|| (), |_| get_password_rules());
    let query = use_query_map();
    // Only an address that could be one is repeated back.
    let sent = move |sent: Option<String>| sent.and_then(|sent| Email::parse(&sent).ok());
    let sent_to = move || {
        sent(query.with(|q| q.get("sent")))
            .filter(|_| !request.pending().get() && error.get().is_none())
    };
    let typed = sent(query.with_untracked(|q| q.get("sent")))
        .map(|email| email.as_str().to_owned())
        .unwrap_or_default();
    view! {
        <Title text="Forgot your password? · Customer accounts"/>
        <section class="card narrow">
            <h1>"Forgot your password?"</h1>
            <div role="status" class="status-slot">
                <Suspense fallback=|| ()>
                    {move || {
                        let lifetime = rules
                            .get()
                            .and_then(Result::ok)
                            .map(|rules| rules.reset_link_lifetime)
                            .unwrap_or_else(|| "a short while".into());
                        sent_to()
                            .map(|email| {
                                view! {
                                    <p class="notice" data-testid="reset-sent">
                                        "If an account exists for " <strong>{email.as_str().to_owned()}</strong>
                                        ", we have sent it a link to choose a new password. The link expires in "
                                        {lifetime} ". If no email arrives, check your spam folder, or ask again."
                                    </p>
                                }
                            })
                    }}
                </Suspense>
            </div>
            <p>"Enter the email you signed up with. We will send you a link to choose a new password."</p>
            <ActionForm action=request attr:class="stack" attr:novalidate=true attr:aria-label="Ask for a password reset link">
                <FormAlert error=error/>
                <FormField
                    label="Email"
                    name="email"
                    kind="email"
                    autocomplete="email"
                    required=true
                    value=typed
                    error=error
                />
                <button type="submit" class="button" disabled=move || request.pending().get()>
                    {move || if request.pending().get() { "Sending…" } else { "Send me a link" }}
                </button>
            </ActionForm>
            <p class="aside">"Remembered it? " <A href="/account/login">"Sign in"</A></p>
        </section>
    }
}
