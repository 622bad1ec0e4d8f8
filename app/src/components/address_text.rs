//! How an address is written out: its label (a card's heading), its lines, and the
//! `<address>` block showing them — the same in the customer's address book and the back
//! office.

use leptos::prelude::*;

use crate::shared::{countries::country_name, Address};

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
pub fn AddressText(address: Address) -> impl IntoView {
    let lines = address_lines(&address)
        .into_iter()
        .map(|line| view! { <span class="address-line">{line}</span> })
        .collect_view();
    view! { <address class="address-text">{lines}</address> }
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
