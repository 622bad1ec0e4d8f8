//! Medusa's `fields` query parameter: which keys of a record a response carries.
//!
//! Absent: the route's defaults. If any entry has no modifier (`+`, `-`, a space — an
//! unencoded `+` — or `*`, or a trailing `.*`), the entries replace the defaults; otherwise
//! each one modifies them: `+f` adds, `-f` removes `f` and its relation, `*rel`/`rel.*` adds
//! a relation with all its columns, `rel.col` one column of it. Store routes drop names not
//! on their allow-list. `id` is always included, last if it was not asked for. Scalars come
//! first, relations after them.

use app::shared::IssueKind;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// What a record type offers a `fields` parameter.
pub struct Shape {
    pub defaults: &'static [&'static str],
    /// Scalar keys that may be selected (the allow-list).
    pub scalars: &'static [&'static str],
    /// To-many relations, each with the columns its objects carry in full.
    pub relations: &'static [(&'static str, &'static [&'static str])],
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selected {
    Field(String),
    /// A relation with some columns, or all of them (`None`).
    Relation(String, Option<Vec<String>>),
}

/// Most entries a `fields` value may list. A longer list is refused (400) before any of it
/// is interpreted; no route has a tenth as many keys.
pub const MAX_ENTRIES: usize = 256;

fn has_modifier(entry: &str) -> bool {
    entry.starts_with(['+', '-', ' ', '*']) || entry.ends_with(".*")
}

/// Resolves a `fields` value against a shape, in time linear in its length.
pub fn select(fields: Option<&str>, shape: &Shape) -> Result<Vec<Selected>, IssueKind> {
    let Some(raw) = fields else {
        return Ok(interpret(shape.defaults.iter().copied(), shape, false));
    };
    let entries: Vec<&str> = raw.split(',').filter(|e| !e.trim().is_empty()).collect();
    if entries.len() > MAX_ENTRIES {
        return Err(IssueKind::Other(format!(
            "fields may list at most {MAX_ENTRIES} entries; {} were sent",
            entries.len()
        )));
    }
    if entries.is_empty() || entries.iter().any(|e| !has_modifier(e)) {
        let names = entries
            .iter()
            .map(|e| e.trim_start_matches(['+', '-', ' ']));
        return Ok(interpret(names, shape, true));
    }
    Ok(interpret(
        modified_defaults(shape.defaults, &entries),
        shape,
        true,
    ))
}

/// The defaults, then each entry in order: `+f` adds `f`; `-f` removes every earlier `f`,
/// `*f` and `f.…`. Walked backwards, an added name survives unless a later entry removed
/// it, which is one set lookup per name and per dot in it.
fn modified_defaults<'a>(defaults: &[&'a str], entries: &[&'a str]) -> Vec<&'a str> {
    let steps = defaults
        .iter()
        .map(|name| (false, *name))
        .chain(entries.iter().map(|entry| match entry.strip_prefix('-') {
            Some(removed) => (true, removed),
            None => (false, entry.trim_start_matches(['+', ' '])),
        }));
    let mut removed: HashSet<&str> = HashSet::new();
    let mut kept: Vec<&str> = Vec::new();
    for (is_removal, name) in steps.rev() {
        if is_removal {
            removed.insert(name);
        } else if !is_removed(name, &removed) {
            kept.push(name);
        }
    }
    kept.reverse();
    kept
}

fn is_removed(name: &str, removed: &HashSet<&str>) -> bool {
    removed.contains(name)
        || name
            .strip_prefix('*')
            .is_some_and(|rel| removed.contains(rel))
        || name
            .match_indices('.')
            .any(|(dot, _)| removed.contains(&name[..dot]))
}

fn interpret<'a>(
    names: impl IntoIterator<Item = &'a str>,
    shape: &Shape,
    ensure_id: bool,
) -> Vec<Selected> {
    let mut fields: Vec<String> = Vec::new();
    let mut relations: Vec<(String, Option<Vec<String>>)> = Vec::new();
    let relation = |name: &str| shape.relations.iter().find(|(rel, _)| *rel == name);
    let mut add_relation = |name: &str, column: Option<&str>| {
        let entry = match relations.iter_mut().find(|(rel, _)| rel == name) {
            Some(entry) => entry,
            None => {
                relations.push((name.to_owned(), Some(Vec::new())));
                relations.last_mut().expect("just pushed")
            }
        };
        match (column, &mut entry.1) {
            (None, columns) => *columns = None,
            (Some(column), Some(columns)) if !columns.iter().any(|c| c == column) => {
                columns.push(column.to_owned())
            }
            _ => {}
        }
    };
    for name in names {
        let name = name.trim();
        if let Some(rel) = name.strip_prefix('*').or_else(|| name.strip_suffix(".*")) {
            if relation(rel).is_some() {
                add_relation(rel, None);
            }
        } else if let Some((rel, column)) = name.split_once('.') {
            if relation(rel).is_some_and(|(_, columns)| columns.contains(&column)) {
                add_relation(rel, Some(column));
            }
        } else if shape.scalars.contains(&name) {
            if !fields.iter().any(|f| f == name) {
                fields.push(name.to_owned());
            }
        } else if relation(name).is_some() {
            add_relation(name, None);
        }
    }
    if ensure_id && !fields.iter().any(|f| f == "id") {
        fields.push("id".into());
    }
    fields
        .into_iter()
        .map(Selected::Field)
        .chain(
            relations
                .into_iter()
                .map(|(name, columns)| Selected::Relation(name, columns)),
        )
        .collect()
}

/// Keeps the selected keys of a full record, in selection order.
pub fn project(full: &Map<String, Value>, selection: &[Selected]) -> Map<String, Value> {
    let mut out = Map::new();
    for selected in selection {
        match selected {
            Selected::Field(name) => {
                if let Some(value) = full.get(name) {
                    out.insert(name.clone(), value.clone());
                }
            }
            Selected::Relation(name, columns) => {
                let Some(Value::Array(items)) = full.get(name) else {
                    continue;
                };
                let items = items
                    .iter()
                    .map(|item| match (columns, item) {
                        (Some(columns), Value::Object(object)) => {
                            let mut picked = Map::new();
                            for column in
                                std::iter::once("id").chain(columns.iter().map(String::as_str))
                            {
                                if let Some(value) = object.get(column) {
                                    picked.insert(column.to_owned(), value.clone());
                                }
                            }
                            Value::Object(picked)
                        }
                        _ => item.clone(),
                    })
                    .collect();
                out.insert(name.clone(), Value::Array(items));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHAPE: Shape = Shape {
        defaults: &["id", "email", "metadata", "*addresses"],
        scalars: &["id", "email", "metadata", "phone"],
        relations: &[("addresses", &["id", "city", "phone"])],
    };

    fn names(selection: &[Selected]) -> Vec<String> {
        selection
            .iter()
            .map(|s| match s {
                Selected::Field(f) => f.clone(),
                Selected::Relation(r, None) => format!("*{r}"),
                Selected::Relation(r, Some(c)) => format!("{r}.{}", c.join("+")),
            })
            .collect()
    }

    #[test]
    fn absent_means_defaults() {
        assert_eq!(
            names(&select(None, &SHAPE).unwrap()),
            ["id", "email", "metadata", "*addresses"]
        );
    }

    #[test]
    fn bare_entries_replace_and_id_comes_last() {
        assert_eq!(
            names(&select(Some("metadata"), &SHAPE).unwrap()),
            ["metadata", "id"]
        );
        assert_eq!(
            names(&select(Some("id,email"), &SHAPE).unwrap()),
            ["id", "email"]
        );
        assert_eq!(names(&select(Some(""), &SHAPE).unwrap()), ["id"]);
    }

    #[test]
    fn modifiers_adjust_the_defaults() {
        assert_eq!(
            names(&select(Some("+phone"), &SHAPE).unwrap()),
            ["id", "email", "metadata", "phone", "*addresses"]
        );
        assert_eq!(names(&select(Some(" phone"), &SHAPE).unwrap()).len(), 5);
        assert_eq!(
            names(&select(Some("-addresses"), &SHAPE).unwrap()),
            ["id", "email", "metadata"]
        );
        assert_eq!(
            names(&select(Some("-email"), &SHAPE).unwrap()),
            ["id", "metadata", "*addresses"]
        );
    }

    #[test]
    fn unknown_names_are_dropped_silently() {
        assert_eq!(names(&select(Some("nosuchfield"), &SHAPE).unwrap()), ["id"]);
        assert_eq!(
            names(&select(Some("+password_hash"), &SHAPE).unwrap()).len(),
            4
        );
        assert_eq!(
            names(&select(Some("addresses.secret"), &SHAPE).unwrap()),
            ["id"]
        );
    }

    proptest::proptest! {
        #[test]
        fn any_fields_value_selects_only_allowed_keys_and_always_the_id(raw in "[ +*.,a-z_-]{0,60}") {
            let selection = select(Some(&raw), &SHAPE).unwrap();
            let fields: Vec<&str> = selection.iter().filter_map(|s| match s {
                Selected::Field(f) => Some(f.as_str()),
                Selected::Relation(..) => None,
            }).collect();
            proptest::prop_assert!(fields.contains(&"id"));
            for field in fields {
                proptest::prop_assert!(SHAPE.scalars.contains(&field), "{}", field);
            }
            for selected in &selection {
                if let Selected::Relation(name, columns) = selected {
                    proptest::prop_assert_eq!(name.as_str(), "addresses");
                    for column in columns.iter().flatten() {
                        proptest::prop_assert!(SHAPE.relations[0].1.contains(&column.as_str()));
                    }
                }
            }
        }
    }

    #[test]
    fn a_removal_takes_out_earlier_additions_only() {
        assert_eq!(
            names(&select(Some("+phone,-phone"), &SHAPE).unwrap()),
            ["id", "email", "metadata", "*addresses"]
        );
        assert_eq!(
            names(&select(Some("-phone,+phone"), &SHAPE).unwrap()),
            ["id", "email", "metadata", "phone", "*addresses"]
        );
        assert_eq!(
            names(&select(Some("+addresses.city,-addresses"), &SHAPE).unwrap()),
            ["id", "email", "metadata"]
        );
    }

    #[test]
    fn long_lists_are_refused_and_the_worst_allowed_one_is_cheap() {
        let too_many = vec!["+phone"; MAX_ENTRIES + 1].join(",");
        assert!(select(Some(&too_many), &SHAPE).is_err());
        let half = MAX_ENTRIES / 2;
        let worst: Vec<String> = (0..half)
            .map(|i| format!("+a{i}.b.c.d"))
            .chain((0..half).map(|i| format!("-b{i}")))
            .collect();
        assert_eq!(
            names(&select(Some(&worst.join(",")), &SHAPE).unwrap()).len(),
            4
        );
    }

    #[test]
    fn relation_columns_project_with_their_id() {
        let selection = select(Some("addresses.city"), &SHAPE).unwrap();
        let full: Map<String, Value> = serde_json::from_value(serde_json::json!({
            "id": "cus_1", "email": "a@b.co",
            "addresses": [{"id": "cuaddr_1", "city": "Oslo", "phone": "1"}]
        }))
        .unwrap();
        assert_eq!(
            Value::Object(project(&full, &selection)),
            serde_json::json!({"id": "cus_1", "addresses": [{"id": "cuaddr_1", "city": "Oslo"}]})
        );
    }
}
