//! The back office's customer pages: the list (`/app/customers`), the new-customer form
//! (`/app/customers/new`) and, beside them, each customer's own page
//! (`/app/customers/{id}`) with its sub-pages: the address form, the confirmations before
//! deleting an address or the customer, and one of its orders.

mod detail;
mod detail_address_delete;
mod detail_address_form;
mod detail_addresses;
mod detail_delete;
mod detail_groups;
mod detail_order;
mod detail_orders;
mod detail_profile;
mod list;
mod new;

pub use detail::CustomerDetailPage;
pub use detail_address_delete::CustomerDeleteAddressPage;
pub use detail_address_form::{CustomerEditAddressPage, CustomerNewAddressPage};
pub use detail_delete::CustomerDeletePage;
pub use detail_order::CustomerOrderPage;
pub use list::CustomersPage;
pub use new::NewCustomerPage;

/// The address of customer `id`'s page.
pub fn customer_href(id: &str) -> String {
    format!("/app/customers/{id}")
}
