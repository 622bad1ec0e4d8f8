//! `/account/orders?page=N`: the customer's orders, newest first, ten to a page, as a table
//! whose rows link to each order. The page number lives in the URL, so every page can be
//! linked to, and the previous/next links are plain links that work without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{item_count_label, orders_page, OrderDate, StatusText};
use crate::{
    server_fns::{orders::list_orders, OrderList},
    shared::{money, Order},
};

/// The `page` query parameter: absent is the first page; anything but a whole number from 1
/// is refused, keeping what was asked for so the page can say so.
fn requested_page(raw: Option<String>) -> Result<u32, String> {
    match raw {
        None => Ok(1),
        Some(text) => text
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or(text),
    }
}

fn page_href(page: u32) -> String {
    if page <= 1 {
        "/account/orders".to_owned()
    } else {
        format!("/account/orders?page={page}")
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let query = use_query_map();
    let requested = Memo::new(move |_| requested_page(query.with(|q| q.get("page"))));
    // A page number that is not one still needs to know who is signed in (and how many
    // pages there are): it is answered from the first page's data.
    let orders = Resource::new(
        move || requested.get().unwrap_or(1),
        |page| async move { list_orders(page).await },
    );
    view! {
        <Title text="Orders · Customer accounts"/>
        {orders_page(orders, move |list| match requested.get() {
            Ok(page) if page <= list.pages() => view! { <OrderHistory list/> }.into_any(),
            Ok(page) => view! { <NoSuchPage asked=page.to_string() pages=list.pages()/> }.into_any(),
            Err(asked) => view! { <NoSuchPage asked pages=list.pages()/> }.into_any(),
        })}
    }
}

#[component]
fn OrderHistory(list: OrderList) -> impl IntoView {
    let pages = list.pages();
    let page = list.page;
    let count = list.count;
    view! {
        <section class="card">
            <h1>"Orders"</h1>
            {if list.orders.is_empty() {
                view! {
                    <p class="empty-state">
                        "You have no orders yet. When you place an order, it will be listed here."
                    </p>
                }
                .into_any()
            } else {
                let rows = list
                    .orders
                    .into_iter()
                    .map(|order| view! { <OrderRow order/> })
                    .collect_view();
                view! {
                    <p class="order-count">
                        {if count == 1 { "1 order".to_owned() } else { format!("{count} orders") }}
                    </p>
                    <table class="data-table order-table">
                        <caption class="visually-hidden">
                            {format!("Your orders, newest first, page {page} of {pages}")}
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
                    <Pager page pages/>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn OrderRow(order: Order) -> impl IntoView {
    let href = format!("/account/orders/{}", order.id);
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

/// Previous and next links around "Page X of Y"; a link that would lead nowhere is left out.
#[component]
fn Pager(page: u32, pages: u32) -> impl IntoView {
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages of your orders">
                <span class="pager-side">
                    {(page > 1).then(|| view! {
                        <a href=page_href(page - 1) rel="prev">"Previous page"</a>
                    })}
                </span>
                <span class="pager-position">{format!("Page {page} of {pages}")}</span>
                <span class="pager-side pager-next">
                    {(page < pages).then(|| view! {
                        <a href=page_href(page + 1) rel="next">"Next page"</a>
                    })}
                </span>
            </nav>
        }
    })
}

/// A page number past the last page, or not a number at all: said plainly, with the way
/// back, and answered with status 404 (there is nothing at this address).
#[component]
fn NoSuchPage(asked: String, pages: u32) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="card">
            <h1>"Orders"</h1>
            <p>
                {format!("There is no page “{asked}” of your orders. ")}
                {if pages == 1 {
                    "Your orders fit on one page.".to_owned()
                } else {
                    format!("They fill {pages} pages.")
                }}
            </p>
            <p class="button-row">
                <a href=page_href(1) class="button">"Go to the first page"</a>
                {(pages > 1).then(|| view! {
                    <a href=page_href(pages) class="button secondary">
                        {format!("Go to the last page ({pages})")}
                    </a>
                })}
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_comes_from_the_url_and_only_whole_numbers_from_one_count() {
        assert_eq!(requested_page(None), Ok(1));
        assert_eq!(requested_page(Some("3".into())), Ok(3));
        assert_eq!(requested_page(Some(" 2 ".into())), Ok(2));
        for bad in ["0", "-1", "two", "", "1.5", "99999999999"] {
            assert_eq!(
                requested_page(Some(bad.into())),
                Err(bad.to_owned()),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_first_page_has_the_plain_address() {
        assert_eq!(page_href(1), "/account/orders");
        assert_eq!(page_href(2), "/account/orders?page=2");
    }
}
