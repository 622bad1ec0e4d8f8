//! Request extractors whose every rejection is a Medusa-shaped error.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
};
use http::{header::CONTENT_TYPE, request::Parts, StatusCode};
use serde_json::{Map, Value};
use std::collections::HashSet;

use app::{
    error::Error,
    shared::{list, validation::wrong_type, Compare, DateBound, Issue, IssueKind},
};

/// The parameters every v2 list takes, read but not yet applied: `fields`, `limit`,
/// `offset`, `order`, and `with_deleted` (validated and, as in Medusa, without effect:
/// deleted rows never show).
#[derive(Debug, Default)]
pub struct Paging {
    pub fields: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    pub order: Option<String>,
}

/// A JSON request body, parsed but not yet validated. A request that names a content type
/// must name JSON (`application/json` or `…+json`), whether or not it has a body: a form or
/// text request is refused with 415, so a cross-site HTML form can never reach a JSON route.
/// An empty body with a JSON content type, or with none at all, reads as `{}`.
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
        let empty = bytes.iter().all(u8::is_ascii_whitespace);
        match is_json {
            Some(true) => {}
            None if empty => {}
            _ => {
                return Err(Error::UnsupportedMediaType(
                    "Content-Type must be application/json".into(),
                ))
            }
        }
        if empty {
            return Ok(Self(Value::Object(Map::new())));
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

/// The query string, for routes whose query Medusa validates strictly. Nothing is parsed
/// until the handler asks, so a route can authenticate the caller first. Parsing and
/// validating are linear in the query's length (which the edge bounds, see
/// `middleware::uri_limit`).
pub struct QueryParams {
    raw: Option<String>,
    pairs: Vec<(String, String)>,
}

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        Ok(Self::new(parts.uri.query().unwrap_or_default()))
    }
}

impl QueryParams {
    fn new(query: &str) -> Self {
        Self {
            raw: Some(query.to_owned()),
            pairs: Vec::new(),
        }
    }

    fn pairs(&mut self) -> &mut Vec<(String, String)> {
        if let Some(raw) = self.raw.take() {
            self.pairs = form_urlencoded::parse(raw.as_bytes())
                .map(|(key, value)| (key.into_owned(), value.into_owned()))
                .collect();
        }
        &mut self.pairs
    }

    /// Takes the single value of `key`. Sent twice (or as `key[]`), it is the type error
    /// Medusa gives for an array where a string belongs.
    pub fn take_string(&mut self, key: &str, issues: &mut Vec<Issue>) -> Option<String> {
        let array_key = format!("{key}[]");
        let (values, rest): (Vec<_>, Vec<_>) = std::mem::take(self.pairs())
            .into_iter()
            .partition(|(k, _)| k == key || *k == array_key);
        self.pairs = rest;
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

    /// Every value of a string-or-array key: `k=a`, `k=a&k=b`, `k[]=a&k[]=b`. A lone
    /// `k[]=a,b` is split on its commas, as Medusa's query normaliser does.
    pub fn take_strings(&mut self, key: &str) -> Vec<String> {
        let array_key = format!("{key}[]");
        let (values, rest): (Vec<_>, Vec<_>) = std::mem::take(self.pairs())
            .into_iter()
            .partition(|(k, _)| k == key || *k == array_key);
        self.pairs = rest;
        match values.as_slice() {
            [(k, value)] if *k == array_key => value.split(',').map(str::to_owned).collect(),
            _ => values.into_iter().map(|(_, value)| value).collect(),
        }
    }

    /// As [`Self::take_strings`], also taking `key[0]=a&key[1]=b` (the indexed array form
    /// `qs` parses, which Medusa's admin clients send for `groups`).
    pub fn take_list(&mut self, key: &str) -> Vec<String> {
        let mut values = self.take_strings(key);
        let indexed = |k: &str| {
            k.strip_prefix(key)
                .and_then(|rest| rest.strip_prefix('['))
                .and_then(|rest| rest.strip_suffix(']'))
                .is_some_and(|index| !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()))
        };
        let (taken, rest): (Vec<_>, Vec<_>) = std::mem::take(self.pairs())
            .into_iter()
            .partition(|(k, _)| indexed(k));
        self.pairs = rest;
        values.extend(taken.into_iter().map(|(_, value)| value));
        values
    }

    /// An operator map, `key[$op]=v` or dotted `key.$op=v`: each `(op, v)` in query order,
    /// `op` without its `$`. The caller keeps the operators it knows and drops the rest, as
    /// Medusa does.
    pub fn take_operators(&mut self, key: &str) -> Vec<(String, String)> {
        let operator = |k: &str| -> Option<String> {
            let rest = k.strip_prefix(key)?;
            let op = rest
                .strip_prefix("[$")
                .and_then(|r| r.strip_suffix(']'))
                .or_else(|| rest.strip_prefix(".$"))?;
            Some(op.to_owned())
        };
        let (values, rest): (Vec<_>, Vec<_>) = std::mem::take(self.pairs())
            .into_iter()
            .partition(|(k, _)| operator(k).is_some());
        self.pairs = rest;
        values
            .into_iter()
            .filter_map(|(k, v)| operator(&k).map(|op| (op, v)))
            .collect()
    }

    /// A whole number of at least zero (`limit`, `offset`).
    pub fn take_count(&mut self, key: &str, issues: &mut Vec<Issue>) -> Option<i64> {
        let raw = self.take_string(key, issues)?;
        match raw.trim().parse::<i64>() {
            Ok(n) if n >= 0 => Some(n),
            Ok(_) => {
                issues.push(Issue::new(key, IssueKind::TooShort { min: 0 }));
                None
            }
            Err(_) => {
                issues.push(Issue::new(key, wrong_type("number", &Value::String(raw))));
                None
            }
        }
    }

    /// `true` or `false` in any case.
    pub fn take_bool(&mut self, key: &str, issues: &mut Vec<Issue>) -> Option<bool> {
        let raw = self.take_string(key, issues)?;
        match raw.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                issues.push(Issue::new(key, IssueKind::Other("Invalid input".into())));
                None
            }
        }
    }

    /// The list parameters every v2 list shares (see [`Paging`]).
    pub fn take_paging(&mut self, issues: &mut Vec<Issue>) -> Paging {
        let paging = Paging {
            fields: self.take_string("fields", issues),
            limit: self.take_count("limit", issues),
            offset: self.take_count("offset", issues),
            order: self.take_string("order", issues),
        };
        let _with_deleted = self.take_bool("with_deleted", issues);
        paging
    }

    /// `key[$gte]=…` and its kin: `$eq`, `$ne`, `$gt`, `$gte`, `$lt`, `$lte` with an RFC 3339
    /// time or a date (midnight UTC); other operators are dropped, as Medusa drops them.
    pub fn take_date_bounds(&mut self, key: &str, issues: &mut Vec<Issue>) -> Vec<DateBound> {
        let mut bounds = Vec::new();
        for (op, raw) in self.take_operators(key) {
            let Some(compare) = Compare::parse(&op) else {
                continue;
            };
            match list::parse_time(&raw) {
                Some(at) => bounds.push((compare, at)),
                None => issues.push(Issue::new(
                    format!("{key}.${op}"),
                    IssueKind::Other(format!("Invalid date for field '{key}.${op}': '{raw}'")),
                )),
            }
        }
        bounds
    }

    /// Reports every key not taken yet as unrecognized, each once, in order.
    pub fn finish(mut self, issues: Vec<Issue>) -> Result<(), Error> {
        let mut seen = HashSet::new();
        let unknown: Vec<String> = std::mem::take(self.pairs())
            .into_iter()
            .map(|(mut key, _)| {
                key.truncate(key.trim_end_matches("[]").len());
                key
            })
            .filter(|key| seen.insert(key.clone()))
            .collect();
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
        QueryParams::new(query)
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
    fn many_distinct_unknown_keys_are_reported_in_linear_time() {
        let query: Vec<String> = (0..20_000).map(|i| format!("k{i}=1&k{i}[]=2")).collect();
        let Err(Error::Validation(issues)) = params(&query.join("&")).finish(Vec::new()) else {
            panic!("expected a validation error");
        };
        assert_eq!(issues.len(), 20_000, "each key once");
    }

    #[test]
    fn string_or_array_filters() {
        assert_eq!(params("city=Oslo").take_strings("city"), ["Oslo"]);
        assert_eq!(params("city=a&city=b").take_strings("city"), ["a", "b"]);
        assert_eq!(
            params("city[]=a&city[]=b,c").take_strings("city"),
            ["a", "b,c"]
        );
        assert_eq!(params("city[]=a,b").take_strings("city"), ["a", "b"]);
        assert_eq!(params("city=a,b").take_strings("city"), ["a,b"]);
        assert!(params("q=x").take_strings("city").is_empty());
    }

    #[test]
    fn lists_in_every_form() {
        assert_eq!(params("g=a").take_list("g"), ["a"]);
        assert_eq!(params("g[]=a&g[]=b").take_list("g"), ["a", "b"]);
        assert_eq!(params("g[0]=a&g[1]=b").take_list("g"), ["a", "b"]);
        let mut query = params("g[x]=a&gg[0]=b");
        assert!(query.take_list("g").is_empty());
        let Err(Error::Validation(issues)) = query.finish(Vec::new()) else {
            panic!("expected the other keys to be left");
        };
        assert_eq!(issues.len(), 2);
    }

    #[test]
    fn operator_maps_in_brackets_or_dotted() {
        let mut query = params("created_at[$gte]=a&created_at.$lt=b&created_at[$foo]=c&name=x");
        assert_eq!(
            query.take_operators("created_at"),
            [
                ("gte".to_owned(), "a".to_owned()),
                ("lt".to_owned(), "b".to_owned()),
                ("foo".to_owned(), "c".to_owned())
            ]
        );
        assert_eq!(query.take_strings("name"), ["x"]);
    }

    #[test]
    fn paging_and_date_bounds() {
        let mut issues = Vec::new();
        let mut query = params(
            "limit=5&order=-email&with_deleted=true&created_at[$gte]=2026-01-01&created_at[$lt]=x",
        );
        let paging = query.take_paging(&mut issues);
        assert_eq!((paging.limit, paging.offset), (Some(5), None));
        assert_eq!(paging.order.as_deref(), Some("-email"));
        let bounds = query.take_date_bounds("created_at", &mut issues);
        assert_eq!(bounds.len(), 1);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].field, "created_at.$lt");
        assert!(query.finish(Vec::new()).is_ok());
    }

    #[test]
    fn counts_are_whole_and_not_negative() {
        let mut issues = Vec::new();
        assert_eq!(
            params("limit=10").take_count("limit", &mut issues),
            Some(10)
        );
        assert_eq!(params("limit=abc").take_count("limit", &mut issues), None);
        assert_eq!(params("offset=-1").take_count("offset", &mut issues), None);
        let messages: Vec<String> = issues.iter().map(Issue::api_message).collect();
        assert_eq!(
            messages,
            [
                "Expected type: 'number' for field 'limit', got: 'abc'",
                "Value for field 'offset' too small, expected at least: '0'"
            ]
        );
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
