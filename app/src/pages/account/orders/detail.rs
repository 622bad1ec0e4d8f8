//! `/account/orders/{id}`: one of the customer's orders in full — its number, date and
//! statuses, the items bought, the totals, and where it was sent. An id the customer has no
//! order under (another customer's, unknown, malformed) is the app's 404 page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::orders_page;
use crate::{components::OrderView, server_fns::orders::get_order, shared::Order};

#[component]
pub fn OrderDetailPage() -> impl IntoView {
    let params = use_params_map();
    let order = Resource::new(
        move || params.with(|p| p.get("id").unwrap_or_default()),
        |id| async move { get_order(id).await },
    );
    orders_page(order, |order| view! { <OrderDetail order/> })
}

#[component]
fn OrderDetail(order: Order) -> impl IntoView {
    let number = order.number();
    view! {
        <Title text=format!("Order {number} · Customer accounts")/>
        <p class="back-link">
            <a href="/account/orders">"Back to your orders"</a>
        </p>
        <OrderView order/>
    }
}
