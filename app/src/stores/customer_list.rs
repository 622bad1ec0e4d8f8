//! SQL for the admin customer list: live customers matching the filters, one page in the
//! requested order, and how many match in all.
//!
//! Every condition is one an index can serve (migration 0010 adds them): `q` comes from
//! [`customer_search::q_condition`]; `email` is `email_normalized = $n AND email = $m`, so the
//! unique `(email_normalized, has_account)` index finds the rows and the exact, case-sensitive
//! comparison (Medusa's) is checked on them; `groups` is an `IN (SELECT …)` over the
//! membership table's customer index; the page is `ORDER BY <column>, id`.

use super::{
    customer_search,
    customers::{CustomerRow, COLUMNS},
    db::Db,
    paging::{fetch_page, order_by, Bind, Where},
};
use crate::shared::{Customer, DateBound, Sort};

/// The columns a list may be ordered by; every one but `id`, `created_at`, `updated_at` and
/// `has_account` may be NULL.
pub const ORDERABLE: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "email",
    "first_name",
    "last_name",
    "company_name",
    "phone",
    "has_account",
];

const NOT_NULL: &[&str] = &["id", "created_at", "updated_at", "has_account"];

/// What a list asks for. Each non-empty list is "any of these values"; every `q` word must
/// match; every date bound must hold.
#[derive(Clone, Debug, Default)]
pub struct ListFilter<'a> {
    pub words: &'a [String],
    /// Exact emails, each with its normalized form (the index key).
    pub emails: &'a [(String, String)],
    pub has_account: Option<bool>,
    pub groups: &'a [String],
    pub ids: &'a [String],
    pub first_names: &'a [String],
    pub last_names: &'a [String],
    pub company_names: &'a [String],
    pub created_by: &'a [String],
    pub created_at: &'a [DateBound],
    pub updated_at: &'a [DateBound],
}

fn list_where(db: &Db, filter: &ListFilter<'_>) -> Where {
    let mut condition = Where::new("deleted_at IS NULL");
    if !filter.words.is_empty() {
        // The search helper numbers its values after ours, in a list of its own.
        let mut texts: Vec<String> = condition.binds.iter().map(|_| String::new()).collect();
        let before = texts.len();
        let sql = customer_search::q_condition(db.backend(), filter.words, &mut texts);
        condition
            .binds
            .extend(texts.into_iter().skip(before).map(Bind::Text));
        condition.and(&sql);
    }
    if !filter.emails.is_empty() {
        let any: Vec<String> = filter
            .emails
            .iter()
            .map(|(email, normalized)| {
                let n = condition.bind(Bind::Text(normalized.clone()));
                let e = condition.bind(Bind::Text(email.clone()));
                format!("(email_normalized = {n} AND email = {e})")
            })
            .collect();
        condition.and(&format!("({})", any.join(" OR ")));
    }
    if let Some(has_account) = filter.has_account {
        let n = condition.bind(Bind::Bool(has_account));
        condition.and(&format!("has_account = {n}"));
    }
    if !filter.groups.is_empty() {
        let list = condition.in_list(filter.groups);
        condition.and(&format!(
            "id IN (SELECT customer_id FROM customer_group_customer \
             WHERE customer_group_id IN ({list}))"
        ));
    }
    condition.and_in("id", filter.ids);
    condition.and_in("first_name", filter.first_names);
    condition.and_in("last_name", filter.last_names);
    condition.and_in("company_name", filter.company_names);
    condition.and_in("created_by", filter.created_by);
    condition.and_bounds("created_at", filter.created_at);
    condition.and_bounds("updated_at", filter.updated_at);
    condition
}

/// One page of live customers matching `filter` (without addresses or groups), and how
/// many match in all.
pub async fn list(
    db: &Db,
    filter: &ListFilter<'_>,
    sort: Sort,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Customer>, i64), sqlx::Error> {
    let column = ORDERABLE
        .iter()
        .copied()
        .find(|column| *column == sort.column)
        .unwrap_or("id");
    let sort = Sort { column, ..sort };
    let condition = list_where(db, filter);
    let order = order_by(db.backend(), sort, !NOT_NULL.contains(&column));
    let select = format!(
        "SELECT {COLUMNS} FROM customer {} {order}{}",
        condition.sql,
        condition.limit_offset()
    );
    let count = format!("SELECT COUNT(*) FROM customer {}", condition.sql);
    let (rows, total): (Vec<CustomerRow>, i64) =
        fetch_page(db, &select, &count, &condition, limit, offset).await?;
    let customers = rows
        .into_iter()
        .map(CustomerRow::into_customer)
        .collect::<Result<_, _>>()?;
    Ok((customers, total))
}
