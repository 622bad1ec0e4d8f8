//! `/app/customers/{id}`: one customer as the back office manages it — its profile form,
//! its facts and metadata, its addresses, its groups and its orders, and the way to delete
//! it. Every form is a plain HTML form that works without JavaScript; each change comes
//! back here with a notice saying what changed. The sub-pages (address form, confirmations,
//! an order) share [`customer_page`], so an unknown or deleted customer is the app's 404
//! page everywhere under this address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

use super::{
    detail_addresses::AddressesSection,
    detail_groups::GroupsSection,
    detail_orders::OrdersSection,
    detail_profile::{FactsSection, ProfileSection},
};
use crate::{
    pages::{
        admin::{AdminFrame, AdminSection},
        NotFoundPage,
    },
    server_fns::admin::{
        admin_customer_detail, AdminAddCustomerToGroup, AdminRemoveCustomerFromGroup,
        AdminSetCustomerAddressDefault, AdminUpdateCustomer, CustomerDetail,
    },
    shared::{Customer, ErrorKind, PublicError},
};

/// The notices the page shows after a change, by query parameter and value.
const NOTICES: [(&str, &str, &str); 8] = [
    ("saved", "profile", "The profile was saved."),
    ("address", "added", "The address was added."),
    ("address", "saved", "The address was saved."),
    ("address", "deleted", "The address was deleted."),
    ("address", "default", "The default address was changed."),
    (
        "address",
        "undefault",
        "The address is no longer a default.",
    ),
    ("group", "added", "The customer was added to the group."),
    (
        "group",
        "removed",
        "The customer was removed from the group.",
    ),
];

/// The customer's name as the back office calls it: its name, else its email, else a
/// placeholder (a guest may have neither).
pub fn customer_name(customer: &Customer) -> String {
    let name = customer.display_name();
    if name.trim().is_empty() {
        "Customer without a name".to_owned()
    } else {
        name
    }
}

/// The customer id in the page's address.
pub fn customer_id_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()))
}

/// A page about customer `id` inside the back office's frame, once its detail has loaded:
/// an unknown or deleted customer is the 404 page (a visitor who is not an admin never gets
/// past the frame). Keeps showing the last content while the customer is fetched again.
pub fn customer_page<V>(
    detail: Resource<Result<Option<CustomerDetail>, PublicError>>,
    render: impl Fn(CustomerDetail) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    V: IntoView + 'static,
{
    view! {
        <AdminFrame current=AdminSection::Customers>
            {
                let render = render.clone();
                view! {
                    <Transition fallback=|| view! { <p class="loading">"Loading the customer…"</p> }>
                        {
                            let render = render.clone();
                            move || {
                                let render = render.clone();
                                detail.get().map(move |loaded| match loaded {
                                    Ok(Some(detail)) => render(detail).into_any(),
                                    // Nobody signed in: the frame sends the visitor to sign in.
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
            }
        </AdminFrame>
    }
}

/// The customer's detail, fetched again whenever `changed` changes.
pub fn detail_resource(
    id: Memo<String>,
    changed: impl Fn() -> String + Send + Sync + 'static,
) -> Resource<Result<Option<CustomerDetail>, PublicError>> {
    Resource::new(
        move || (id.get(), changed()),
        |(id, _)| async move { admin_customer_detail(id).await },
    )
}

/// The trail back to the customer list, and to the customer from its sub-pages.
#[component]
pub fn Breadcrumbs(
    customer: Customer,
    /// The sub-page's name; `None` on the customer's own page.
    #[prop(optional)]
    here: Option<String>,
) -> impl IntoView {
    let name = customer_name(&customer);
    let href = format!("/app/customers/{}", customer.id);
    view! {
        <nav class="bo-breadcrumbs" aria-label="Breadcrumb">
            <ol>
                <li><a href="/app/customers">"Customers"</a></li>
                {match here {
                    None => view! { <li><a href=href aria-current="page">{name}</a></li> }.into_any(),
                    Some(here) => view! {
                        <li><a href=href>{name}</a></li>
                        <li><span aria-current="page">{here}</span></li>
                    }
                    .into_any(),
                }}
            </ol>
        </nav>
    }
}

#[component]
pub fn CustomerDetailPage() -> impl IntoView {
    let id = customer_id_param();
    let query = use_query_map();
    let location = use_location();
    let update = ServerAction::<AdminUpdateCustomer>::new();
    let set_default = ServerAction::<AdminSetCustomerAddressDefault>::new();
    let join = ServerAction::<AdminAddCustomerToGroup>::new();
    let leave = ServerAction::<AdminRemoveCustomerFromGroup>::new();
    // Fetched again after each change: arriving with a notice (a form elsewhere changed the
    // customer), or when one of this page's forms completes.
    let detail = detail_resource(id, move || {
        let versions = update.version().get()
            + set_default.version().get()
            + join.version().get()
            + leave.version().get();
        format!("{}#{versions}", location.search.get())
    });
    let notice = Signal::derive(move || {
        query.with(|q| {
            NOTICES
                .iter()
                .find(|(key, value, _)| q.get(key).as_deref() == Some(*value))
                .map(|(_, _, text)| *text)
        })
    });
    view! {
        {customer_page(detail, move |detail| {
            let name = customer_name(&detail.customer);
            view! {
                <Title text=format!("{name} · Customers · Back office")/>
                <Breadcrumbs customer=detail.customer.clone()/>
                <div class="bo-page-head">
                    <h1>{name}</h1>
                    <a href=format!("/app/customers/{}/delete", detail.customer.id) class="button danger">
                        "Delete customer"
                    </a>
                </div>
                <div role="status" class="status-slot">
                    {move || notice.get().map(|text| view! { <p class="notice">{text}</p> })}
                </div>
                <div class="bo-customer">
                    <ProfileSection customer=detail.customer.clone() update/>
                    <FactsSection customer=detail.customer.clone() created_by_email=detail.created_by_email.clone()/>
                    <AddressesSection customer=detail.customer.clone() set_default/>
                    <GroupsSection customer=detail.customer.clone() joinable=detail.joinable.clone() join leave/>
                    <OrdersSection customer_id=detail.customer.id.to_string()/>
                </div>
            }
        })}
    }
}
