//! `/store/*`: what a shop's customers do through a storefront.

pub mod addresses;
pub mod customers;
pub mod orders;
pub mod v1_auth;
pub mod v1_customers;
