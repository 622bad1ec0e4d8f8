//! Reading one field of an import line, with a reason naming the field when it is wrong.

use chrono::{DateTime, SubsecRound, Utc};
use serde_json::{value::RawValue, Value};

use crate::shared::{money::parse_major, Currency, Issue, Metadata};

/// Longest text value kept (titles, names, thumbnail URLs).
pub const MAX_TEXT: usize = 2048;

/// A value kept as its JSON text: amounts, read exactly from their digits.
pub(super) type Raw = Option<Box<RawValue>>;

/// A string field: absent or `null` is `None`; any other type, a control character or more
/// than [`MAX_TEXT`] characters is refused.
pub(super) fn text(value: Option<&Value>, field: &str) -> Result<Option<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            if s.chars().count() > MAX_TEXT {
                Err(format!("{field} is longer than {MAX_TEXT} characters"))
            } else if s.chars().any(char::is_control) {
                Err(format!("{field} contains control characters"))
            } else {
                Ok(Some(s.clone()))
            }
        }
        Some(other) => Err(format!("{field} must be a string, not {other}")),
    }
}

pub(super) fn one_of<T>(
    value: Option<&Value>,
    field: &str,
    default: T,
    parse: fn(&str) -> Option<T>,
    expected: fn() -> String,
) -> Result<T, String> {
    match text(value, field)? {
        None => Ok(default),
        Some(s) => parse(&s).ok_or_else(|| format!("{field} {s:?} is not one of {}", expected())),
    }
}

/// An amount in major units, as a JSON number or a string holding one, read exactly.
/// Amounts are never negative (a discount is a positive `discount_total`).
pub(super) fn amount(raw: &Raw, field: &str, currency: &Currency) -> Result<Option<i64>, String> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let text = raw.get();
    let number = if text.starts_with('"') {
        serde_json::from_str::<String>(text).map_err(|error| format!("{field}: {error}"))?
    } else if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        text.to_owned()
    } else {
        return Err(format!("{field} must be a number, not {text}"));
    };
    let minor = parse_major(&number, currency)
        .map_err(|error| format!("{field} {number} {error} ({currency})"))?;
    if minor < 0 {
        return Err(format!("{field} {number} is negative"));
    }
    Ok(Some(minor))
}

pub(super) fn required_amount(raw: &Raw, field: &str, currency: &Currency) -> Result<i64, String> {
    amount(raw, field, currency)?.ok_or_else(|| format!("{field} is missing"))
}

/// An RFC 3339 time (`2024-03-02T15:30:00.000Z`), kept in UTC to the millisecond as
/// everything else here is.
pub(super) fn timestamp(
    value: Option<&Value>,
    field: &str,
) -> Result<Option<DateTime<Utc>>, String> {
    let Some(text) = text(value, field)? else {
        return Ok(None);
    };
    DateTime::parse_from_rfc3339(&text)
        .map(|time| Some(time.with_timezone(&Utc).trunc_subsecs(3)))
        .map_err(|_| format!("{field} {text:?} is not an RFC 3339 time like 2024-03-02T15:30:00Z"))
}

pub(super) fn metadata(value: Option<&Value>, field: &str) -> Result<Option<Metadata>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(value @ Value::Object(_)) => Metadata::from_value(value)
            .map(Some)
            .map_err(|kind| Issue::new(field, kind).api_message()),
        Some(other) => Err(format!("{field} must be an object, not {other}")),
    }
}

/// A JSON array, each element still raw.
pub(super) fn array(raw: &Raw, field: &str) -> Result<Vec<Box<RawValue>>, String> {
    match raw {
        None => Ok(Vec::new()),
        Some(raw) => serde_json::from_str(raw.get())
            .map_err(|_| format!("{field} must be an array, not {}", raw.get())),
    }
}
