//! The back office's customer pages: the list (`/app/customers`), the new-customer form
//! (`/app/customers/new`) and, beside them, each customer's own page.

mod list;
mod new;

pub use list::CustomersPage;
pub use new::NewCustomerPage;

/// The address of customer `id`'s page.
pub fn customer_href(id: &str) -> String {
    format!("/app/customers/{id}")
}
