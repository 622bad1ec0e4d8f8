//! The domain's one error type. Every adapter maps it once: the JSON edge to Medusa's
//! `{type, message}` body and status, the page edge to a [`PublicError`] with a friendly text.
//! Internal causes are logged by the edge and never sent.

use crate::shared::{error::ErrorKind, validation::Issue, PublicError};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that fails validation, field by field.
    #[error("invalid request")]
    Validation(Vec<Issue>),
    /// A business rule refused valid-looking input.
    #[error("{0}")]
    InvalidData(String),
    #[error("{0}")]
    NotAllowed(String),
    /// No usable credential on a route that needs one (Medusa's middleware 401).
    #[error("unauthenticated")]
    Unauthenticated,
    /// A credential check failed with a reason worth telling (wrong password, email taken).
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Duplicate(String),
    /// The request body is over the configured limit.
    #[error("payload too large")]
    PayloadTooLarge,
    /// The body is not in a format the route accepts (JSON routes take only JSON).
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// A dependency (the database) is down or saturated: try again later.
    #[error("service unavailable")]
    Unavailable(#[source] BoxError),
    #[error("internal error")]
    Internal(#[source] BoxError),
}

impl Error {
    pub fn internal(source: impl Into<BoxError>) -> Self {
        Self::Internal(source.into())
    }

    pub fn invalid_field(field: &str, kind: crate::shared::IssueKind) -> Self {
        Self::Validation(vec![Issue::new(field, kind)])
    }

    /// A refused list `order`, as every list route answers it: 400 `invalid_data` with the
    /// issue's own text (`Order field x is not valid`), naming the parameter.
    pub fn bad_order(kind: crate::shared::IssueKind) -> Self {
        match kind {
            crate::shared::IssueKind::Other(message) => Self::InvalidData(message),
            other => Self::invalid_field("order", other),
        }
    }

    /// Whether this is our fault (logged at error level) rather than the caller's.
    pub fn is_server_fault(&self) -> bool {
        matches!(self, Self::Internal(_) | Self::Unavailable(_))
    }

    /// The form that may be shown to the caller.
    pub fn public(&self) -> PublicError {
        match self {
            Self::Validation(issues) => PublicError::invalid(issues.clone()),
            Self::InvalidData(message) => PublicError::new(ErrorKind::InvalidData, message),
            Self::NotAllowed(message) => PublicError::new(ErrorKind::NotAllowed, message),
            Self::Unauthenticated => PublicError::new(ErrorKind::Unauthorized, "Unauthorized"),
            Self::Unauthorized(message) => PublicError::new(ErrorKind::Unauthorized, message),
            Self::Forbidden(message) => PublicError::new(ErrorKind::Forbidden, message),
            Self::NotFound(message) => PublicError::new(ErrorKind::NotFound, message),
            Self::Duplicate(message) => PublicError::new(ErrorKind::DuplicateError, message),
            Self::PayloadTooLarge => PublicError::new(
                ErrorKind::PayloadTooLarge,
                "The request body is larger than this server accepts.",
            ),
            Self::UnsupportedMediaType(message) => {
                PublicError::new(ErrorKind::UnsupportedMediaType, message)
            }
            Self::TooManyRequests { retry_after_secs } => PublicError {
                retry_after: Some(*retry_after_secs),
                ..PublicError::new(
                    ErrorKind::TooManyRequests,
                    "Too many requests. Please try again later.",
                )
            },
            Self::Unavailable(_) => PublicError::new(
                ErrorKind::ServiceUnavailable,
                "The service is temporarily unavailable. Please try again shortly.",
            ),
            Self::Internal(_) => PublicError::unknown(),
        }
    }
}

impl From<Error> for PublicError {
    fn from(error: Error) -> Self {
        crate::error::log(&error);
        error.public()
    }
}

/// Records an error inside the current request span: our faults at error level with their
/// cause chain, the caller's mistakes at debug level.
pub fn log(error: &Error) {
    if error.is_server_fault() {
        let mut causes = Vec::new();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            causes.push(cause.to_string());
            source = cause.source();
        }
        tracing::error!(error = %error, causes = ?causes, "request failed");
    } else {
        tracing::debug!(error = %error, "request refused");
    }
}

impl From<tower_sessions::session::Error> for Error {
    fn from(error: tower_sessions::session::Error) -> Self {
        match error {
            tower_sessions::session::Error::Store(store) => Self::Unavailable(Box::new(store)),
            other => Self::Internal(other.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_details_never_reach_the_public_form() {
        let error = Error::internal(std::io::Error::other("disk on fire at /var/lib/db"));
        let public = error.public();
        assert_eq!(public.kind, ErrorKind::UnknownError);
        assert!(!public.message.contains("disk"));
    }

    #[test]
    fn unauthenticated_reads_like_medusas_middleware() {
        let public = Error::Unauthenticated.public();
        assert_eq!(public.kind.status(), 401);
        assert_eq!(public.message, "Unauthorized");
    }
}

/// Medusa's error body: `{"code"?, "type", "message"}`, keys in Medusa's order.
#[derive(serde::Serialize)]
struct MedusaBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    #[serde(rename = "type")]
    kind: &'static str,
    message: &'a str,
}

impl PublicError {
    /// This error as Medusa's JSON error response.
    pub fn into_medusa_response(self) -> axum::response::Response {
        use axum::response::IntoResponse;
        let status = http::StatusCode::from_u16(self.kind.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let body = MedusaBody {
            code: self.kind.code(),
            kind: self.kind.as_str(),
            message: &self.message,
        };
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
        response
    }
}

impl axum::response::IntoResponse for Error {
    fn into_response(self) -> axum::response::Response {
        log(&self);
        self.public().into_medusa_response()
    }
}
