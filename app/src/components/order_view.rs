//! One order in full, as the customer's order page and the back office show it: its number
//! (the page's heading), date and statuses, the items bought with the totals, and where it
//! was sent.

use leptos::prelude::*;

use super::{item_count_label, order_address_lines, OrderDate};
use crate::shared::{money, Currency, Order, OrderAddress, OrderItem};

/// The order's sections, its number as the page's `<h1>`.
#[component]
pub fn OrderView(order: Order) -> impl IntoView {
    let number = order.number();
    view! {
        <section class="card" aria-labelledby="order-heading">
            <h1 id="order-heading">{format!("Order {number}")}</h1>
            <dl class="details order-facts">
                <dt>"Placed on"</dt>
                <dd><OrderDate at=order.created_at/></dd>
                <dt>"Status"</dt>
                <dd>{order.status.label()}</dd>
                <dt>"Payment"</dt>
                <dd>{order.payment_status.label()}</dd>
                <dt>"Fulfillment"</dt>
                <dd>{order.fulfillment_status.label()}</dd>
                <dt>"Currency"</dt>
                <dd>{currency_name(&order.currency_code)}</dd>
            </dl>
        </section>
        <section class="card" aria-labelledby="items-heading">
            <h2 id="items-heading">{format!("Items ({})", item_count_label(order.item_count))}</h2>
            <ItemsTable order=order.clone()/>
        </section>
        <section class="card" aria-labelledby="addresses-heading">
            <h2 id="addresses-heading">"Addresses"</h2>
            <div class="order-addresses">
                <OrderAddressBlock title="Shipping address" address=order.shipping_address.clone()/>
                {order.billing_address.clone().map(|address| view! {
                    <OrderAddressBlock title="Billing address" address=Some(address)/>
                })}
            </div>
        </section>
    }
}

/// The currency as receipts name it: "USD".
fn currency_name(currency: &Currency) -> String {
    currency.as_str().to_ascii_uppercase()
}

/// The items, one row each, and the order's totals below them in the table's footer, where
/// the last column adds up.
#[component]
fn ItemsTable(order: Order) -> impl IntoView {
    let currency = order.currency_code.clone();
    let amount = {
        let currency = currency.clone();
        move |minor: i64| money::format(minor, &currency)
    };
    let rows = order
        .items
        .iter()
        .map(|item| {
            let variant = item_variant(item);
            view! {
                <tr data-testid="order-item">
                    <th scope="row">
                        <span class="item-title">{item.title.clone()}</span>
                        {(!variant.is_empty()).then(|| view! { <span class="item-variant">{variant}</span> })}
                    </th>
                    <td class="number">{item.quantity}</td>
                    <td class="number">{amount(item.unit_price)}</td>
                    <td class="number">{amount(item.subtotal)}</td>
                </tr>
            }
        })
        .collect_view();
    let totals = order.totals;
    let shipping_label = if order.shipping_methods.is_empty() {
        "Shipping".to_owned()
    } else {
        let names: Vec<&str> = order
            .shipping_methods
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        format!("Shipping ({})", names.join(", "))
    };
    // A discount lowers the total: it is written as a negative amount.
    let discount = amount(-totals.discount_total);
    view! {
        <table class="data-table items-table">
            <caption class="visually-hidden">
                {format!("Items in order {}, with the order's totals in {}", order.number(), currency_name(&currency))}
            </caption>
            <thead>
                <tr>
                    <th scope="col">"Item"</th>
                    <th scope="col" class="number">"Quantity"</th>
                    <th scope="col" class="number">"Unit price"</th>
                    <th scope="col" class="number">"Line total"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
            <tfoot>
                <tr>
                    <th scope="row" colspan="3">"Subtotal"</th>
                    <td class="number">{amount(totals.subtotal)}</td>
                </tr>
                <tr>
                    <th scope="row" colspan="3">{shipping_label}</th>
                    <td class="number">{amount(totals.shipping_total)}</td>
                </tr>
                <tr>
                    <th scope="row" colspan="3">"Tax"</th>
                    <td class="number">{amount(totals.tax_total)}</td>
                </tr>
                <tr>
                    <th scope="row" colspan="3">"Discount"</th>
                    <td class="number">{discount}</td>
                </tr>
                <tr class="grand-total">
                    <th scope="row" colspan="3">{format!("Total ({})", currency_name(&currency))}</th>
                    <td class="number">{amount(totals.total)}</td>
                </tr>
            </tfoot>
        </table>
    }
}

/// What distinguishes an item from others of its title: "Large · SKU TS-L".
fn item_variant(item: &OrderItem) -> String {
    let sku = item.variant_sku.as_deref().map(|sku| format!("SKU {sku}"));
    [item.variant_title.clone(), sku]
        .into_iter()
        .flatten()
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

#[component]
fn OrderAddressBlock(title: &'static str, address: Option<OrderAddress>) -> impl IntoView {
    let lines = address
        .as_ref()
        .map(order_address_lines)
        .unwrap_or_default();
    view! {
        <div class="order-address">
            <h3>{title}</h3>
            {if lines.is_empty() {
                view! { <p class="empty-state">"None given."</p> }.into_any()
            } else {
                let lines = lines
                    .into_iter()
                    .map(|line| view! { <span class="address-line">{line}</span> })
                    .collect_view();
                view! { <address class="address-text">{lines}</address> }.into_any()
            }}
        </div>
    }
}
