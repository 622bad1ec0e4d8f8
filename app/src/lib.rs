//! The customer-accounts application: pages, server functions and — behind the `ssr`
//! feature — the domain services and stores shared with the JSON API in `server`.
//!
//! Dependency direction: `pages → server_fns → services → stores`; `shared` depends on nothing.
#![recursion_limit = "256"]

pub mod shared;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod error;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod services;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod stores;

pub mod admin_session;
pub mod app;
pub mod components;
pub mod pages;
pub mod server_fns;
pub mod session;

pub use app::{shell, App};
