//! Medusa's wire shapes, in one place: which keys, in which order, with which defaults, and
//! the `fields` projection that trims them.

pub mod address;
pub mod admin_customer;
pub mod customer;
pub mod customer_group;
pub mod fields;
pub mod order;
pub mod order_nested;
pub mod order_v1;
pub mod user;
pub mod v1;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

/// Timestamps as Medusa writes them: UTC, milliseconds, `Z`.
pub fn timestamp(at: &DateTime<Utc>) -> Value {
    Value::String(at.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// Metadata as stored, or `null`.
pub fn metadata(metadata: Option<&app::shared::Metadata>) -> Value {
    metadata.map_or(Value::Null, |m| Value::Object(m.as_map().clone()))
}

pub fn optional_timestamp(at: Option<&DateTime<Utc>>) -> Value {
    at.map_or(Value::Null, timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_have_milliseconds_and_z() {
        let at = DateTime::parse_from_rfc3339("2026-11-22T16:59:44.467Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(timestamp(&at), "2026-11-22T16:59:44.467Z");
        let whole = DateTime::parse_from_rfc3339("2026-11-22T16:59:44Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(timestamp(&whole), "2026-11-22T16:59:44.000Z");
    }
}
