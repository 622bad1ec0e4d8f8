//! `/app/customers/{id}/orders/{order_id}`: one of the customer's orders in full, as the
//! customer sees it in their order history, under the customer's breadcrumbs. An order the
//! customer does not have is the 404 page, like an unknown customer.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::detail::{customer_id_param, customer_page, detail_resource, Breadcrumbs};
use crate::{
    components::OrderView, pages::NotFoundPage, server_fns::admin::admin_customer_order,
    shared::ErrorKind,
};

#[component]
pub fn CustomerOrderPage() -> impl IntoView {
    let id = customer_id_param();
    let params = use_params_map();
    let detail = detail_resource(id, String::new);
    let order = Resource::new(
        move || {
            (
                id.get(),
                params.with(|p| p.get("order_id").unwrap_or_default()),
            )
        },
        |(id, order_id)| async move { admin_customer_order(id, order_id).await },
    );
    customer_page(detail, move |detail| {
        let customer = detail.customer;
        view! {
            <Transition fallback=|| view! { <p class="loading">"Loading the order…"</p> }>
                {
                    let customer = customer.clone();
                    move || {
                        let customer = customer.clone();
                        order.get().map(move |loaded| match loaded {
                            Ok(Some(order)) => {
                                let number = order.number();
                                view! {
                                    <Title text=format!("Order {number} · Back office")/>
                                    <Breadcrumbs customer here=format!("Order {number}")/>
                                    <OrderView order/>
                                }
                                .into_any()
                            }
                            Ok(None) => ().into_any(),
                            Err(error) if error.kind == ErrorKind::NotFound => {
                                view! { <NotFoundPage/> }.into_any()
                            }
                            Err(error) => view! {
                                <p class="form-alert" role="alert">{error.friendly()}</p>
                            }
                            .into_any(),
                        })
                    }
                }
            </Transition>
        }
    })
}
