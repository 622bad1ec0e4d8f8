//! The customer page's orders: a table of them, newest first, each linking to the order in
//! full, paged by `?orders=N` in the page's address (plain links, so paging works without
//! JavaScript).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    components::{item_count_label, OrderDate, StatusText},
    pages::admin::Pager,
    server_fns::{admin::admin_customer_orders, orders::ORDERS_PER_PAGE, OrderList},
    shared::{money, Order},
};

/// The `orders` query parameter: absent, or anything but a whole number from 1, is the
/// first page.
fn requested_page(raw: Option<String>) -> u32 {
    raw.and_then(|text| text.trim().parse::<u32>().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1)
}

fn page_href(customer_id: &str, page: u32) -> String {
    if page <= 1 {
        format!("/app/customers/{customer_id}")
    } else {
        format!("/app/customers/{customer_id}?orders={page}")
    }
}

#[component]
pub fn OrdersSection(customer_id: String) -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| requested_page(query.with(|q| q.get("orders"))));
    let orders = {
        let customer_id = customer_id.clone();
        Resource::new(
            move || (customer_id.clone(), page.get()),
            |(customer_id, page)| async move { admin_customer_orders(customer_id, page).await },
        )
    };
    view! {
        <section class="card bo-orders" aria-labelledby="orders-heading">
            <h2 id="orders-heading">"Orders"</h2>
            <Transition fallback=|| view! { <p class="loading">"Loading the orders…"</p> }>
                {move || {
                    let customer_id = customer_id.clone();
                    orders.get().map(move |loaded| match loaded {
                        Ok(Some(list)) => view! { <OrderTable list customer_id/> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(error) => view! {
                            <p class="form-alert" role="alert">{error.friendly()}</p>
                        }
                        .into_any(),
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn OrderTable(list: OrderList, customer_id: String) -> impl IntoView {
    if list.count == 0 {
        return view! { <p class="empty-state">"No orders yet."</p> }.into_any();
    }
    let pages = list.pages();
    let page = list.page;
    let count = list.count;
    if list.orders.is_empty() {
        return view! {
            <p>
                {format!("There is no page {page} of this customer's orders. ")}
                <a href=page_href(&customer_id, 1)>"Go to the first page"</a>
            </p>
        }
        .into_any();
    }
    let rows = list
        .orders
        .into_iter()
        .map(|order| view! { <OrderRow order customer_id=customer_id.clone()/> })
        .collect_view();
    view! {
        <p class="order-count">
            {if count == 1 { "1 order".to_owned() } else { format!("{count} orders") }}
        </p>
        <table class="data-table order-table">
            <caption class="visually-hidden">
                {format!("The customer's orders, newest first, page {page} of {pages}")}
            </caption>
            <thead>
                <tr>
                    <th scope="col">"Order"</th>
                    <th scope="col">"Date"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col" class="number items-column">"Items"</th>
                    <th scope="col" class="number">"Total"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {(pages > 1).then(|| {
            let per_page = i64::from(ORDERS_PER_PAGE);
            let href = Callback::new(move |offset: i64| {
                let page = u32::try_from(offset / per_page + 1).unwrap_or(1);
                page_href(&customer_id, page)
            });
            view! {
                <Pager
                    label="Pages of the customer's orders"
                    offset=i64::from(page - 1) * per_page
                    limit=per_page
                    count
                    position=format!("Page {page} of {pages}")
                    href
                />
            }
        })}
    }
    .into_any()
}

#[component]
fn OrderRow(order: Order, customer_id: String) -> impl IntoView {
    let href = format!("/app/customers/{customer_id}/orders/{}", order.id);
    let total = money::format(order.totals.total, &order.currency_code);
    view! {
        <tr data-testid="order-row">
            <th scope="row">
                <a href=href>
                    <span class="visually-hidden">"Order "</span>
                    {order.number()}
                </a>
            </th>
            <td><OrderDate at=order.created_at/></td>
            <td>
                <StatusText
                    status=order.status
                    payment=order.payment_status
                    fulfillment=order.fulfillment_status
                />
            </td>
            <td class="number items-column">{item_count_label(order.item_count)}</td>
            <td class="number">{total}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_orders_page_comes_from_the_address() {
        assert_eq!(requested_page(None), 1);
        assert_eq!(requested_page(Some("3".into())), 3);
        for odd in ["0", "-1", "two", ""] {
            assert_eq!(requested_page(Some(odd.into())), 1, "{odd}");
        }
        assert_eq!(page_href("cus_1", 1), "/app/customers/cus_1");
        assert_eq!(page_href("cus_1", 2), "/app/customers/cus_1?orders=2");
    }
}
