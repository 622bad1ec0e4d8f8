//! Widgets shared by several pages.

mod address_form;
mod address_text;
mod form;
mod header;
mod order_parts;
mod order_view;

pub use address_form::{AddressFields, ErrorSummary};
pub use address_text::{address_label, address_lines, AddressText};
pub use form::{FormAlert, FormField};
pub use header::Header;
pub use order_parts::{item_count_label, order_address_lines, OrderDate, StatusText};
pub use order_view::OrderView;
