//! SQL for the admin customer list: live customers matching the filters, one page in the
//! requested order, and how many match in all; and the same set in keyset batches for the
//! CSV export.
//!
//! Every condition is one an index can serve (migration 0010 adds them): `q` comes from
//! [`customer_search::q_condition`]; `email` is `email_normalized = $n AND email = $m`, so the
//! unique `(email_normalized, has_account)` index finds the rows and the exact, case-sensitive
//! comparison (Medusa's) is checked on them; `groups` is an `IN (SELECT …)` over the
//! membership table's pair index; the page is `ORDER BY <column>, id`, a walk of the
//! column's live index that stops after the page.
//!
//! The count must be exact, so it visits every match; two shapes have a cheaper statement
//! for it than `COUNT(*)` over the filtered table ([`count_statement`]): no filter on SQLite
//! counts the live-id index rather than the table; a `groups` filter
//! alone counts membership rows (index-only; memberships exist for live customers only), and
//! on SQLite a `q` of long words alone counts index entries (the index holds live customers
//! only). The page and the count run at the same time, each on its own connection.

use super::{
    customer_search,
    customers::{CustomerRow, COLUMNS},
    db::{on_db, Backend, Db},
    paging::{bind_all, fetch_count, fetch_page_counted, fetch_rows, order_by, Bind, Where},
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

impl ListFilter<'_> {
    /// Whether nothing but `groups` and `q` filters.
    fn has_only_groups_and_q(&self) -> bool {
        self.emails.is_empty()
            && self.has_account.is_none()
            && self.ids.is_empty()
            && self.first_names.is_empty()
            && self.last_names.is_empty()
            && self.company_names.is_empty()
            && self.created_by.is_empty()
            && self.created_at.is_empty()
            && self.updated_at.is_empty()
    }

    /// Whether there is no filter at all.
    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.groups.is_empty() && self.has_only_groups_and_q()
    }

    /// Whether `groups` is the only filter.
    fn is_groups_only(&self) -> bool {
        !self.groups.is_empty() && self.words.is_empty() && self.has_only_groups_and_q()
    }

    /// Whether `q` is the only filter.
    fn is_search_only(&self) -> bool {
        !self.words.is_empty() && self.groups.is_empty() && self.has_only_groups_and_q()
    }
}

/// The statement counting `filter`'s matches, with its values: `COUNT(*)` over `condition`
/// unless a cheaper statement counts the same set (see the module's doc).
fn count_statement(db: &Db, filter: &ListFilter<'_>, condition: &Where) -> (String, Vec<Bind>) {
    if filter.is_groups_only() {
        let mut groups = Where::default();
        let list = groups.in_list(filter.groups);
        let what = if filter.groups.len() == 1 {
            "COUNT(*)"
        } else {
            "COUNT(DISTINCT customer_id)"
        };
        return (
            format!(
                "SELECT {what} FROM customer_group_customer WHERE customer_group_id IN ({list})"
            ),
            groups.binds,
        );
    }
    if filter.is_empty() && db.backend() == Backend::Sqlite {
        // SQLite would count by scanning the table; the live-id index is a fraction of it.
        return (
            "SELECT COUNT(*) FROM customer INDEXED BY customer_live_id WHERE deleted_at IS NULL"
                .to_owned(),
            Vec::new(),
        );
    }
    if filter.is_search_only() {
        if let Some(query) = customer_search::index_only_match(db.backend(), filter.words) {
            return (
                "SELECT COUNT(*) FROM customer_search WHERE customer_search MATCH $1".to_owned(),
                vec![Bind::Text(query)],
            );
        }
    }
    (
        format!("SELECT COUNT(*) FROM customer {}", condition.sql),
        condition.binds.clone(),
    )
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
    let (count, count_binds) = count_statement(db, filter, &condition);
    if db.backend() == Backend::Sqlite && filter.is_search_only() && count.contains("MATCH") {
        // The count reads the search index alone (well under a millisecond), so it goes
        // first and picks the page's plan: see [`customer_search::walk_sort_index`].
        let total = fetch_count(db, &count, &count_binds).await?;
        let select = if customer_search::prefers_walk(total, limit, offset) {
            customer_search::walk_sort_index(&select)
        } else {
            select
        };
        let rows: Vec<CustomerRow> = fetch_rows(db, &select, &condition, limit, offset).await?;
        let customers = rows
            .into_iter()
            .map(CustomerRow::into_customer)
            .collect::<Result<_, _>>()?;
        return Ok((customers, total));
    }
    let (rows, total): (Vec<CustomerRow>, i64) = fetch_page_counted(
        db,
        &select,
        &condition,
        (&count, &count_binds),
        limit,
        offset,
    )
    .await?;
    let customers = rows
        .into_iter()
        .map(CustomerRow::into_customer)
        .collect::<Result<_, _>>()?;
    Ok((customers, total))
}

/// The next `limit` live customers matching `filter` in `sort`'s order after `after` (the
/// last of the previous batch; `None` for the first): the CSV export's keyset walk, each
/// batch a fresh index range, so memory stays one batch whatever the set's size.
///
/// For a column that is never NULL the resume point is a row comparison,
/// `(column, id) > ($v, $id)`, which both databases answer by seeking the `(column, id)`
/// index. A column that may be NULL needs an `OR` for where the NULLs sort, which the
/// planners answer by walking the index from its start, filtering: correct, slower on
/// large sets.
pub async fn batch_after(
    db: &Db,
    filter: &ListFilter<'_>,
    sort: Sort,
    after: Option<&Customer>,
    limit: i64,
) -> Result<Vec<Customer>, sqlx::Error> {
    let column = ORDERABLE
        .iter()
        .copied()
        .find(|column| *column == sort.column)
        .unwrap_or("id");
    let sort = Sort { column, ..sort };
    let nullable = !NOT_NULL.contains(&column);
    let mut condition = list_where(db, filter);
    if let Some(last) = after {
        let resume = resume_after(&mut condition, sort, nullable, last);
        condition.and(&resume);
    }
    let order = order_by(db.backend(), sort, nullable);
    let n = condition.binds.len() + 1;
    let select = format!(
        "SELECT {COLUMNS} FROM customer {} {order} LIMIT ${n}",
        condition.sql
    );
    let rows: Vec<CustomerRow> = on_db!(db, pool => {
        bind_all!(sqlx::query_as(&select), &condition.binds)
            .bind(limit)
            .fetch_all(pool)
            .await?
    });
    rows.into_iter().map(CustomerRow::into_customer).collect()
}

/// The condition "sorts after `last`" in `sort`'s order (NULLs last ascending, first
/// descending, as [`order_by`] sorts them).
fn resume_after(condition: &mut Where, sort: Sort, nullable: bool, last: &Customer) -> String {
    let after = if sort.descending { "<" } else { ">" };
    let id = condition.bind(Bind::Text(last.id.as_str().to_owned()));
    let column = sort.column;
    let value = match column {
        "id" => return format!("id {after} {id}"),
        "created_at" => Some(Bind::At(last.created_at)),
        "updated_at" => Some(Bind::At(last.updated_at)),
        "has_account" => Some(Bind::Bool(last.has_account)),
        "email" => last.email.clone().map(Bind::Text),
        "first_name" => last.first_name.clone().map(Bind::Text),
        "last_name" => last.last_name.clone().map(Bind::Text),
        "company_name" => last.company_name.clone().map(Bind::Text),
        _ => last.phone.clone().map(Bind::Text),
    };
    match (value, nullable, sort.descending) {
        (Some(value), false, _) => {
            let v = condition.bind(value);
            format!("({column}, id) {after} ({v}, {id})")
        }
        // Ascending, NULLs last: greater values, equal ones with a greater id, then NULLs.
        (Some(value), true, false) => {
            let v = condition.bind(value);
            format!("(({column}, id) > ({v}, {id}) OR {column} IS NULL)")
        }
        // Descending, NULLs came first: only smaller values remain.
        (Some(value), true, true) => {
            let v = condition.bind(value);
            format!("({column} IS NOT NULL AND ({column}, id) < ({v}, {id}))")
        }
        (None, _, false) => format!("({column} IS NULL AND id > {id})"),
        (None, _, true) => format!("(({column} IS NULL AND id < {id}) OR {column} IS NOT NULL)"),
    }
}
