//! The only place that speaks SQL: one module per aggregate, each function one statement or
//! a short fixed sequence. Both backends run the same SQL text (`$N` placeholders, portable
//! types); where a statement must differ it branches inside the function, and nowhere else.

pub mod addresses;
pub mod admin_customers;
pub mod admin_users;
pub mod bulk_customers;
pub mod customer_groups;
pub mod customer_list;
pub mod customer_relations;
pub mod customer_search;
pub mod customers;
pub mod db;
pub mod email_outbox;
pub mod identities;
pub mod known_clients;
pub mod orders;
pub mod paging;
pub mod publishable_keys;
pub mod reset_tokens;
pub mod session_owners;
pub mod sessions;
pub mod throttle;

pub use db::{Backend, Db, DbOptions, Tx};
