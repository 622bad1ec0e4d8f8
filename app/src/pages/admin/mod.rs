//! The back office (`/app`, where Medusa serves its admin dashboard): the sign-in page, and
//! the staff's pages inside [`AdminFrame`]. Every page is rendered completely on the server
//! and its forms are plain HTML forms, so all of it works without JavaScript.

pub mod customers;
mod frame;
mod groups;
mod login;

pub use customers::{CustomersPage, NewCustomerPage};
pub use frame::{AdminFrame, AdminSection, BackOffice, BackOfficeHome};
pub use groups::{DeleteGroupPage, GroupPage, GroupsPage};
pub use login::AdminLoginPage;

use leptos::prelude::*;

/// Redirects while the page is rendered on the server. In the browser, where the signed-in
/// state may be a moment stale right after signing in or out, nothing navigates on its own.
pub(crate) fn redirect_on_server(path: &str) {
    #[cfg(feature = "ssr")]
    leptos_axum::redirect(path);
    #[cfg(not(feature = "ssr"))]
    let _ = path;
}

/// Answers the page with `status` (404 for a record that is not there) when rendered on the
/// server.
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

/// An address of this site with a query string built from `pairs` (blank values left out).
pub(crate) fn href_with(path: &str, pairs: &[(&str, String)]) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().filter(|(_, value)| !value.is_empty()))
        .finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// "x–y of N": where a page of `shown` items starting at `offset` sits among `count`.
/// `noun` is the item's name in the singular and the plural.
pub(crate) fn range_label(offset: i64, shown: usize, count: i64, noun: (&str, &str)) -> String {
    let noun = if count == 1 { noun.0 } else { noun.1 };
    if shown == 0 {
        return format!("0 of {count} {noun}");
    }
    let first = offset + 1;
    let last = offset + i64::try_from(shown).unwrap_or(i64::MAX);
    if first == last {
        format!("{first} of {count} {noun}")
    } else {
        format!("{first}–{last} of {count} {noun}")
    }
}

/// A date as the back office shows it (UTC, year first, so that it sorts as it reads).
pub(crate) fn day(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// A status notice chosen by the query parameter present (`?renamed=1` and the like).
pub(crate) fn notice_for(
    query: &leptos_router::params::ParamsMap,
    notices: &[(&'static str, &'static str)],
) -> Option<&'static str> {
    notices
        .iter()
        .find(|(key, _)| query.get(key).is_some())
        .map(|(_, text)| *text)
}

/// Previous and next links around a position label; a link that would lead nowhere is
/// left out. `href` makes the address of the page starting at an offset.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_leave_blank_values_out() {
        assert_eq!(href_with("/app/customers", &[]), "/app/customers");
        assert_eq!(
            href_with(
                "/app/customers",
                &[
                    ("q", "a b&c".into()),
                    ("groups", String::new()),
                    ("created_at[$gte]", "2026-01-01".into())
                ]
            ),
            "/app/customers?q=a+b%26c&created_at%5B%24gte%5D=2026-01-01"
        );
    }

    #[test]
    fn the_range_counts_from_one() {
        let customers = ("customer", "customers");
        assert_eq!(range_label(0, 15, 40, customers), "1–15 of 40 customers");
        assert_eq!(range_label(30, 10, 40, customers), "31–40 of 40 customers");
        assert_eq!(range_label(40, 1, 41, customers), "41 of 41 customers");
        assert_eq!(range_label(0, 1, 1, customers), "1 of 1 customer");
        assert_eq!(range_label(0, 0, 0, customers), "0 of 0 customers");
    }
}
