//! The business rules, and the transactions that keep them. JSON handlers and server
//! functions both call these; nothing above this layer decides anything.

pub mod addresses;
pub mod admin_customers;
pub mod admin_users;
pub mod customer_groups;
pub mod customers;
pub mod identities;
pub mod mail;
pub mod order_import;
pub mod orders;
pub mod passwords;
pub mod publishable_keys;
mod reset_email;
pub mod seed;
pub mod v1_customers;
