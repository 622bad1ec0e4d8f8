//! The axum server around the `app` crate: configuration, start-up, the route table, the
//! JSON adapters for Medusa's API and the HTTP edge.

pub mod admins;
pub mod api;
pub mod config;
pub mod http;
pub mod import_orders;
pub mod publishable_keys;
pub mod routes;
pub mod seed;
pub mod serve;
pub mod startup;
pub mod telemetry;
pub mod wire;
