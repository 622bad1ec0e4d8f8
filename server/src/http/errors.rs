//! Error responses the router itself produces (unknown routes, oversized bodies, timeouts,
//! panics), made to look like every other error of the JSON API.

use axum::{
    body::Body,
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{header::CONTENT_TYPE, Method, StatusCode, Uri};

use app::shared::{ErrorKind, PublicError};

/// Paths answered by the JSON API rather than by pages.
pub fn is_api_path(path: &str) -> bool {
    ["/auth", "/store", "/admin"].iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }) || path == "/health"
}

/// No route for this method and path. Medusa (Express) answers a wrong method on a known
/// path the same way as an unknown path.
pub fn route_not_found(method: &Method, uri: &Uri) -> Response {
    PublicError::new(
        ErrorKind::NotFound,
        format!("Cannot {method} {}", uri.path()),
    )
    .into_medusa_response()
}

/// Rewrites the bodiless or plain-text errors that layers produce (413 from the body limit,
/// 408 from the timeout, 431, …) on API paths into Medusa's JSON error body.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let api = is_api_path(request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    if !api || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if is_json {
        return response;
    }
    let retry_after = response.headers().get(http::header::RETRY_AFTER).cloned();
    let kind = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ErrorKind::PayloadTooLarge,
        StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE => {
            ErrorKind::ServiceUnavailable
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorKind::UnsupportedMediaType,
        StatusCode::TOO_MANY_REQUESTS => ErrorKind::TooManyRequests,
        StatusCode::UNAUTHORIZED => ErrorKind::Unauthorized,
        StatusCode::FORBIDDEN => ErrorKind::Forbidden,
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => ErrorKind::NotFound,
        status if status.is_client_error() => ErrorKind::InvalidData,
        _ => ErrorKind::UnknownError,
    };
    let message = match kind {
        ErrorKind::PayloadTooLarge => "The request body is larger than this server accepts.",
        ErrorKind::ServiceUnavailable => "The request took too long. Please try again.",
        ErrorKind::UnknownError => "An unknown error occurred.",
        _ => status.canonical_reason().unwrap_or("Bad request"),
    };
    let mut rewritten = PublicError::new(kind, message).into_medusa_response();
    if let Some(value) = retry_after {
        rewritten
            .headers_mut()
            .insert(http::header::RETRY_AFTER, value);
    }
    rewritten
}

/// A panic in a handler becomes a generic 500; the process keeps serving.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "handler panicked");
    PublicError::unknown()
        .into_medusa_response()
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_are_told_from_pages() {
        for path in ["/auth/session", "/store/customers/me", "/admin", "/health"] {
            assert!(is_api_path(path), "{path}");
        }
        for path in ["/", "/account", "/api/login", "/storefront", "/pkg/x.wasm"] {
            assert!(!is_api_path(path), "{path}");
        }
    }
}
