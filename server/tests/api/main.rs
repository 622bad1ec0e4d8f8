//! API integration tests: each test starts the real server on 127.0.0.1:0 over a fresh
//! database and speaks HTTP to it — once on SQLite and once on PostgreSQL.

#[macro_use]
mod helpers;

mod address_pages;
pub mod admin_auth;
mod admin_customer_addresses;
mod admin_customer_export;
mod admin_customer_groups;
mod admin_customer_list;
mod admin_customer_pages;
mod admin_customer_search;
mod admin_customers;
pub mod admin_helpers;
mod admin_orders;
mod admin_pages;
mod admin_users;
mod auth_emailpass;
mod auth_session;
mod auth_token_refresh;
mod concurrency;
mod cors;
mod cross_site;
mod durability;
mod edge;
mod email;
pub mod email_helpers;
mod errors;
mod form_errors;
mod import_orders;
mod order_pages;
mod outage;
mod password_pages;
mod passwords;
mod process;
mod publishable_keys;
mod queries;
mod shutdown;
mod startup;
mod store_addresses;
mod store_customers;
mod store_customers_me;
pub mod store_orders;
mod store_v1_auth;
mod store_v1_customers;
mod throttle;
