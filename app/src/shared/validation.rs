//! One validation problem with one field, rendered two ways: Medusa's wire text for the JSON
//! API (`Expected type: 'string' for field 'first_name', got: '42'`) and a sentence for a form.

use serde::{Deserialize, Serialize};

/// What is wrong with a value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IssueKind {
    Required,
    /// The JSON type was wrong; `got` is the received value as Medusa stringifies it.
    WrongType {
        expected: String,
        got: String,
    },
    InvalidEmail,
    InvalidPhone,
    /// Contains characters we never store (control characters, NUL).
    InvalidCharacters,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    /// Keys the route does not know.
    Unrecognized,
    /// Anything else, with its own wording.
    Other(String),
}

/// A problem with one named field of the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub field: String,
    pub kind: IssueKind,
}

impl Issue {
    pub fn new(field: impl Into<String>, kind: IssueKind) -> Self {
        Self {
            field: field.into(),
            kind,
        }
    }

    /// Medusa's (zod) wording, as the JSON API sends it.
    pub fn api_message(&self) -> String {
        let field = &self.field;
        match &self.kind {
            IssueKind::Required => format!("Field '{field}' is required"),
            IssueKind::WrongType { expected, got } => {
                format!("Expected type: '{expected}' for field '{field}', got: '{got}'")
            }
            IssueKind::InvalidEmail => "Invalid email address".to_owned(),
            IssueKind::InvalidPhone => format!("Invalid phone number for field '{field}'"),
            IssueKind::InvalidCharacters => {
                format!("Field '{field}' contains characters that are not allowed")
            }
            IssueKind::TooShort { min } => {
                format!("Value for field '{field}' too small, expected at least: '{min}'")
            }
            IssueKind::TooLong { max } => {
                format!("Value for field '{field}' too big, expected at most: '{max}'")
            }
            IssueKind::Unrecognized => format!("Unrecognized fields: '{field}'"),
            IssueKind::Other(message) => message.clone(),
        }
    }

    /// A sentence for a person filling in a form.
    pub fn ui_message(&self) -> String {
        let label = field_label(&self.field);
        match &self.kind {
            IssueKind::Required => format!("{label} is required."),
            IssueKind::WrongType { .. } => format!("{label} has the wrong format."),
            IssueKind::InvalidEmail => "Enter a valid email address, like name@example.com.".into(),
            IssueKind::InvalidPhone => {
                "Enter a phone number using digits, spaces and + - ( ) only.".into()
            }
            IssueKind::InvalidCharacters => format!("{label} contains characters we can't store."),
            IssueKind::TooShort { min } => format!("{label} must be at least {min} characters."),
            IssueKind::TooLong { max } => format!("{label} must be at most {max} characters."),
            IssueKind::Unrecognized => format!("{label} is not a field we know."),
            IssueKind::Other(message) => message.clone(),
        }
    }
}

/// The label a form shows for a field name.
pub fn field_label(field: &str) -> String {
    match field {
        "email" => "Email".into(),
        "password" => "Password".into(),
        "first_name" => "First name".into(),
        "last_name" => "Last name".into(),
        "phone" => "Phone".into(),
        "company_name" => "Company".into(),
        "metadata" => "Metadata".into(),
        "address_name" => "Address name".into(),
        "address_1" => "Address line 1".into(),
        "address_2" => "Address line 2".into(),
        "postal_code" => "Postal code".into(),
        "country_code" => "Country".into(),
        "province" => "Province or state".into(),
        "company" => "Company".into(),
        other => {
            let mut label = other.replace('_', " ");
            if let Some(first) = label.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            label
        }
    }
}

/// Collects the problems of several fields while keeping each field's parsed value, so a
/// form can report every problem at once.
#[derive(Debug, Default)]
pub struct Issues(Vec<Issue>);

impl Issues {
    /// The value, or `None` with the problem noted against `field`.
    pub fn check<T>(&mut self, field: &str, result: Result<T, IssueKind>) -> Option<T> {
        result
            .map_err(|kind| self.0.push(Issue::new(field, kind)))
            .ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<Issue> {
        self.0
    }
}

/// Joins issues the way Medusa does: `Invalid request: ` and the first three, `; `-separated.
/// Unrecognized keys are reported together, after the field problems.
pub fn api_summary(issues: &[Issue]) -> String {
    let mut parts: Vec<String> = issues
        .iter()
        .filter(|issue| issue.kind != IssueKind::Unrecognized)
        .map(Issue::api_message)
        .collect();
    let unknown: Vec<&str> = issues
        .iter()
        .filter(|issue| issue.kind == IssueKind::Unrecognized)
        .map(|issue| issue.field.as_str())
        .collect();
    if !unknown.is_empty() {
        parts.push(format!("Unrecognized fields: '{}'", unknown.join(", ")));
    }
    parts.truncate(3);
    format!("Invalid request: {}", parts.join("; "))
}

/// How JavaScript prints a received value in Medusa's `got: '…'`: strings bare, arrays
/// comma-joined, objects as `[object Object]`.
pub fn js_string(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Null => String::new(),
                other => js_string(other),
            })
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(_) => "[object Object]".into(),
    }
}

/// The type name Medusa reports as expected.
pub fn wrong_type(expected: &str, got: &serde_json::Value) -> IssueKind {
    IssueKind::WrongType {
        expected: expected.into(),
        got: js_string(got),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lists_field_problems_then_unknown_keys() {
        let issues = vec![
            Issue::new("nickname", IssueKind::Unrecognized),
            Issue::new("identifier", IssueKind::Required),
            Issue::new("colour", IssueKind::Unrecognized),
        ];
        assert_eq!(
            api_summary(&issues),
            "Invalid request: Field 'identifier' is required; Unrecognized fields: 'nickname, colour'"
        );
    }

    #[test]
    fn summary_keeps_at_most_three_problems() {
        let issues: Vec<Issue> = ["a", "b", "c", "d"]
            .iter()
            .map(|f| Issue::new(*f, IssueKind::Required))
            .collect();
        assert_eq!(api_summary(&issues).matches("is required").count(), 3);
    }

    #[test]
    fn wrong_type_uses_medusa_wording() {
        let issue = Issue::new(
            "first_name",
            IssueKind::WrongType {
                expected: "string".into(),
                got: "42".into(),
            },
        );
        assert_eq!(
            issue.api_message(),
            "Expected type: 'string' for field 'first_name', got: '42'"
        );
        assert_eq!(issue.ui_message(), "First name has the wrong format.");
    }
}
