//! One module per screen.

pub mod account;
pub mod admin;
mod home;
mod not_found;

pub use home::HomePage;
pub use not_found::NotFoundPage;
