use leptos::prelude::*;
use leptos_meta::Title;

use super::{AccountArea, AccountSection};
use crate::session::SessionContext;

/// The customer's orders. This app does not hold any orders yet (the order read model and
/// its import come later), so every account's list is empty, and the page says so.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let session = SessionContext::get();
    view! {
        <Title text="Orders · Customer accounts"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading your orders…"</p> }>
            {move || {
                session
                    .customer
                    .get()
                    .map(|customer| match customer {
                        Ok(Some(_)) => {
                            view! {
                                <AccountArea current=AccountSection::Orders>
                                    <section class="card">
                                        <h1>"Orders"</h1>
                                        <p class="empty-state">"You have no orders yet."</p>
                                    </section>
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
