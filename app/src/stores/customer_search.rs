//! The admin customer list's `q`: which customers a search matches, and the search key that
//! makes it an index look-up on either backend.
//!
//! As in Medusa 2.x, `q` is split on whitespace and every word must occur, in any case, in at
//! least one of the searchable columns: `company_name`, `first_name`, `last_name`, `email`,
//! `phone`. Unlike Medusa, `%` and `_` in a word are matched literally, and case is folded
//! by Unicode's rules (`ÅSA` finds Åsa) on both backends.
//!
//! Each customer row carries `search_text`, the five values lower-cased here (not by the
//! database, whose LOWER is ASCII-only on SQLite and locale-bound on PostgreSQL) and joined
//! by a line feed. A word (never holding whitespace) matches a customer when its lower-cased
//! form occurs in the key. Migration 0010 indexes the key by trigrams: FTS5 on SQLite,
//! pg_trgm on PostgreSQL.

use super::db::{on_db, Backend, Db};

/// The columns `q` searches, in Medusa's order.
pub const SEARCHABLE: &[&str] = &["company_name", "first_name", "last_name", "email", "phone"];

/// Words shorter than this (in characters) have no trigram to look up.
const TRIGRAM: usize = 3;

/// The search key of a customer with these values (in [`SEARCHABLE`]'s order).
pub fn key(
    company_name: Option<&str>,
    first_name: Option<&str>,
    last_name: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
) -> String {
    [company_name, first_name, last_name, email, phone]
        .map(|value| value.unwrap_or_default().to_lowercase())
        .join("\n")
}

/// A SQL condition on the `customer` table (not aliased) that holds for the customers matching
/// every word of `words`. Each value it needs is pushed on `binds`; its placeholder is `$n`, `n`
/// being the value's 1-based position in `binds`, so the caller may push values before and after.
///
/// SQLite: the words of 3 or more characters together are one FTS5 query (each a quoted
/// phrase; all must occur), answered from the trigram index; shorter ones are `instr` checks
/// on the rows it selected. PostgreSQL: each longer word is a `LIKE '%word%'` the trigram
/// index answers (bitmap-ANDed when there are several); shorter ones are `strpos` checks.
pub fn q_condition(backend: Backend, words: &[String], binds: &mut Vec<String>) -> String {
    let words: Vec<String> = words.iter().map(|word| word.to_lowercase()).collect();
    let (long, short): (Vec<&String>, Vec<&String>) = words
        .iter()
        .partition(|word| word.chars().count() >= TRIGRAM);
    let mut conditions = Vec::with_capacity(words.len());
    match backend {
        Backend::Sqlite => {
            if !long.is_empty() {
                let phrases: Vec<String> = long
                    .iter()
                    .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
                    .collect();
                binds.push(phrases.join(" "));
                conditions.push(format!(
                    "{MEMBER_OF_MATCHES} WHERE customer_search MATCH ${})",
                    binds.len()
                ));
            }
            for word in short {
                binds.push(word.clone());
                conditions.push(format!("instr(search_text, ${}) > 0", binds.len()));
            }
        }
        Backend::Postgres => {
            for word in long {
                binds.push(format!("%{}%", escape_like(word)));
                conditions.push(format!("search_text LIKE ${} ESCAPE '\\'", binds.len()));
            }
            for word in short {
                binds.push(word.clone());
                conditions.push(format!("strpos(search_text, ${}) > 0", binds.len()));
            }
        }
    }
    if conditions.is_empty() {
        "TRUE".to_owned()
    } else {
        conditions.join(" AND ")
    }
}

/// The FTS5 query matching the live customers whose key holds every one of `words` (each of
/// 3 or more characters), for a count that never visits the table; `None` when a word is
/// shorter (it needs the key itself) or on PostgreSQL (whose index is lossy and rechecked).
pub fn index_only_match(backend: Backend, words: &[String]) -> Option<String> {
    if backend != Backend::Sqlite || words.is_empty() {
        return None;
    }
    let mut phrases = Vec::with_capacity(words.len());
    for word in words {
        let word = word.to_lowercase();
        if word.chars().count() < TRIGRAM {
            return None;
        }
        phrases.push(format!("\"{}\"", word.replace('"', "\"\"")));
    }
    Some(phrases.join(" "))
}

/// The SQLite search condition's membership test, as [`q_condition`] writes it.
const MEMBER_OF_MATCHES: &str = "rowid IN (SELECT rowid FROM customer_search";

/// Whether a SQLite page of a search with `matches` matches is better found by walking the
/// sort order's index, keeping the rows whose rowid is among the matches, than by fetching
/// every match and sorting them. The walk visits about `(limit + offset) × rows / matches`
/// index entries, each checked from the index alone; fetching visits `matches` rows. With a
/// thousand matches or more and a page in their first twentieth, the walk stops early
/// (`q=ann` at 100 000 customers: 5 420 matches, some 370 entries walked for 20 rows).
pub fn prefers_walk(matches: i64, limit: i64, offset: i64) -> bool {
    matches >= 1000 && limit.saturating_add(offset).saturating_mul(20) <= matches
}

/// `select` with its search membership test kept out of the planner's index choice (a unary
/// `+` on `rowid`), so SQLite walks the index of the `ORDER BY` and stops at the page's end
/// instead of looking every match up by rowid and sorting them.
pub fn walk_sort_index(select: &str) -> String {
    select.replacen(MEMBER_OF_MATCHES, &format!("+{MEMBER_OF_MATCHES}"), 1)
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

/// How many rows [`fill_missing_keys`] writes per statement batch.
const FILL_BATCH: i64 = 1000;

/// Writes the search key of every customer that has none: the rows that existed before
/// migration 0010 (which cannot fold case as the app does). Run at start-up, after the
/// migrations; a no-op once every row has its key. Returns how many rows it filled.
pub async fn fill_missing_keys(db: &Db) -> Result<u64, sqlx::Error> {
    type Row = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let select = "SELECT id, company_name, first_name, last_name, email, phone FROM customer \
                  WHERE search_text IS NULL LIMIT $1";
    let update = "UPDATE customer SET search_text = $2 WHERE id = $1";
    let mut filled = 0;
    loop {
        let written = on_db!(db, pool => {
            let rows: Vec<Row> = sqlx::query_as(select).bind(FILL_BATCH).fetch_all(pool).await?;
            let mut tx = pool.begin().await?;
            for (id, company, first, last, email, phone) in &rows {
                let key = key(
                    company.as_deref(),
                    first.as_deref(),
                    last.as_deref(),
                    email.as_deref(),
                    phone.as_deref(),
                );
                sqlx::query(update).bind(id).bind(key).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            rows.len() as u64
        });
        filled += written;
        if written < FILL_BATCH as u64 {
            return Ok(filled);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_holds_each_value_lower_cased_on_its_own_line() {
        assert_eq!(
            key(
                Some("ÅSA AB"),
                Some("Émile"),
                None,
                Some("E@X.COM"),
                Some("+1")
            ),
            "åsa ab\némile\n\ne@x.com\n+1"
        );
    }

    #[test]
    fn sqlite_looks_long_words_up_in_the_index_and_checks_short_ones() {
        let mut binds = vec!["before".to_owned()];
        let words = vec!["Doe".to_owned(), "ab".to_owned(), "Sa\"y".to_owned()];
        let sql = q_condition(Backend::Sqlite, &words, &mut binds);
        assert_eq!(binds, ["before", "\"doe\" \"sa\"\"y\"", "ab"]);
        assert_eq!(
            sql,
            "rowid IN (SELECT rowid FROM customer_search WHERE customer_search MATCH $2) \
             AND instr(search_text, $3) > 0"
        );
    }

    #[test]
    fn postgres_matches_every_word_literally() {
        let mut binds = vec!["before".to_owned()];
        let words = vec!["DOE".to_owned(), "50%".to_owned(), "a_".to_owned()];
        let sql = q_condition(Backend::Postgres, &words, &mut binds);
        assert_eq!(binds, ["before", "%doe%", "%50\\%%", "a_"]);
        assert_eq!(
            sql,
            "search_text LIKE $2 ESCAPE '\\' AND search_text LIKE $3 ESCAPE '\\' \
             AND strpos(search_text, $4) > 0"
        );
    }

    #[test]
    fn a_common_word_walks_the_sort_index_and_a_rare_one_looks_matches_up() {
        assert!(prefers_walk(5420, 20, 0));
        assert!(!prefers_walk(538, 20, 0), "rare: fetch the matches");
        assert!(!prefers_walk(5420, 20, 300), "deep page: fetch the matches");
        let mut binds = Vec::new();
        let condition = q_condition(Backend::Sqlite, &["ann".to_owned()], &mut binds);
        let select = format!("SELECT id FROM customer WHERE {condition} ORDER BY id");
        let walked = walk_sort_index(&select);
        assert!(
            walked.contains("+rowid IN (SELECT rowid FROM customer_search WHERE"),
            "{walked}"
        );
        assert_eq!(walked.replacen("+rowid", "rowid", 1), select);
    }

    #[test]
    fn only_searches_of_long_words_on_sqlite_count_from_the_index() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            index_only_match(Backend::Sqlite, &words(&["Ann", "smi"])).as_deref(),
            Some("\"ann\" \"smi\"")
        );
        assert_eq!(
            index_only_match(Backend::Sqlite, &words(&["ann", "s"])),
            None
        );
        assert_eq!(index_only_match(Backend::Postgres, &words(&["ann"])), None);
    }
}
