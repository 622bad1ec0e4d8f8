//! Errors of forms sent without JavaScript travel in the address: a failed server function
//! answers with a redirect back to the form's page, and Leptos puts the error in that
//! address (`?__path=…&__err=…`) for the page to show. Anyone can write such an address, so
//! a crafted link could make our page show any text. This module keeps only the errors we
//! produced for this browser: the redirect also sets a short-lived cookie holding a digest
//! of the error, and a page address whose error does not match the browser's cookie is
//! redirected to the same address without it.

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use http::{
    header::{CACHE_CONTROL, LOCATION, SET_COOKIE},
    HeaderValue, Method,
};

use app::auth::cookie::{cookie_value, sha256_hex};

use super::errors::is_api_path;

const PATH_KEY: &str = "__path";
const ERROR_KEY: &str = "__err";
/// How long a page may show the error after the failed submission (a reload shows it again).
const MAX_AGE_SECS: u32 = 600;

#[derive(Clone, Copy, Debug)]
pub struct FormErrorCookie {
    /// Secure cookies are `__Host-` prefixed, like the session cookie.
    pub secure: bool,
}

impl FormErrorCookie {
    fn name(self) -> &'static str {
        if self.secure {
            "__Host-form-error"
        } else {
            "form-error"
        }
    }
}

pub async fn verify_form_errors(
    State(cookie): State<FormErrorCookie>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if request.method() == Method::GET && !is_api_path(path) {
        if let Some(query) = request.uri().query() {
            if let Some(error) = error_in(query) {
                let vouched = cookie_value(request.headers(), cookie.name());
                if vouched != Some(digest(&error).as_str()) {
                    return without_error(path, query);
                }
            }
        }
        return next.run(request).await;
    }
    let from_server_function = request.method() == Method::POST && path.starts_with("/api/");
    let mut response = next.run(request).await;
    if from_server_function && response.status().is_redirection() {
        let error = response
            .headers()
            .get(LOCATION)
            .and_then(|location| location.to_str().ok())
            .and_then(|location| location.split_once('?'))
            .and_then(|(_, query)| error_in(query));
        if let Some(error) = error {
            let mut value = format!(
                "{}={}; Path=/; Max-Age={MAX_AGE_SECS}; HttpOnly; SameSite=Lax",
                cookie.name(),
                digest(&error)
            );
            if cookie.secure {
                value.push_str("; Secure");
            }
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.headers_mut().append(SET_COOKIE, value);
            }
        }
    }
    response
}

/// The form error an address carries: the server function's path and the encoded error.
#[derive(Debug, PartialEq, Eq)]
struct FormError {
    path: String,
    error: String,
}

fn error_in(query: &str) -> Option<FormError> {
    let mut path = None;
    let mut error = None;
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            PATH_KEY => path = Some(value.into_owned()),
            ERROR_KEY => error = Some(value.into_owned()),
            _ => {}
        }
    }
    match (path, error) {
        (None, None) => None,
        (path, error) => Some(FormError {
            path: path.unwrap_or_default(),
            error: error.unwrap_or_default(),
        }),
    }
}

fn digest(error: &FormError) -> String {
    sha256_hex(&[error.path.as_bytes(), error.error.as_bytes()])
}

/// The same page without the error: a redirect, so the browser's address (which the
/// hydrated page reads too) no longer carries it.
fn without_error(path: &str, query: &str) -> Response {
    let kept: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .filter(|(key, _)| key != PATH_KEY && key != ERROR_KEY)
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    let mut target = path.to_owned();
    if !kept.is_empty() {
        target.push('?');
        target.push_str(
            &form_urlencoded::Serializer::new(String::new())
                .extend_pairs(kept)
                .finish(),
        );
    }
    let mut response = Redirect::to(&target).into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_error_pair_and_ignores_the_rest() {
        assert_eq!(error_in("page=2"), None);
        assert_eq!(
            error_in("page=2&__path=%2Fapi%2Flogin&__err=abc%3D"),
            Some(FormError {
                path: "/api/login".into(),
                error: "abc=".into()
            })
        );
        assert!(
            error_in("__err=x").is_some(),
            "half a pair is still checked"
        );
    }

    #[test]
    fn the_digest_binds_path_and_error() {
        let a = FormError {
            path: "/api/a".into(),
            error: "b".into(),
        };
        let b = FormError {
            path: "/api/a".into(),
            error: "c".into(),
        };
        let c = FormError {
            path: "/api/ab".into(),
            error: String::new(),
        };
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(digest(&a), digest(&b));
        assert_ne!(digest(&a), digest(&c));
    }

    #[test]
    fn the_clean_address_keeps_other_parameters() {
        let response = without_error("/account", "saved=1&__path=%2Fapi%2Fx&__err=y");
        assert_eq!(response.headers()[LOCATION], "/account?saved=1");
        let response = without_error("/account/login", "__err=y");
        assert_eq!(response.headers()[LOCATION], "/account/login");
    }
}
