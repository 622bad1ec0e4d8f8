use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::session::SessionContext;

#[component]
pub fn HomePage() -> impl IntoView {
    let session = SessionContext::get();
    view! {
        <Title text="Welcome · Customer accounts"/>
        <section class="hero">
            <h1>"Your account, in one place"</h1>
            <p class="lead">
                "Keep your details up to date, and sign in to see everything you have with us."
            </p>
            <Suspense fallback=|| ()>
                {move || {
                    session
                        .customer
                        .get()
                        .map(|customer| match customer.ok().flatten() {
                            Some(customer) => {
                                view! {
                                    <p>"Welcome back, " {customer.display_name()} "."</p>
                                    <A href="/account" attr:class="button">"Go to my account"</A>
                                }
                                    .into_any()
                            }
                            None => {
                                view! {
                                    <div class="actions">
                                        <A href="/account/register" attr:class="button">"Create an account"</A>
                                        <A href="/account/login" attr:class="button secondary">"Sign in"</A>
                                    </div>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}
