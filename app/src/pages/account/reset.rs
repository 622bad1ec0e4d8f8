//! `/account/reset`: sets a new password with the link from the reset email, and signs the
//! customer in. The emailed address carries the token (`?token=…`); the server keeps it in
//! a cookie and redirects here without it (see `auth::reset_cookie`). A link that was used,
//! replaced by a newer one, has expired or was never ours gets a page that says so.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    components::{FormAlert, FormField},
    server_fns::{
        password::{get_password_rules, reset_link},
        ResetPassword,
    },
    session::{action_error, session_action},
    shared::{ErrorKind, PasswordRules},
};

/// Shown until the policy has loaded.
pub(super) const PASSWORD_HINT: &str = "A long phrase is easier to remember and harder to guess.";

#[component]
pub fn ResetPage() -> impl IntoView {
    let query = use_query_map();
    if let Some(token) = query.with_untracked(|q| q.get("token")) {
        #[cfg(feature = "ssr")]
        crate::server_fns::password::capture_reset_token(&token);
        #[cfg(not(feature = "ssr"))]
        let _ = token;
    }
    let reset = session_action::<ResetPassword>();
    let error = action_error(reset);
    let link = Resource::new(|| (), |_| reset_link());
    let rules = Resource::new(|| (), |_| get_password_rules());
    // The link turned out to be unusable when the form was sent.
    let refused = move || {
        error
            .get()
            .is_some_and(|error| error.kind == ErrorKind::Unauthorized)
    };
    view! {
        <Title text="Choose a new password · Customer accounts"/>
        <Suspense fallback=|| view! { <p class="loading">"Checking your link…"</p> }>
            {move || {
                let rules = rules.get().and_then(Result::ok);
                link.get()
                    .map(|link| match link {
                        Ok(Some(email)) if !refused() => {
                            view! { <ResetForm reset email rules=rules.clone()/> }.into_any()
                        }
                        Ok(_) => view! { <LinkUnusable/> }.into_any(),
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
fn ResetForm(
    reset: ServerAction<ResetPassword>,
    email: String,
    rules: Option<PasswordRules>,
) -> impl IntoView {
    let error = action_error(reset);
    let hint = rules.map_or_else(|| PASSWORD_HINT.to_owned(), |rules| rules.hint());
    view! {
        <section class="card narrow">
            <h1>"Choose a new password"</h1>
            <p>"For " <strong data-testid="reset-email">{email}</strong>
                ". When it is set, you are signed in here and signed out everywhere else."</p>
            // Drawn again after every attempt, so no password stays in the fields.
            {move || {
                reset.version().get();
                let hint = hint.clone();
                view! {
                    <ActionForm action=reset attr:class="stack" attr:novalidate=true attr:aria-label="Choose a new password">
                        <FormAlert error=error/>
                        <FormField
                            label="New password"
                            name="password"
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
                        <button type="submit" class="button" disabled=move || reset.pending().get()>
                            {move || if reset.pending().get() { "Saving…" } else { "Set new password" }}
                        </button>
                    </ActionForm>
                }
            }}
        </section>
    }
}

#[component]
fn LinkUnusable() -> impl IntoView {
    view! {
        <section class="card narrow" data-testid="reset-link-unusable">
            <h1>"This link has expired or was already used"</h1>
            <p>
                "A link to choose a new password works once, for a short while, and only the \
                 newest one we sent works. Ask for a new link and use it soon."
            </p>
            <p><A href="/account/forgot" attr:class="button">"Ask for a new link"</A></p>
            <p class="aside">"Remembered your password? " <A href="/account/login">"Sign in"</A></p>
        </section>
    }
}
