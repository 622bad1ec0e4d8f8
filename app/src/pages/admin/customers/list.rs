//! `/app/customers`: the customers as a table, with a search box, filters (account, group,
//! created between two days), sortable columns, a page size and pages. The whole view is in
//! the address — the filters are a GET form, the headers and pages are links — so a
//! reload or a shared link shows the same view, without JavaScript too. "Export CSV" asks
//! `/admin/customers/export.csv` for the same view under the JSON list's parameter names.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::customer_href;
use crate::{
    pages::admin::{day, href_with, notice_for, range_label, AdminFrame, AdminSection, Pager},
    server_fns::admin::{
        customers::{list_customers, DEFAULT_ORDER, PAGE_SIZES, SORTABLE},
        CustomerListPage, CustomerListParams, GroupOption,
    },
    shared::{Customer, PublicError},
};

const LIST: &str = "/app/customers";
const EXPORT: &str = "/admin/customers/export.csv";

/// The address of this list with `params` changed by `changes` (a blank value removes the
/// parameter).
fn list_href(params: &CustomerListParams, changes: &[(&str, String)]) -> String {
    let mut pairs: Vec<(&str, String)> = params.pairs();
    for (name, value) in changes {
        pairs.retain(|(key, _)| key != name);
        pairs.push((name, value.clone()));
    }
    pairs.sort_by_key(|(name, _)| CustomerListParams::NAMES.iter().position(|n| n == name));
    href_with(LIST, &pairs)
}

/// The CSV export of the view: the JSON list's names, the day range as time bounds (the
/// last day counted whole), and the order in force; not the page.
fn export_href(params: &CustomerListParams, order: &str) -> String {
    let date = |raw: &str| chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
    let mut pairs = vec![
        ("q", params.q.trim().to_owned()),
        ("has_account", params.has_account.trim().to_owned()),
        ("groups", params.groups.trim().to_owned()),
    ];
    if let Some(from) = date(&params.created_from) {
        pairs.push(("created_at[$gte]", from.to_string()));
    }
    if let Some(after) = date(&params.created_to).and_then(|to| to.succ_opt()) {
        pairs.push(("created_at[$lt]", after.to_string()));
    }
    pairs.push(("order", order.to_owned()));
    href_with(EXPORT, &pairs)
}

/// The order a column's header link asks for: ascending first, the other way round when
/// the list is sorted by it already.
fn toggled(column: &str, order: &str) -> String {
    if order == column {
        format!("-{column}")
    } else {
        column.to_owned()
    }
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let query = use_query_map();
    let params =
        Memo::new(move |_| query.with(|q| CustomerListParams::from_query(|name| q.get(name))));
    let list = Resource::new(
        move || params.get(),
        |params| async move { list_customers(params).await },
    );
    // Arriving from a customer's page after deleting it.
    let deleted =
        move || query.with(|q| notice_for(q, &[("deleted", "The customer was deleted.")]));
    view! {
        <Title text="Customers · Back office"/>
        <AdminFrame current=AdminSection::Customers>
            <div role="status" class="status-slot">
                {move || deleted().map(|text| view! { <p class="notice">{text}</p> })}
            </div>
            <Transition fallback=|| view! { <p class="loading">"Loading customers…"</p> }>
                {move || {
                    list.get().map(|result| {
                        let params = params.get_untracked();
                        match result {
                            Ok(Some(page)) => view! { <CustomerList params page/> }.into_any(),
                            // Nobody signed in: the frame sends the visitor to sign in.
                            Ok(None) => ().into_any(),
                            Err(error) => view! { <ListError error/> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </AdminFrame>
    }
}

#[component]
fn CustomerList(params: CustomerListParams, page: CustomerListPage) -> impl IntoView {
    let export = export_href(&params, &page.order);
    let shown = page.customers.len();
    let position = range_label(page.offset, shown, page.count, ("customer", "customers"));
    let filtered = params.is_filtered();
    let pager_params = params.clone();
    let href = Callback::new(move |offset: i64| {
        list_href(
            &pager_params,
            &[(
                "offset",
                if offset > 0 {
                    offset.to_string()
                } else {
                    String::new()
                },
            )],
        )
    });
    view! {
        <div class="heading-row">
            <h1>"Customers"</h1>
            <div class="button-row">
                <a href="/app/customers/new" class="button">"New customer"</a>
                <a href=export class="button secondary" download="customers.csv">"Export CSV"</a>
            </div>
        </div>
        <Filters params=params.clone() groups=page.groups.clone() limit=page.limit order=page.order.clone()/>
        <p class="bo-count" role="status" data-testid="customer-count">{position.clone()}</p>
        {if shown == 0 {
            view! { <EmptyState filtered/> }.into_any()
        } else {
            view! {
                <CustomerTable params=params.clone() order=page.order.clone() customers=page.customers/>
                <Pager
                    label="Pages of customers"
                    offset=page.offset
                    limit=page.limit
                    count=page.count
                    position=position
                    href=href
                />
            }
            .into_any()
        }}
    }
}

/// The search box and filters: a GET form to this page, so the view lands in the address.
/// Changing them starts again at the first page; the order is kept.
#[component]
fn Filters(
    params: CustomerListParams,
    groups: Vec<GroupOption>,
    limit: i64,
    order: String,
) -> impl IntoView {
    let account = params.has_account.trim().to_owned();
    let group = params.groups.trim().to_owned();
    let account_options = [
        ("", "All customers"),
        ("true", "With an account"),
        ("false", "Guests"),
    ]
    .into_iter()
    .map(|(value, label)| {
        view! { <option value=value selected=account == value>{label}</option> }
    })
    .collect_view();
    let group_options = groups
        .into_iter()
        .map(|option| {
            let selected = option.id == group;
            view! { <option value=option.id selected=selected>{option.name}</option> }
        })
        .collect_view();
    let size_options = PAGE_SIZES
        .into_iter()
        .map(|size| view! { <option value=size.to_string() selected=size == limit>{size.to_string()}</option> })
        .collect_view();
    let order = (order != DEFAULT_ORDER).then_some(order);
    view! {
        <form method="get" action=LIST class="bo-filters" role="search" aria-label="Search and filter customers">
            <div class="field bo-search">
                <label for="filter-q">"Search"</label>
                <input id="filter-q" type="search" name="q" value=params.q.clone()
                    placeholder="Name, email, company or phone"/>
            </div>
            <div class="field">
                <label for="filter-has-account">"Account"</label>
                <select id="filter-has-account" name="has_account">{account_options}</select>
            </div>
            <div class="field">
                <label for="filter-groups">"Group"</label>
                <select id="filter-groups" name="groups">
                    <option value="" selected=group.is_empty()>"All groups"</option>
                    {group_options}
                </select>
            </div>
            <div class="field">
                <label for="filter-created-from">"Created from"</label>
                <input id="filter-created-from" type="date" name="created_from" value=params.created_from.clone()/>
            </div>
            <div class="field">
                <label for="filter-created-to">"Created to"</label>
                <input id="filter-created-to" type="date" name="created_to" value=params.created_to.clone()/>
            </div>
            <div class="field">
                <label for="filter-limit">"Per page"</label>
                <select id="filter-limit" name="limit">{size_options}</select>
            </div>
            {order.map(|order| view! { <input type="hidden" name="order" value=order/> })}
            <div class="button-row">
                <button type="submit" class="button">"Apply"</button>
                <a href=LIST class="button secondary">"Clear filters"</a>
            </div>
        </form>
    }
}

#[component]
fn CustomerTable(
    params: CustomerListParams,
    order: String,
    customers: Vec<Customer>,
) -> impl IntoView {
    let header = |column: &'static str, label: &'static str| {
        let sorted = order.trim_start_matches('-') == column;
        let descending = order.starts_with('-');
        let aria_sort = sorted.then_some(if descending {
            "descending"
        } else {
            "ascending"
        });
        let href = list_href(
            &params,
            &[
                ("order", toggled(column, &order)),
                ("offset", String::new()),
            ],
        );
        let arrow = match (sorted, descending) {
            (true, true) => "↓",
            (true, false) => "↑",
            _ => "",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <a href=href class="bo-sort" aria-current=sorted.then_some("true")>
                    {label}
                    <span aria-hidden="true" class="bo-sort-arrow">{arrow}</span>
                    <span class="visually-hidden">
                        {if sorted && !descending { ", sorted ascending; sort descending" }
                         else if sorted { ", sorted descending; sort ascending" }
                         else { ", sort" }}
                    </span>
                </a>
            </th>
        }
    };
    let header_for = |column: &'static str| {
        let label = SORTABLE
            .iter()
            .find(|(name, _)| *name == column)
            .map_or(column, |(_, label)| *label);
        header(column, label)
    };
    let rows = customers
        .into_iter()
        .map(|customer| view! { <CustomerRow customer/> })
        .collect_view();
    view! {
        <table class="data-table bo-table" data-testid="customer-table">
            <caption class="visually-hidden">"Customers"</caption>
            <thead>
                <tr>
                    {header_for("first_name")}
                    {header_for("email")}
                    {header_for("has_account")}
                    <th scope="col">"Groups"</th>
                    {header_for("created_at")}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn CustomerRow(customer: Customer) -> impl IntoView {
    let name = [
        customer.first_name.as_deref(),
        customer.last_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    let name = if name.is_empty() {
        "(no name)".to_owned()
    } else {
        name
    };
    let groups = customer
        .groups
        .iter()
        .map(|group| group.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let created = customer.created_at;
    view! {
        <tr data-testid="customer-row">
            <th scope="row"><a href=customer_href(customer.id.as_str())>{name}</a></th>
            <td>{customer.email.clone().unwrap_or_default()}</td>
            <td>{if customer.has_account { "Yes" } else { "No" }}</td>
            <td>{groups}</td>
            <td><time datetime=created.to_rfc3339()>{day(&created)}</time></td>
        </tr>
    }
}

#[component]
fn EmptyState(filtered: bool) -> impl IntoView {
    if filtered {
        view! {
            <p class="empty-state" data-testid="empty-state">
                "No customers match. "
                <a href=LIST>"Clear filters"</a>
                " to see every customer."
            </p>
        }
        .into_any()
    } else {
        view! {
            <p class="empty-state" data-testid="empty-state">
                "There are no customers yet. "
                <a href="/app/customers/new">"Add a customer"</a>
            </p>
        }
        .into_any()
    }
}

/// A view the address asks for that cannot be shown (a hand-edited date, an unknown
/// order): what is wrong, and the way back to the plain list.
#[component]
fn ListError(error: PublicError) -> impl IntoView {
    let problems = error
        .issues
        .iter()
        .map(|issue| view! { <li>{issue.ui_message()}</li> })
        .collect_view();
    view! {
        <h1>"Customers"</h1>
        <div class="form-alert" role="alert">
            <p>{error.friendly()}</p>
            <ul>{problems}</ul>
        </div>
        <p><a href=LIST>"Show every customer"</a></p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> CustomerListParams {
        CustomerListParams::from_query(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn header_links_toggle_the_order_and_start_again() {
        let view = params(&[("q", "ada"), ("order", "email"), ("offset", "30")]);
        assert_eq!(toggled("email", "email"), "-email");
        assert_eq!(toggled("email", "-email"), "email");
        assert_eq!(toggled("created_at", "email"), "created_at");
        assert_eq!(
            list_href(
                &view,
                &[("order", "-email".into()), ("offset", String::new())]
            ),
            "/app/customers?q=ada&order=-email"
        );
    }

    #[test]
    fn the_export_asks_for_the_same_view_in_the_json_names() {
        let view = params(&[
            ("q", "ada"),
            ("has_account", "true"),
            ("groups", "cusgroup_1"),
            ("created_from", "2026-01-01"),
            ("created_to", "2026-01-31"),
            ("limit", "50"),
            ("offset", "50"),
        ]);
        assert_eq!(
            export_href(&view, "-created_at"),
            "/admin/customers/export.csv?q=ada&has_account=true&groups=cusgroup_1\
             &created_at%5B%24gte%5D=2026-01-01&created_at%5B%24lt%5D=2026-02-01\
             &order=-created_at"
        );
    }
}
