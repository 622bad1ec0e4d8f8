//! The customer group pages: the list with its create form (`/app/customer-groups`), one
//! group with its members (`/app/customer-groups/{id}`), and the confirmation before a
//! group is deleted (`/app/customer-groups/{id}/delete`).

mod delete;
mod detail;
mod list;

pub use delete::DeleteGroupPage;
pub use detail::GroupPage;
pub use list::GroupsPage;

use leptos::prelude::*;

use super::set_status;
use crate::shared::{ErrorKind, PublicError};

/// The address of group `id`'s page.
pub fn group_href(id: &str) -> String {
    format!("/app/customer-groups/{id}")
}

/// A group page's failed read: a group that is not there is a 404 page with the way back;
/// anything else is said as it is.
#[component]
fn GroupError(error: PublicError) -> impl IntoView {
    if error.kind == ErrorKind::NotFound {
        set_status(404);
        view! {
            <h1>"Customer group not found"</h1>
            <p>"There is no customer group at this address. It may have been deleted."</p>
            <p><a href="/app/customer-groups">"All customer groups"</a></p>
        }
        .into_any()
    } else {
        view! {
            <h1>"Customer group"</h1>
            <p class="form-alert" role="alert">{error.friendly()}</p>
            <p><a href="/app/customer-groups">"All customer groups"</a></p>
        }
        .into_any()
    }
}
