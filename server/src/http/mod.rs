//! The HTTP edge: extractors that own their rejections, error rendering, and middleware.
//! No business rules live here.

pub mod cors;
pub mod errors;
pub mod extract;
pub mod form_errors;
pub mod middleware;
pub mod publishable_key;
pub mod validate;
