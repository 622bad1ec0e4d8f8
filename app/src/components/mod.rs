//! Widgets shared by several pages.

mod form;
mod header;

pub use form::{FormAlert, FormField};
pub use header::Header;
