//! What every admin and store list shares: the sort order (`order=col` or `order=-col`, one
//! column from the route's allow-list) and the date bounds of `created_at[$gte]=…` filters.
//! Plain values only, so a page can build the same list query from its URL.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::validation::IssueKind;

/// A comparison of a timestamp column with a value (Medusa's `$eq`, `$ne`, `$gt`, `$gte`,
/// `$lt`, `$lte`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Compare {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
}

impl Compare {
    /// The operator's name without its `$`; other operators are `None` (Medusa drops them).
    pub fn parse(op: &str) -> Option<Self> {
        Some(match op {
            "eq" => Self::Eq,
            "ne" => Self::Ne,
            "gt" => Self::Gt,
            "gte" => Self::Gte,
            "lt" => Self::Lt,
            "lte" => Self::Lte,
            _ => return None,
        })
    }
}

/// One bound on a timestamp: `created_at >= at` is `(Compare::Gte, at)`.
pub type DateBound = (Compare, DateTime<Utc>);

/// An RFC 3339 time, or a date (taken as midnight UTC).
pub fn parse_time(raw: &str) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(raw.trim()) {
        return Some(at.to_utc());
    }
    let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

/// A list's order: one column of the route's allow-list, ascending or descending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: &'static str,
    pub descending: bool,
}

impl Sort {
    /// Creation order (ids are ULIDs), every list's default.
    pub const BY_ID: Self = Self {
        column: "id",
        descending: false,
    };

    /// `col` or `-col`. A column not in `allowed` is refused with the store routes' wording
    /// (Medusa's admin routes answer 500 for it; a 400 naming the field is what a client
    /// can act on).
    pub fn parse(raw: &str, allowed: &[&'static str]) -> Result<Self, IssueKind> {
        let (name, descending) = match raw.strip_prefix('-') {
            Some(name) => (name, true),
            None => (raw, false),
        };
        let column = allowed
            .iter()
            .find(|column| **column == name)
            .ok_or_else(|| IssueKind::Other(format!("Order field {name} is not valid")))?;
        Ok(Self { column, descending })
    }

    /// The wire form: `col` or `-col`.
    pub fn to_param(self) -> String {
        if self.descending {
            format!("-{}", self.column)
        } else {
            self.column.to_owned()
        }
    }
}

impl Default for Sort {
    fn default() -> Self {
        Self::BY_ID
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_parse_against_the_allow_list() {
        let allowed = &["id", "email"];
        assert_eq!(
            Sort::parse("-email", allowed),
            Ok(Sort {
                column: "email",
                descending: true
            })
        );
        assert_eq!(Sort::parse("id", allowed), Ok(Sort::BY_ID));
        assert_eq!(
            Sort::parse("nosuch", allowed),
            Err(IssueKind::Other("Order field nosuch is not valid".into()))
        );
        assert_eq!(Sort::parse("-email", allowed).unwrap().to_param(), "-email");
    }

    #[test]
    fn times_are_rfc3339_or_dates() {
        assert_eq!(
            parse_time("2026-01-02").unwrap().to_rfc3339(),
            "2026-01-02T00:00:00+00:00"
        );
        assert!(parse_time("2026-01-02T03:04:05+01:00").is_some());
        assert!(parse_time("yesterday").is_none());
        assert_eq!(Compare::parse("gte"), Some(Compare::Gte));
        assert_eq!(Compare::parse("eq"), Some(Compare::Eq));
        assert_eq!(Compare::parse("ne"), Some(Compare::Ne));
        assert_eq!(Compare::parse("foo"), None);
    }
}
