//! The address book: the list (`/account/addresses`), the form to add or edit an address
//! (`/account/addresses/new`, `/account/addresses/{id}`) and the confirmation before
//! deleting one (`/account/addresses/{id}/delete`). Every form is a plain HTML form that
//! works without JavaScript and is enhanced when the page has hydrated.

mod delete;
mod form;
mod list;

pub use delete::DeleteAddressPage;
pub use form::{EditAddressPage, NewAddressPage};
pub use list::AddressesPage;

use leptos::prelude::*;
use leptos_meta::Title;

use super::{AccountArea, AccountSection};
use crate::components::{address_label, AddressText};
use crate::{session::SessionContext, shared::Customer};

/// An address-book page for the signed-in customer, inside the account area; a visitor who
/// is not signed in is sent to the sign-in page. Keeps showing the last content while the
/// customer is fetched again.
fn address_book_page<V>(
    render: impl Fn(Customer) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    V: IntoView + 'static,
{
    let session = SessionContext::get();
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading your addresses…"</p> }>
            {move || {
                let render = render.clone();
                session
                    .customer
                    .get()
                    .map(move |customer| match customer {
                        Ok(Some(customer)) => view! {
                            <AccountArea current=AccountSection::Addresses>
                                {render(customer)}
                            </AccountArea>
                        }
                        .into_any(),
                        Ok(None) => view! { <super::SignInRequired/> }.into_any(),
                        Err(error) => {
                            view! { <p class="form-alert" role="alert">{error.friendly()}</p> }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

/// The answer for an address id the customer does not have (unknown, deleted, or another
/// customer's): a 404 page inside the account area.
#[component]
fn AddressNotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Address not found · Customer accounts"/>
        <section class="card">
            <h1>"Address not found"</h1>
            <p>"You have no address at this link. It may have been deleted."</p>
            <a href="/account/addresses">"Back to your addresses"</a>
        </section>
    }
}
