//! The back office's customer pages.

mod detail;
mod detail_address_delete;
mod detail_address_form;
mod detail_addresses;
mod detail_delete;
mod detail_groups;
mod detail_order;
mod detail_orders;
mod detail_profile;

pub use detail::CustomerDetailPage;
pub use detail_address_delete::CustomerDeleteAddressPage;
pub use detail_address_form::{CustomerEditAddressPage, CustomerNewAddressPage};
pub use detail_delete::CustomerDeletePage;
pub use detail_order::CustomerOrderPage;
