//! The admin customer list's `q`: which customers a search matches.
//!
//! As in Medusa 2.x, `q` is split on whitespace and every word must occur, in any case, in at
//! least one of the searchable columns: `company_name`, `first_name`, `last_name`, `email`,
//! `phone`. Unlike Medusa, `%` and `_` in a word are matched literally.

use super::db::Backend;

/// The columns `q` searches, in Medusa's order.
pub const SEARCHABLE: &[&str] = &["company_name", "first_name", "last_name", "email", "phone"];

/// A SQL condition on the `customer` table (not aliased) that holds for the customers matching
/// every word of `words`. Each value it needs is pushed on `binds`; its placeholder is `$n`, `n`
/// being the value's 1-based position in `binds`, so the caller may push values before and after.
pub fn q_condition(_backend: Backend, words: &[String], binds: &mut Vec<String>) -> String {
    let mut conditions = Vec::with_capacity(words.len());
    for word in words {
        binds.push(format!("%{}%", escape_like(&word.to_lowercase())));
        let n = binds.len();
        let any_column = SEARCHABLE
            .iter()
            .map(|column| format!("LOWER({column}) LIKE ${n} ESCAPE '\\'"))
            .collect::<Vec<_>>()
            .join(" OR ");
        conditions.push(format!("({any_column})"));
    }
    if conditions.is_empty() {
        "TRUE".to_owned()
    } else {
        conditions.join(" AND ")
    }
}

/// `word` with LIKE's wildcards (and the escape character) escaped by `\`.
fn escape_like(word: &str) -> String {
    let mut escaped = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_must_match_some_searchable_column() {
        let mut binds = vec!["before".to_owned()];
        let words = vec!["Doe".to_owned(), "50%".to_owned()];
        let sql = q_condition(Backend::Sqlite, &words, &mut binds);
        assert_eq!(binds, ["before", "%doe%", "%50\\%%"]);
        assert!(sql.contains("LOWER(email) LIKE $2"), "{sql}");
        assert!(sql.contains("LOWER(phone) LIKE $3"), "{sql}");
        assert!(sql.contains(") AND ("), "{sql}");
    }
}
