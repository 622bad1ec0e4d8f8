//! Request extractors whose every rejection is a Medusa-shaped error.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
};
use http::{header::CONTENT_TYPE, request::Parts, StatusCode};
use serde_json::{Map, Value};

use app::{
    error::Error,
    shared::{validation::wrong_type, Issue},
};

/// A JSON request body, parsed but not yet validated. An empty body reads as `{}`; any other
/// body must be `application/json` (a form or text body is refused, so a cross-site HTML form
/// can never reach a JSON route).
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(is_json_content_type);
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Error::PayloadTooLarge
            } else {
                Error::InvalidData(format!("Could not read the request body: {rejection}"))
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(Value::Object(Map::new())));
        }
        if is_json != Some(true) {
            return Err(Error::UnsupportedMediaType(
                "Content-Type must be application/json".into(),
            ));
        }
        serde_json::from_slice(&bytes)
            .map(Self)
            .map_err(|error| Error::InvalidData(format!("Invalid JSON in request body: {error}")))
    }
}

fn is_json_content_type(value: &str) -> bool {
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || (essence.len() > 5 && essence.to_ascii_lowercase().ends_with("+json"))
}

/// The query string as key/value pairs, for routes whose query Medusa validates strictly.
pub struct QueryParams(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        let query = parts.uri.query().unwrap_or_default();
        Ok(Self(
            form_urlencoded::parse(query.as_bytes())
                .map(|(key, value)| (key.into_owned(), value.into_owned()))
                .collect(),
        ))
    }
}

impl QueryParams {
    /// Takes the single value of `key`. Sent twice (or as `key[]`), it is the type error
    /// Medusa gives for an array where a string belongs.
    pub fn take_string(&mut self, key: &str, issues: &mut Vec<Issue>) -> Option<String> {
        let array_key = format!("{key}[]");
        let (values, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.0)
            .into_iter()
            .partition(|(k, _)| k == key || *k == array_key);
        self.0 = rest;
        let is_array = values.iter().any(|(k, _)| *k == array_key);
        match values.len() {
            0 => None,
            1 if !is_array => values.into_iter().next().map(|(_, v)| v),
            _ => {
                let joined: Vec<Value> =
                    values.into_iter().map(|(_, v)| Value::String(v)).collect();
                issues.push(Issue::new(key, wrong_type("string", &Value::Array(joined))));
                None
            }
        }
    }

    /// Reports every key not taken yet as unrecognized.
    pub fn finish(self, issues: Vec<Issue>) -> Result<(), Error> {
        let mut unknown: Vec<String> = Vec::new();
        for (key, _) in self.0 {
            let key = key.trim_end_matches("[]").to_owned();
            if !unknown.contains(&key) {
                unknown.push(key);
            }
        }
        super::validate::conclude(issues, unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_json_content_types() {
        assert!(is_json_content_type("application/json"));
        assert!(is_json_content_type("application/json; charset=utf-8"));
        assert!(is_json_content_type("Application/JSON"));
        assert!(is_json_content_type("application/merge-patch+json"));
        assert!(!is_json_content_type("text/plain"));
        assert!(!is_json_content_type("application/x-www-form-urlencoded"));
        assert!(!is_json_content_type("multipart/form-data; boundary=x"));
    }

    fn params(query: &str) -> QueryParams {
        QueryParams(
            form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    #[test]
    fn repeated_scalars_are_a_type_error() {
        let mut issues = Vec::new();
        let mut query = params("fields=a&fields=b");
        assert_eq!(query.take_string("fields", &mut issues), None);
        assert_eq!(
            issues[0].api_message(),
            "Expected type: 'string' for field 'fields', got: 'a,b'"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_query_string_parses_without_panicking(query in "\\PC{0,80}") {
            let mut issues = Vec::new();
            let mut parsed = params(&query);
            let _ = parsed.take_string("fields", &mut issues);
            let _ = parsed.finish(issues);
        }
    }

    #[test]
    fn unknown_keys_are_reported() {
        let mut issues = Vec::new();
        let mut query = params("fields=id&foo=bar&baz[]=1");
        assert_eq!(
            query.take_string("fields", &mut issues).as_deref(),
            Some("id")
        );
        let Err(Error::Validation(issues)) = query.finish(issues) else {
            panic!("expected a validation error");
        };
        let keys: Vec<_> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(keys, ["foo", "baz"]);
    }
}
