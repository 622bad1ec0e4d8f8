//! `/admin/*`: the back office's API (Medusa's admin routes, actor `user`). Every route
//! takes an [`app::auth::AdminActor`]: a customer's token or cookie is a 401 here. No
//! publishable key is needed.

pub mod customer_addresses;
pub mod customer_groups;
pub mod customers;
pub mod customers_export;
pub mod orders;
pub mod users;
