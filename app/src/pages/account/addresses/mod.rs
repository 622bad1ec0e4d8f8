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
use crate::{
    session::SessionContext,
    shared::{countries::country_name, Address, Customer},
};

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

/// What a card's heading calls an address: its name, else its first line.
pub fn address_label(address: &Address) -> String {
    [
        address.address_name.as_deref(),
        address.address_1.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .find(|part| !part.is_empty())
    .unwrap_or("Address")
    .to_owned()
}

/// The lines an address is written in: name, company, street, town, region, country, phone.
pub fn address_lines(address: &Address) -> Vec<String> {
    let present = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let join = |parts: [&Option<String>; 2]| {
        let parts: Vec<String> = parts.into_iter().filter_map(present).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    };
    let country =
        present(&address.country_code).map(|code| country_name(&code).map_or(code, str::to_owned));
    [
        join([&address.first_name, &address.last_name]),
        present(&address.company),
        present(&address.address_1),
        present(&address.address_2),
        join([&address.postal_code, &address.city]),
        present(&address.province),
        country,
        present(&address.phone),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// An address, one line each.
#[component]
fn AddressText(address: Address) -> impl IntoView {
    let lines = address_lines(&address)
        .into_iter()
        .map(|line| view! { <span class="address-line">{line}</span> })
        .collect_view();
    view! { <address class="address-text">{lines}</address> }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::{AddressId, CustomerId};

    fn address() -> Address {
        let now = chrono::Utc::now();
        Address {
            id: AddressId::parse("cuaddr_01M82363EKDZQQNAMPA3XGMFKF").unwrap(),
            customer_id: CustomerId::parse("cus_01M82363EKDZQQNAMPA3XGMFKF").unwrap(),
            address_name: None,
            is_default_shipping: false,
            is_default_billing: false,
            company: Some(" ".into()),
            first_name: Some("Ada".into()),
            last_name: Some("Lovelace".into()),
            address_1: Some("12 Main St".into()),
            address_2: None,
            city: Some("London".into()),
            country_code: Some("gb".into()),
            province: None,
            postal_code: Some("N1 9GU".into()),
            phone: None,
            metadata: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        }
    }

    #[test]
    fn an_address_is_written_in_lines_with_the_country_named() {
        assert_eq!(
            address_lines(&address()),
            [
                "Ada Lovelace",
                "12 Main St",
                "N1 9GU London",
                "United Kingdom"
            ]
        );
        let odd = Address {
            country_code: Some("deu".into()),
            ..address()
        };
        assert_eq!(address_lines(&odd).last().unwrap(), "deu");
    }

    #[test]
    fn the_label_is_the_name_or_the_first_line() {
        assert_eq!(address_label(&address()), "12 Main St");
        let named = Address {
            address_name: Some("Home".into()),
            ..address()
        };
        assert_eq!(address_label(&named), "Home");
        let empty = Address {
            address_1: None,
            ..address()
        };
        assert_eq!(address_label(&empty), "Address");
    }
}
