//! The site header: the brand, and what the visitor can do from here.

use leptos::prelude::*;
use leptos_router::components::A;

use leptos::server_fn::ServerFn;

use crate::{server_fns::Logout, session::SessionContext};

#[component]
pub fn Header() -> impl IntoView {
    let session = SessionContext::get();
    let signed_in = move || session.customer.get().and_then(Result::ok).flatten();
    view! {
        <header class="site-header">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <A href="/" attr:class="brand">
                "Customer accounts"
            </A>
            <nav aria-label="Account">
                <Transition fallback=|| ()>
                    {move || match signed_in() {
                        Some(customer) => {
                            view! {
                                <span class="signed-in-as">"Signed in as " <strong>{customer.display_name()}</strong></span>
                                <A href="/account">"My account"</A>
                                // A plain form: logging out reloads the page, leaving no
                                // signed-in state behind in the browser.
                                <form method="post" action=Logout::url() class="inline-form">
                                    <button type="submit" class="link-button">"Log out"</button>
                                </form>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <A href="/account/login">"Sign in"</A>
                                <A href="/account/register" attr:class="button">"Create account"</A>
                            }
                                .into_any()
                        }
                    }}
                </Transition>
            </nav>
        </header>
    }
}
