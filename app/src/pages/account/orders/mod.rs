//! The order history: the list of the customer's orders (`/account/orders?page=N`) and one
//! order in full (`/account/orders/{id}`). Both are read-only and rendered on the server with
//! their data, so they work the same without JavaScript.

mod detail;
mod list;

pub use detail::OrderDetailPage;
pub use list::OrdersPage;

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

use super::{AccountArea, AccountSection};
use crate::{
    components::{item_count_label, OrderDate, StatusText},
    pages::NotFoundPage,
    shared::{ErrorKind, PublicError},
};

/// An order page for the signed-in customer, inside the account area, once `data` has
/// loaded: a visitor who is not signed in is sent to the sign-in page, and an order the
/// customer does not have is the app's 404 page. Keeps showing the last content while the
/// next page of orders loads.
fn orders_page<T, V>(
    data: Resource<Result<Option<T>, PublicError>>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading your orders…"</p> }>
            {move || {
                let render = render.clone();
                data.get().map(move |loaded| match loaded {
                    Ok(Some(data)) => view! {
                        <AccountArea current=AccountSection::Orders>{render(data)}</AccountArea>
                    }
                    .into_any(),
                    Ok(None) => view! { <super::SignInRequired/> }.into_any(),
                    Err(error) if error.kind == ErrorKind::NotFound => {
                        view! { <NotFoundPage/> }.into_any()
                    }
                    Err(error) => {
                        view! { <p class="form-alert" role="alert">{error.friendly()}</p> }
                            .into_any()
                    }
                })
            }}
        </Transition>
    }
}
