//! Validating a JSON object field by field, collecting every problem with Medusa's wording,
//! in the order the route declares its fields, unknown keys last.

use serde_json::{Map, Value};

use app::{
    error::Error,
    shared::{validation::wrong_type, Issue, IssueKind, Metadata, MetadataChange, Patch},
};

pub struct ObjectFields {
    map: Map<String, Value>,
    issues: Vec<Issue>,
}

impl ObjectFields {
    pub fn new(body: Value) -> Result<Self, Error> {
        match body {
            Value::Object(map) => Ok(Self {
                map,
                issues: Vec::new(),
            }),
            other => Err(Error::invalid_field("body", wrong_type("object", &other))),
        }
    }

    /// Whether the object has `key` (not taken yet).
    pub fn contains(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Removes and returns a raw value.
    pub fn take(&mut self, key: &str) -> Option<Value> {
        self.map.remove(key)
    }

    pub fn issue(&mut self, field: &str, kind: IssueKind) {
        self.issues.push(Issue::new(field, kind));
    }

    /// A string field that may be absent (keep), `null` (clear) or a string parsed by
    /// `parse`. Any other JSON type is a type error.
    pub fn nullish<T>(
        &mut self,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, IssueKind>,
    ) -> Patch<T> {
        match self.map.remove(key) {
            None => Patch::Keep,
            Some(Value::Null) => Patch::Clear,
            Some(Value::String(text)) => match parse(&text) {
                Ok(value) => Patch::Set(value),
                Err(kind) => {
                    self.issue(key, kind);
                    Patch::Keep
                }
            },
            Some(other) => {
                self.issue(key, wrong_type("string", &other));
                Patch::Keep
            }
        }
    }

    /// As [`Self::nullish`] for a field that another document of the API names `alias`
    /// (seed 004's `company` for Medusa's `company_name`): either name is read; both at
    /// once is an issue on the alias, so a body never says two things.
    pub fn nullish_aliased<T>(
        &mut self,
        key: &str,
        alias: &str,
        parse: impl FnOnce(&str) -> Result<T, IssueKind>,
    ) -> Patch<T> {
        match (self.map.contains_key(key), self.map.contains_key(alias)) {
            (true, true) => {
                self.map.remove(alias);
                self.issue(
                    alias,
                    IssueKind::Other(format!("Send either '{key}' or '{alias}', not both")),
                );
                self.nullish(key, parse)
            }
            (false, true) => self.nullish(alias, parse),
            _ => self.nullish(key, parse),
        }
    }

    /// As [`Self::nullish`], where absent and `null` both mean "none".
    pub fn optional<T>(
        &mut self,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, IssueKind>,
    ) -> Option<T> {
        match self.nullish(key, parse) {
            Patch::Set(value) => Some(value),
            Patch::Keep | Patch::Clear => None,
        }
    }

    /// A boolean that may be absent, but not `null` nor a string (`"true"` is a type error).
    pub fn optional_bool(&mut self, key: &str) -> Option<bool> {
        match self.map.remove(key) {
            None => None,
            Some(Value::Bool(value)) => Some(value),
            Some(other) => {
                self.issue(key, wrong_type("boolean", &other));
                None
            }
        }
    }

    /// `metadata` on create: absent or `null` is none, an object is stored as sent.
    pub fn metadata(&mut self) -> Option<Metadata> {
        match self.map.remove("metadata") {
            None | Some(Value::Null) => None,
            Some(value) => Metadata::from_value(&value)
                .map_err(|kind| self.issue("metadata", kind))
                .ok(),
        }
    }

    /// `metadata`: absent or `{}` keeps, `null` clears, an object merges.
    pub fn metadata_change(&mut self) -> MetadataChange {
        match self.map.remove("metadata") {
            None => MetadataChange::Keep,
            Some(value) => MetadataChange::from_value(&value).unwrap_or_else(|kind| {
                self.issue("metadata", kind);
                MetadataChange::Keep
            }),
        }
    }

    /// Fails with every problem found, unknown keys included; otherwise done.
    pub fn finish(self) -> Result<(), Error> {
        conclude(self.issues, self.map.keys().cloned())
    }
}

/// The end of a strict validation: the problems found, plus every key the route does not
/// know; an error if there is any.
pub fn conclude(
    mut issues: Vec<Issue>,
    unknown_keys: impl IntoIterator<Item = String>,
) -> Result<(), Error> {
    issues.extend(
        unknown_keys
            .into_iter()
            .map(|key| Issue::new(key, IssueKind::Unrecognized)),
    );
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(issues))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::shared::Text;
    use serde_json::json;

    fn message(result: Result<(), Error>) -> String {
        match result {
            Err(error) => error.public().message,
            Ok(()) => panic!("expected an error"),
        }
    }

    #[test]
    fn reports_type_errors_then_unknown_keys() {
        let mut fields = ObjectFields::new(json!({"first_name": 42, "nickname": "x"})).unwrap();
        let _ = fields.nullish("first_name", Text::name);
        assert_eq!(
            message(fields.finish()),
            "Invalid request: Expected type: 'string' for field 'first_name', got: '42'; \
             Unrecognized fields: 'nickname'"
        );
    }

    #[test]
    fn null_clears_and_absent_keeps() {
        let mut fields = ObjectFields::new(json!({"first_name": null})).unwrap();
        assert_eq!(fields.nullish("first_name", Text::name), Patch::Clear);
        assert_eq!(fields.nullish("last_name", Text::name), Patch::Keep);
        assert!(fields.finish().is_ok());
    }

    #[test]
    fn non_objects_are_refused() {
        assert!(ObjectFields::new(json!([1])).is_err());
        assert!(ObjectFields::new(json!("text")).is_err());
    }
}
