//! `/account/password`: the signed-in customer changes their password. The other sessions
//! and tokens of the account end; this browser stays signed in.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AccountArea, AccountSection};
use crate::{
    components::{FormAlert, FormField},
    server_fns::{password::get_password_rules, ChangePassword},
    session::{action_error, session_action, SessionContext},
    shared::PasswordRules,
};

#[component]
pub fn PasswordPage() -> impl IntoView {
    let session = SessionContext::get();
    let change = session_action::<ChangePassword>();
    let rules = Resource::new(|| (), |_| get_password_rules());
    view! {
        <Title text="Password · Customer accounts"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading your account…"</p> }>
            {move || {
                let rules = rules.get().and_then(Result::ok);
                session
                    .customer
                    .get()
                    .map(|customer| match customer {
                        Ok(Some(_)) => {
                            view! {
                                <AccountArea current=AccountSection::Password>
                                    <ChangePasswordForm change rules=rules.clone()/>
                                </AccountArea>
                            }
                                .into_any()
                        }
                        Ok(None) => view! { <super::SignInRequired/> }.into_any(),
                        Err(error) => {
                            view! { <p class="form-alert" role="alert">{error.friendly()}</p> }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn ChangePasswordForm(
    change: ServerAction<ChangePassword>,
    rules: Option<PasswordRules>,
) -> impl IntoView {
    let error = action_error(change);
    let query = use_query_map();
    let changed = move || {
        query.with(|q| q.get("changed").is_some())
            && !change.pending().get()
            && error.get().is_none()
    };
    let hint = rules.map_or_else(
        || super::reset::PASSWORD_HINT.to_owned(),
        |rules| rules.hint(),
    );
    view! {
        <section class="card">
            <h1>"Change your password"</h1>
            <p>
                "When you change it, you are signed out everywhere else — other browsers, \
                 devices and apps — and stay signed in here."
            </p>
            <div role="status" class="status-slot">
                <Show when=changed>
                    <p class="notice">
                        "Your password was changed. Everywhere else you were signed out; \
                         sign in there with the new password."
                    </p>
                </Show>
            </div>
            // Drawn again after every attempt, so no password stays in the fields.
            {move || {
                change.version().get();
                let hint = hint.clone();
                view! {
                    <ActionForm action=change attr:class="stack" attr:novalidate=true attr:aria-label="Change your password">
                        <FormAlert error=error/>
                        <FormField
                            label="Current password"
                            name="old_password"
                            kind="password"
                            autocomplete="current-password"
                            required=true
                            error=error
                        />
                        <FormField
                            label="New password"
                            name="new_password"
                            kind="password"
                            autocomplete="new-password"
                            required=true
                            hint=hint
                            error=error
                        />
                        <FormField
                            label="Confirm new password"
                            name="confirm_password"
                            kind="password"
                            autocomplete="new-password"
                            required=true
                            error=error
                        />
                        <button type="submit" class="button" disabled=move || change.pending().get()>
                            {move || if change.pending().get() { "Changing…" } else { "Change password" }}
                        </button>
                    </ActionForm>
                }
            }}
        </section>
    }
}
