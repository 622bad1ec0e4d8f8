//! The pieces an order is shown with wherever it appears (the customer's order history and
//! the back office): its date, its statuses, its item count and its addresses' lines.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::shared::{
    countries::country_name, FulfillmentStatus, OrderAddress, OrderStatus, PaymentStatus,
};

/// "3 items", "1 item".
pub fn item_count_label(count: i64) -> String {
    if count == 1 {
        "1 item".to_owned()
    } else {
        format!("{count} items")
    }
}

/// "2 Dec 2026": the day an order was placed (in UTC, the same on the server and in the
/// browser, so hydration finds the text it expects).
fn date_label(at: &DateTime<Utc>) -> String {
    at.format("%-d %b %Y").to_string()
}

#[component]
pub fn OrderDate(at: DateTime<Utc>) -> impl IntoView {
    view! { <time datetime=at.format("%Y-%m-%d").to_string()>{date_label(&at)}</time> }
}

/// The order's status, and under it its payment and fulfillment where they add something
/// (a canceled order's payment and fulfillment are canceled too: said once).
#[component]
pub fn StatusText(
    status: OrderStatus,
    payment: PaymentStatus,
    fulfillment: FulfillmentStatus,
) -> impl IntoView {
    let detail = status_detail(status, payment, fulfillment);
    view! {
        <span class="order-status">{status.label()}</span>
        {(!detail.is_empty()).then(|| view! { <span class="status-detail">{detail}</span> })}
    }
}

fn status_detail(
    status: OrderStatus,
    payment: PaymentStatus,
    fulfillment: FulfillmentStatus,
) -> String {
    [payment.label(), fulfillment.label()]
        .into_iter()
        .filter(|label| *label != status.label())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The lines an order's address is written in: name, company, street, town, region,
/// country, phone.
pub fn order_address_lines(address: &OrderAddress) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_dates_read_as_people_write_them() {
        assert_eq!(item_count_label(1), "1 item");
        assert_eq!(item_count_label(3), "3 items");
        assert_eq!(item_count_label(0), "0 items");
        let at = "2026-12-02T23:30:00Z".parse().unwrap();
        assert_eq!(date_label(&at), "2 Dec 2026");
    }

    #[test]
    fn payment_and_fulfillment_are_shown_only_when_they_add_something() {
        assert_eq!(
            status_detail(
                OrderStatus::Completed,
                PaymentStatus::Captured,
                FulfillmentStatus::Shipped
            ),
            "Paid · Shipped"
        );
        assert_eq!(
            status_detail(
                OrderStatus::Canceled,
                PaymentStatus::Canceled,
                FulfillmentStatus::Canceled
            ),
            ""
        );
    }

    #[test]
    fn an_order_address_is_written_in_lines_with_the_country_named() {
        let address = OrderAddress {
            first_name: Some("Ada".into()),
            last_name: Some("Lovelace".into()),
            company: Some(" ".into()),
            address_1: Some("12 Main St".into()),
            city: Some("London".into()),
            postal_code: Some("N1 9GU".into()),
            country_code: Some("gb".into()),
            ..OrderAddress::default()
        };
        assert_eq!(
            order_address_lines(&address),
            [
                "Ada Lovelace",
                "12 Main St",
                "N1 9GU London",
                "United Kingdom"
            ]
        );
        assert!(order_address_lines(&OrderAddress::default()).is_empty());
    }
}
