//! Cross-origin resource sharing for storefronts and apps served from other origins, as
//! Medusa does it: `STORE_CORS` covers `/store/*`, `AUTH_CORS` covers `/auth/*`. An allowed
//! origin gets its own origin echoed with credentials; any other origin gets no CORS headers,
//! so the browser keeps the response from it.

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use regex::Regex;
use std::{str::FromStr, sync::Arc};

/// The methods a preflight allows (Medusa's list).
const ALLOWED_METHODS: &str = "GET,HEAD,PUT,PATCH,POST,DELETE";

/// One entry of an allow-list: an exact origin, or `/pattern/` matched as a regular
/// expression (Medusa's notation).
#[derive(Clone, Debug)]
enum OriginRule {
    Exact(String),
    Pattern(Regex),
}

impl OriginRule {
    fn matches(&self, origin: &str) -> bool {
        match self {
            Self::Exact(allowed) => allowed == origin,
            Self::Pattern(pattern) => pattern.is_match(origin),
        }
    }
}

/// A comma-separated allow-list such as `http://localhost:8000,/\.vercel\.app$/`.
/// Empty means no other origin is allowed.
#[derive(Clone, Debug, Default)]
pub struct CorsOrigins(Arc<[OriginRule]>);

impl CorsOrigins {
    pub fn allows(&self, origin: &str) -> bool {
        self.0.iter().any(|rule| rule.matches(origin))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromStr for CorsOrigins {
    type Err = String;

    fn from_str(list: &str) -> Result<Self, Self::Err> {
        let mut rules = Vec::new();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let rule = match entry.strip_prefix('/').and_then(|e| e.strip_suffix('/')) {
                Some(pattern) => Regex::new(pattern)
                    .map(OriginRule::Pattern)
                    .map_err(|error| format!("{entry:?} is not a valid pattern: {error}"))?,
                None => {
                    // Browsers never send a trailing slash; people often write one.
                    let origin = entry.strip_suffix('/').unwrap_or(entry);
                    if !is_origin(origin) {
                        return Err(format!(
                            "{entry:?} is not an origin like https://shop.example.com \
                             or a /pattern/"
                        ));
                    }
                    OriginRule::Exact(origin.to_owned())
                }
            };
            rules.push(rule);
        }
        Ok(Self(rules.into()))
    }
}

/// `scheme://host[:port]` with an http(s) scheme and nothing after the authority.
pub fn is_origin(candidate: &str) -> bool {
    let Some((scheme, authority)) = candidate.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !authority.is_empty()
        && !authority.contains(['/', '?', '#', ' ', '@'])
}

/// Which allow-list covers which paths.
#[derive(Clone, Debug, Default)]
pub struct CorsPolicy {
    pub store: CorsOrigins,
    pub auth: CorsOrigins,
}

impl CorsPolicy {
    fn for_path(&self, path: &str) -> Option<&CorsOrigins> {
        if path.starts_with("/store/") {
            Some(&self.store)
        } else if path.starts_with("/auth/") {
            Some(&self.auth)
        } else {
            None
        }
    }

    /// Whether `origin` is allowed to call `path` from its pages (and so to write with the
    /// session cookie).
    pub fn trusts(&self, path: &str, origin: &str) -> bool {
        self.for_path(path)
            .is_some_and(|origins| origins.allows(origin))
    }
}

/// Answers preflights and marks responses for allowed origins.
pub async fn cors(State(policy): State<CorsPolicy>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let Some(origins) = policy.for_path(path) else {
        return next.run(request).await;
    };
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .filter(|origin| origin.to_str().is_ok_and(|o| origins.allows(o)))
        .cloned();
    if is_preflight(&request) {
        return preflight(origin, request.headers());
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        allow(headers, origin);
    }
    response
}

fn is_preflight(request: &Request) -> bool {
    request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

fn preflight(allowed_origin: Option<HeaderValue>, request: &HeaderMap) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Origin, Access-Control-Request-Headers"),
    );
    let Some(origin) = allowed_origin else {
        return response;
    };
    allow(headers, origin);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOWED_METHODS),
    );
    if let Some(requested) = request.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested.clone());
    }
    response
}

fn allow(headers: &mut HeaderMap, origin: HeaderValue) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_origins_and_patterns() {
        let origins: CorsOrigins =
            "http://localhost:8000, https://shop.example.com/,/\\.vercel\\.app$/"
                .parse()
                .unwrap();
        assert!(origins.allows("http://localhost:8000"));
        assert!(origins.allows("https://shop.example.com"));
        assert!(origins.allows("https://preview-1.vercel.app"));
        assert!(!origins.allows("http://localhost:8001"));
        assert!(!origins.allows("https://vercel.app.evil.example"));
        assert!(!origins.allows("null"));
    }

    #[test]
    fn empty_allows_nothing() {
        let origins: CorsOrigins = "".parse().unwrap();
        assert!(origins.is_empty());
        assert!(!origins.allows("http://localhost:8000"));
    }

    #[test]
    fn refuses_what_is_not_an_origin() {
        for bad in [
            "localhost:8000",
            "ftp://files.example.com",
            "https://shop.example.com/path",
            "https://",
            "/(unclosed/",
        ] {
            assert!(bad.parse::<CorsOrigins>().is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn each_list_covers_its_own_paths() {
        let policy = CorsPolicy {
            store: "http://store.test".parse().unwrap(),
            auth: "http://auth.test".parse().unwrap(),
        };
        assert!(policy.trusts("/store/customers/me", "http://store.test"));
        assert!(!policy.trusts("/store/customers/me", "http://auth.test"));
        assert!(policy.trusts("/auth/session", "http://auth.test"));
        assert!(!policy.trusts("/api/update_profile", "http://store.test"));
        assert!(!policy.trusts("/account", "http://store.test"));
    }
}
