//! Free-form key/value data attached to a record, and Medusa's rule for updating it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::validation::{wrong_type, IssueKind};

/// Serialized metadata above this size is refused, whether sent or the result of merging a
/// change into what is stored: it is a place for a few keys, not a store.
pub const MAX_BYTES: usize = 16 * 1024;
/// Most top-level keys metadata may hold, sent or stored.
pub const MAX_KEYS: usize = 100;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Metadata(Map<String, Value>);

impl Metadata {
    /// A JSON object (Medusa's `record`) within the bounds.
    pub fn from_value(value: &Value) -> Result<Self, IssueKind> {
        let Value::Object(map) = value else {
            return Err(wrong_type("record", value));
        };
        if serialized_len(map) > MAX_BYTES {
            return Err(IssueKind::TooLong { max: MAX_BYTES });
        }
        if map.len() > MAX_KEYS {
            return Err(IssueKind::Other(format!(
                "Metadata may hold at most {MAX_KEYS} keys; {} were sent",
                map.len()
            )));
        }
        Ok(Self(map.clone()))
    }

    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// What an update does to a record's metadata.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum MetadataChange {
    /// `metadata` absent, or `{}`.
    #[default]
    Keep,
    /// `metadata: null` empties the column.
    Clear,
    /// A non-empty object merges one level deep: a key set to `""` or `null` is removed
    /// (`null` per JSON Merge Patch, RFC 7396 — Medusa would store it), any other value
    /// replaces the stored one; nested objects are replaced, not merged.
    Merge(Metadata),
}

impl MetadataChange {
    pub fn from_value(value: &Value) -> Result<Self, IssueKind> {
        if value.is_null() {
            return Ok(Self::Clear);
        }
        let patch = Metadata::from_value(value)?;
        Ok(if patch.is_empty() {
            Self::Keep
        } else {
            Self::Merge(patch)
        })
    }

    pub fn is_keep(&self) -> bool {
        matches!(self, Self::Keep)
    }

    /// The metadata after this change, given what is stored now. A merge whose result would
    /// exceed the bounds is refused, so repeated patches cannot grow a record without end.
    pub fn apply(self, current: Option<Metadata>) -> Result<Option<Metadata>, IssueKind> {
        match self {
            Self::Keep => Ok(current),
            Self::Clear => Ok(None),
            Self::Merge(patch) => {
                let mut merged = current.unwrap_or_default().0;
                for (key, value) in patch.0 {
                    let removes = value.is_null() || value.as_str() == Some("");
                    if removes {
                        merged.remove(&key);
                    } else {
                        merged.insert(key, value);
                    }
                }
                let bytes = serialized_len(&merged);
                if bytes > MAX_BYTES || merged.len() > MAX_KEYS {
                    return Err(IssueKind::Other(format!(
                        "Metadata may hold at most {MAX_KEYS} keys and {MAX_BYTES} bytes in all; \
                         with this change it would hold {} keys and {bytes} bytes",
                        merged.len()
                    )));
                }
                Ok(Some(Metadata(merged)))
            }
        }
    }
}

fn serialized_len(map: &Map<String, Value>) -> usize {
    serde_json::to_vec(map)
        .map(|bytes| bytes.len())
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn meta(value: Value) -> Metadata {
        Metadata::from_value(&value).unwrap()
    }

    #[test]
    fn merge_follows_medusas_documented_example() {
        let current = meta(json!({"foo": "bar", "bar": "bar", "baz": "baz"}));
        let change =
            MetadataChange::from_value(&json!({"foo": "", "bar": "bar2", "baz2": "baz2"})).unwrap();
        let merged = change.apply(Some(current)).unwrap().unwrap();
        assert_eq!(
            merged.into_value(),
            json!({"bar": "bar2", "baz": "baz", "baz2": "baz2"})
        );
    }

    #[test]
    fn null_removes_a_key_and_nested_objects_are_replaced() {
        let current = meta(json!({"data1": "value1", "k": {"x": 1}}));
        let change = MetadataChange::from_value(&json!({"data1": null, "k": {"y": 2}})).unwrap();
        assert_eq!(
            change.apply(Some(current)).unwrap().unwrap().into_value(),
            json!({"k": {"y": 2}})
        );
    }

    #[test]
    fn empty_object_keeps_and_null_clears() {
        let current = Some(meta(json!({"a": 1})));
        assert_eq!(
            MetadataChange::from_value(&json!({}))
                .unwrap()
                .apply(current.clone()),
            Ok(current.clone())
        );
        assert_eq!(
            MetadataChange::from_value(&Value::Null)
                .unwrap()
                .apply(current),
            Ok(None)
        );
    }

    #[test]
    fn non_objects_and_huge_objects_are_refused() {
        assert_eq!(
            Metadata::from_value(&json!("x")),
            Err(IssueKind::WrongType {
                expected: "record".into(),
                got: "x".into()
            })
        );
        assert_eq!(
            Metadata::from_value(&json!([1, 2])),
            Err(IssueKind::WrongType {
                expected: "record".into(),
                got: "1,2".into()
            })
        );
        let huge = json!({"k": "v".repeat(MAX_BYTES)});
        assert_eq!(
            Metadata::from_value(&huge),
            Err(IssueKind::TooLong { max: MAX_BYTES })
        );
    }

    #[test]
    fn the_merged_result_is_bounded_too() {
        let mut stored = Some(meta(json!({})));
        for round in 0..MAX_KEYS {
            let change = MetadataChange::from_value(&json!({ format!("k{round}"): "v" })).unwrap();
            stored = change.apply(stored).unwrap();
        }
        let one_more = MetadataChange::from_value(&json!({"straw": "v"})).unwrap();
        let Err(IssueKind::Other(message)) = one_more.apply(stored.clone()) else {
            panic!("the 101st key is refused");
        };
        assert!(message.contains("101 keys"), "{message}");
        let replacing = MetadataChange::from_value(&json!({"k0": "w"})).unwrap();
        assert!(
            replacing.apply(stored.clone()).is_ok(),
            "replacing a key adds none"
        );

        let half = "x".repeat(MAX_BYTES / 2);
        let first = MetadataChange::from_value(&json!({ "a": half })).unwrap();
        let second = MetadataChange::from_value(&json!({ "b": half })).unwrap();
        let stored = first.apply(None).unwrap();
        assert!(second.apply(stored).is_err(), "two halves do not fit");
    }

    #[test]
    fn too_many_keys_at_once_are_refused() {
        let many: Map<String, Value> = (0..=MAX_KEYS)
            .map(|i| (format!("k{i}"), json!(1)))
            .collect();
        assert!(Metadata::from_value(&Value::Object(many)).is_err());
    }

    fn small_json() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            Just(json!("")),
            any::<i32>().prop_map(|n| json!(n)),
            "[a-z]{0,8}".prop_map(Value::String),
        ]
    }

    proptest! {
        #[test]
        fn merge_keeps_untouched_keys_and_never_holds_removal_markers(
            current in proptest::collection::btree_map("[a-e]", "[a-z]{1,4}", 0..5),
            patch in proptest::collection::btree_map("[a-h]", small_json(), 0..6),
        ) {
            let current_value = json!(current);
            let change = MetadataChange::from_value(&json!(patch)).unwrap();
            let merged = change.apply(Some(meta(current_value))).unwrap().unwrap();
            for (key, value) in merged.as_map() {
                prop_assert!(!value.is_null() && value.as_str() != Some(""));
                match patch.get(key) {
                    Some(patched) => prop_assert_eq!(value, patched),
                    None => prop_assert_eq!(value, &json!(current[key])),
                }
            }
            for key in current.keys() {
                if !patch.contains_key(key) {
                    prop_assert!(merged.as_map().contains_key(key));
                }
            }
        }
    }
}
