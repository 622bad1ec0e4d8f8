//! Cross-cutting request handling: the same-origin rule for cookie-authenticated writes,
//! and the security headers every response carries.

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};
use std::sync::Arc;

use super::{cors::CorsPolicy, errors::is_api_path};
use app::shared::{ErrorKind, PublicError};

/// What the same-origin check needs to know.
#[derive(Clone, Debug)]
pub struct SameOriginPolicy {
    /// The configured public origin, e.g. `https://shop.example.com`.
    pub origin: Arc<str>,
    /// The session cookie's name: a request carrying it is cookie-authenticated.
    pub cookie_name: Arc<str>,
    /// Other origins allowed to call some routes from their pages (`STORE_CORS`, …).
    pub cors: CorsPolicy,
}

/// Refuses cross-site writes that a browser could make with the visitor's session cookie
/// (CSRF), including sign-in and sign-up forms (login CSRF) and every server function.
///
/// A request is allowed when the browser says it is same-origin (`Sec-Fetch-Site`), or,
/// for browsers that do not send that header, when `Origin` is our own, or when `Origin` is
/// one the CORS configuration trusts for that route. Requests with neither header do not
/// come from a browser page and pass; so do bearer-token requests without the session
/// cookie, which no other site can forge.
pub async fn same_origin_writes(
    State(policy): State<SameOriginPolicy>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method();
    if method.is_safe() {
        return next.run(request).await;
    }
    let headers = request.headers();
    let path = request.uri().path();
    let cookie_authenticated = carries_cookie(headers, &policy.cookie_name);
    let browser_form = path.starts_with("/api/");
    let trusted_origin = || {
        headers
            .get(header::ORIGIN)
            .and_then(|origin| origin.to_str().ok())
            .is_some_and(|origin| policy.cors.trusts(path, origin))
    };
    if !(cookie_authenticated || browser_form)
        || is_same_origin(headers, &policy.origin)
        || trusted_origin()
    {
        return next.run(request).await;
    }
    tracing::warn!(
        path,
        origin = ?headers.get(header::ORIGIN),
        sec_fetch_site = ?headers.get("sec-fetch-site"),
        "cross-site write refused"
    );
    let mut response = if is_api_path(path) || !accepts_html(headers) {
        PublicError::new(
            ErrorKind::Forbidden,
            "Cross-site requests are not allowed for this session.",
        )
        .into_medusa_response()
    } else {
        (http::StatusCode::FORBIDDEN, Html(REFUSED_PAGE)).into_response()
    };
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("Origin, Sec-Fetch-Site"),
    );
    response
}

/// Longest request target (path and query string) accepted, in bytes: a query may carry a
/// `fields` list and filters, not a document. Longer gets 414 before any routing or parsing.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// Refuses request targets longer than [`MAX_URI_BYTES`].
pub async fn uri_limit(request: Request, next: Next) -> Response {
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    if length <= MAX_URI_BYTES {
        return next.run(request).await;
    }
    let message = format!("The request URI is longer than {MAX_URI_BYTES} bytes.");
    if is_api_path(request.uri().path()) {
        PublicError::new(ErrorKind::UriTooLong, message).into_medusa_response()
    } else {
        (http::StatusCode::URI_TOO_LONG, message).into_response()
    }
}

const REFUSED_PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Request refused · Customer accounts</title></head><body><main>\
<h1>This request was refused</h1><p>The form was sent from another website, so we did not \
act on it. If you meant to do this, go back to our site and try again there.</p>\
<p><a href=\"/\">Go to the start page</a></p></main></body></html>";

fn carries_cookie(headers: &HeaderMap, name: &str) -> bool {
    app::auth::cookie::cookie_value(headers, name).is_some()
}

fn accepts_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("text/html"))
}

/// `Sec-Fetch-Site: same-origin|none`, or no such header and an `Origin` that is ours (the
/// configured public origin, or the origin the request was addressed to), or no `Origin`.
fn is_same_origin(headers: &HeaderMap, public_origin: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    if origin == public_origin {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, host)| host);
    host.is_some() && origin_host == host
}

/// Headers every response carries. Pages also get a Content-Security-Policy (set where
/// they are rendered, because it carries the page's script nonce).
pub async fn security_headers(request: Request, next: Next) -> Response {
    // The built assets are the same for everyone and may be cached; nothing else may be.
    let cacheable = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // A page may ask for less (the reset link's `no-referrer`), never for more.
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !cacheable {
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    const ORIGIN: &str = "http://127.0.0.1:3000";

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(is_same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            ORIGIN
        ));
        assert!(is_same_origin(
            &headers(&[("sec-fetch-site", "none")]),
            ORIGIN
        ));
        assert!(!is_same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            ORIGIN
        ));
        assert!(!is_same_origin(
            &headers(&[("sec-fetch-site", "same-site"), ("origin", ORIGIN)]),
            ORIGIN
        ));
    }

    #[test]
    fn origin_decides_without_fetch_metadata() {
        assert!(is_same_origin(&headers(&[("origin", ORIGIN)]), ORIGIN));
        assert!(is_same_origin(
            &headers(&[
                ("origin", "http://localhost:3000"),
                ("host", "localhost:3000")
            ]),
            ORIGIN
        ));
        assert!(!is_same_origin(
            &headers(&[("origin", "https://evil.example")]),
            ORIGIN
        ));
        assert!(!is_same_origin(&headers(&[("origin", "null")]), ORIGIN));
        assert!(
            is_same_origin(&headers(&[]), ORIGIN),
            "not from a browser page"
        );
    }

    #[test]
    fn finds_the_session_cookie_among_others() {
        let h = headers(&[("cookie", "theme=dark; connect.sid=abc")]);
        assert!(carries_cookie(&h, "connect.sid"));
        assert!(!carries_cookie(&h, "sid"));
        assert!(!carries_cookie(&headers(&[]), "connect.sid"));
    }
}
