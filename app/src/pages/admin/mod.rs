//! TEMPORARY stand-ins for the admin frame (replaced by the admin-ui branch on merge).

pub mod customers;

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminSection {
    Customers,
}

#[component]
pub fn AdminFrame(current: AdminSection, children: ChildrenFn) -> impl IntoView {
    let _ = current;
    view! { <main id="main">{children()}</main> }
}

pub(crate) fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(status) {
            response.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

#[component]
pub(crate) fn Pager(
    label: &'static str,
    offset: i64,
    limit: i64,
    count: i64,
    position: String,
    href: Callback<i64, String>,
) -> impl IntoView {
    let previous = (offset > 0).then(|| (offset - limit).max(0));
    let next = (offset + limit < count).then_some(offset + limit);
    view! {
        <nav class="pager bo-pager" aria-label=label>
            <span class="pager-side">
                {previous.map(|at| view! { <a href=href.run(at) rel="prev">"Previous page"</a> })}
            </span>
            <span class="pager-position">{position}</span>
            <span class="pager-side pager-next">
                {next.map(|at| view! { <a href=href.run(at) rel="next">"Next page"</a> })}
            </span>
        </nav>
    }
}
