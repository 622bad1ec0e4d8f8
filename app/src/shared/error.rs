//! The user-safe form of an error: what crosses the wire to a JSON client or a page. It holds
//! Medusa's error `type`, the message and, for invalid input, the problems per field.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};
use std::fmt;

use super::validation::{api_summary, Issue};

/// Medusa's error `type`s, plus the few an HTTP edge needs that Medusa has no name for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    InvalidData,
    NotAllowed,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    DuplicateError,
    PayloadTooLarge,
    UnsupportedMediaType,
    /// The request target (path and query) is longer than the edge accepts.
    UriTooLong,
    TooManyRequests,
    ServiceUnavailable,
    UnknownError,
}

impl ErrorKind {
    /// The HTTP status Medusa's error handler gives this type.
    pub fn status(self) -> u16 {
        match self {
            Self::InvalidData | Self::NotAllowed => 400,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Conflict => 409,
            Self::PayloadTooLarge => 413,
            Self::UriTooLong => 414,
            Self::UnsupportedMediaType => 415,
            Self::DuplicateError => 422,
            Self::TooManyRequests => 429,
            Self::ServiceUnavailable => 503,
            Self::UnknownError => 500,
        }
    }

    /// The `type` string on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidData => "invalid_data",
            Self::NotAllowed => "not_allowed",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::DuplicateError => "duplicate_error",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::UriTooLong => "uri_too_long",
            Self::TooManyRequests => "too_many_requests",
            Self::ServiceUnavailable => "service_unavailable",
            Self::UnknownError => "unknown_error",
        }
    }

    /// Medusa adds a `code` to a few types.
    pub fn code(self) -> Option<&'static str> {
        match self {
            Self::DuplicateError => Some("invalid_request_error"),
            Self::Conflict => Some("invalid_state_error"),
            Self::UnknownError => Some("unknown_error"),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicError {
    pub kind: ErrorKind,
    pub message: String,
    /// Field problems behind an `invalid_data` error, for forms to show inline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<Issue>,
    /// Seconds to wait before retrying (`too_many_requests`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// What a page form sent, so that the form shows it again as typed after a failed
    /// submission — also without JavaScript, where this error travels in the address the
    /// browser is sent back to. Never a password. The JSON API never shows it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub submitted: Vec<(String, String)>,
}

/// The most bytes of one submitted value an error carries back to its form: enough for
/// any valid value, and small enough that a form's values fit in an address.
pub const SUBMITTED_VALUE_MAX_BYTES: usize = 256;

impl PublicError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            issues: Vec::new(),
            retry_after: None,
            submitted: Vec::new(),
        }
    }

    pub fn invalid(issues: Vec<Issue>) -> Self {
        Self {
            kind: ErrorKind::InvalidData,
            message: api_summary(&issues),
            issues,
            retry_after: None,
            submitted: Vec::new(),
        }
    }

    pub fn unknown() -> Self {
        Self::new(ErrorKind::UnknownError, "An unknown error occurred.")
    }

    /// The problem with one form field, worded for a person.
    pub fn field_message(&self, field: &str) -> Option<String> {
        self.issues
            .iter()
            .find(|issue| issue.field == field)
            .map(Issue::ui_message)
    }

    /// This error carrying the values a form sent (each cut to
    /// [`SUBMITTED_VALUE_MAX_BYTES`] at a character boundary).
    pub fn with_submitted<'a>(
        mut self,
        values: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        self.submitted = values
            .into_iter()
            .map(|(field, value)| {
                let mut end = value.len().min(SUBMITTED_VALUE_MAX_BYTES);
                while !value.is_char_boundary(end) {
                    end -= 1;
                }
                (field.to_owned(), value[..end].to_owned())
            })
            .collect();
        self
    }

    /// The value the form sent for `field`, if this error carries it.
    pub fn submitted_value(&self, field: &str) -> Option<&str> {
        self.submitted
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.as_str())
    }

    /// The sentence a page shows for this error.
    pub fn friendly(&self) -> String {
        match self.kind {
            ErrorKind::InvalidData if !self.issues.is_empty() => {
                "Please correct the highlighted fields.".into()
            }
            ErrorKind::InvalidData
            | ErrorKind::NotAllowed
            | ErrorKind::Unauthorized
            | ErrorKind::DuplicateError => self.message.clone(),
            ErrorKind::Forbidden => {
                "This request was refused. Reload the page and try again.".into()
            }
            ErrorKind::NotFound => "We couldn't find what you were looking for.".into(),
            ErrorKind::Conflict => "Something changed at the same time. Please try again.".into(),
            ErrorKind::PayloadTooLarge => "That is more data than we accept in one go.".into(),
            ErrorKind::UnsupportedMediaType => "The form was sent in a way we don't accept.".into(),
            ErrorKind::UriTooLong => "That address is longer than we accept.".into(),
            ErrorKind::TooManyRequests => match self.retry_after {
                Some(secs) => format!("Too many attempts. Please try again in {secs} seconds."),
                None => "Too many attempts. Please wait a moment and try again.".into(),
            },
            ErrorKind::ServiceUnavailable => {
                "The service is briefly unavailable. Please try again in a moment.".into()
            }
            ErrorKind::UnknownError => "Something went wrong on our side. Please try again.".into(),
        }
    }
}

impl fmt::Display for PublicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.message)
    }
}

impl std::error::Error for PublicError {}

impl FromServerFnError for PublicError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message)
            | ServerFnErrorErr::MissingArg(message)
            | ServerFnErrorErr::Deserialization(message) => Self::new(
                ErrorKind::InvalidData,
                format!("Invalid request: {message}"),
            ),
            ServerFnErrorErr::Request(_) => Self::new(
                ErrorKind::ServiceUnavailable,
                "Could not reach the server. Check your connection and try again.",
            ),
            _ => Self::unknown(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::validation::IssueKind;

    #[test]
    fn statuses_follow_medusas_table() {
        assert_eq!(ErrorKind::InvalidData.status(), 400);
        assert_eq!(ErrorKind::NotAllowed.status(), 400);
        assert_eq!(ErrorKind::Unauthorized.status(), 401);
        assert_eq!(ErrorKind::NotFound.status(), 404);
        assert_eq!(ErrorKind::DuplicateError.status(), 422);
        assert_eq!(
            ErrorKind::DuplicateError.code(),
            Some("invalid_request_error")
        );
        assert_eq!(ErrorKind::UnknownError.status(), 500);
    }

    #[test]
    fn invalid_input_carries_field_messages_for_forms() {
        let error = PublicError::invalid(vec![Issue::new("email", IssueKind::InvalidEmail)]);
        assert_eq!(error.message, "Invalid request: Invalid email address");
        assert_eq!(
            error.field_message("email").unwrap(),
            "Enter a valid email address, like name@example.com."
        );
        assert_eq!(error.friendly(), "Please correct the highlighted fields.");
    }

    #[test]
    fn submitted_values_are_carried_bounded_and_round_trip() {
        let long = "é".repeat(200);
        let error = PublicError::new(ErrorKind::InvalidData, "x")
            .with_submitted([("city", "Oslo"), ("address_1", long.as_str())]);
        assert_eq!(error.submitted_value("city"), Some("Oslo"));
        let cut = error.submitted_value("address_1").unwrap();
        assert!(cut.len() <= SUBMITTED_VALUE_MAX_BYTES && long.starts_with(cut));
        assert_eq!(error.submitted_value("phone"), None);
        assert_eq!(PublicError::de(error.ser()), error);
    }

    #[test]
    fn round_trips_through_the_server_fn_encoding() {
        let error = PublicError::new(ErrorKind::Unauthorized, "Invalid email or password");
        assert_eq!(PublicError::de(error.ser()), error);
    }
}
