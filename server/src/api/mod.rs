//! JSON adapters for Medusa's routes: decode the request, identify the caller, call one
//! service, shape the response. One module per Medusa area.

pub mod admin;
pub mod auth;
pub mod health;
pub mod store;
