//! What every list query shares: values bound in placeholder order, `IN (…)` lists, date
//! bounds, the `ORDER BY … LIMIT … OFFSET` of a page and the count of all matches.

use chrono::{DateTime, Utc};

use super::db::{on_db, Backend, Db};
use crate::shared::{Compare, DateBound, Sort};

/// A value bound to a list query, `$n` being its 1-based position.
#[derive(Clone, Debug, PartialEq)]
pub enum Bind {
    Text(String),
    At(DateTime<Utc>),
    Bool(bool),
}

/// A `WHERE` clause built piece by piece, with its values in placeholder order.
#[derive(Debug, Default)]
pub struct Where {
    pub sql: String,
    pub binds: Vec<Bind>,
}

impl Where {
    /// Starts with a condition that binds nothing (`deleted_at IS NULL`).
    pub fn new(first: &str) -> Self {
        Self {
            sql: format!("WHERE {first}"),
            binds: Vec::new(),
        }
    }

    /// Binds `value`; returns its placeholder.
    pub fn bind(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    /// ` AND condition`.
    pub fn and(&mut self, condition: &str) {
        self.sql.push_str(" AND ");
        self.sql.push_str(condition);
    }

    /// ` AND column IN (…)` over `values`; nothing when there are none (no filter).
    pub fn and_in(&mut self, column: &str, values: &[String]) {
        if values.is_empty() {
            return;
        }
        let list = self.in_list(values);
        self.and(&format!("{column} IN ({list})"));
    }

    /// `$a, $b, …` for `values`, bound.
    pub fn in_list(&mut self, values: &[String]) -> String {
        values
            .iter()
            .map(|value| self.bind(Bind::Text(value.clone())))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// ` AND column <op> $n` for each bound.
    pub fn and_bounds(&mut self, column: &str, bounds: &[DateBound]) {
        for (compare, at) in bounds {
            let n = self.bind(Bind::At(*at));
            self.and(&format!("{column} {} {n}", compare_sql(*compare)));
        }
    }

    /// ` LIMIT $n OFFSET $m` placeholders for the values after the filter's.
    pub fn limit_offset(&self) -> String {
        let n = self.binds.len() + 1;
        format!(" LIMIT ${n} OFFSET ${}", n + 1)
    }
}

pub fn compare_sql(compare: Compare) -> &'static str {
    match compare {
        Compare::Eq => "=",
        Compare::Ne => "<>",
        Compare::Gt => ">",
        Compare::Gte => ">=",
        Compare::Lt => "<",
        Compare::Lte => "<=",
    }
}

/// `ORDER BY column dir, id dir`, so that an index on `(column, id)` serves the page in
/// either direction and ties never make pages overlap. NULLs sort as PostgreSQL sorts them
/// (last ascending, first descending) on both backends: PostgreSQL does it natively (and
/// keeps the index usable); SQLite, which puts NULLs first and cannot serve `NULLS LAST`
/// from an index, orders a column that may be NULL by `column IS NULL` first (the shape of
/// its indexes in migration 0010).
pub fn order_by(backend: Backend, sort: Sort, nullable: bool) -> String {
    let direction = if sort.descending { "DESC" } else { "ASC" };
    let column = sort.column;
    if column == "id" {
        format!("ORDER BY id {direction}")
    } else if nullable && backend == Backend::Sqlite {
        format!("ORDER BY {column} IS NULL {direction}, {column} {direction}, id {direction}")
    } else {
        format!("ORDER BY {column} {direction}, id {direction}")
    }
}

/// Binds `$binds` in order onto a sqlx query.
macro_rules! bind_all {
    ($query:expr, $binds:expr) => {{
        let mut query = $query;
        for value in $binds {
            query = match value {
                $crate::stores::paging::Bind::Text(text) => query.bind(text.as_str()),
                $crate::stores::paging::Bind::At(at) => query.bind(*at),
                $crate::stores::paging::Bind::Bool(flag) => query.bind(*flag),
            };
        }
        query
    }};
}

pub(crate) use bind_all;

/// Runs `select` (ending in [`Where::limit_offset`]'s placeholders) for one page and
/// `count` for the number of matches, both over `filter`'s values.
pub async fn fetch_page<R>(
    db: &Db,
    select: &str,
    count: &str,
    filter: &Where,
    limit: i64,
    offset: i64,
) -> Result<(Vec<R>, i64), sqlx::Error>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin,
{
    fetch_page_counted(db, select, filter, (count, &filter.binds), limit, offset).await
}

/// The number `count` answers, over `binds`.
pub async fn fetch_count(db: &Db, count: &str, binds: &[Bind]) -> Result<i64, sqlx::Error> {
    on_db!(db, pool => bind_all!(sqlx::query_scalar(count), binds).fetch_one(pool).await)
}

/// One page of `select` (ending in [`Where::limit_offset`]'s placeholders) over `filter`'s
/// values.
pub async fn fetch_rows<R>(
    db: &Db,
    select: &str,
    filter: &Where,
    limit: i64,
    offset: i64,
) -> Result<Vec<R>, sqlx::Error>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin,
{
    on_db!(db, pool => {
        bind_all!(sqlx::query_as(select), &filter.binds)
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await
    })
}

/// As [`fetch_page`], the count being its own statement with its own values (a cheaper
/// query of the same set), run alongside the page on a second connection: a search then
/// waits for the slower of the two rather than for both.
pub async fn fetch_page_counted<R>(
    db: &Db,
    select: &str,
    filter: &Where,
    (count, count_binds): (&str, &[Bind]),
    limit: i64,
    offset: i64,
) -> Result<(Vec<R>, i64), sqlx::Error>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin,
{
    on_db!(db, pool => {
        let rows = bind_all!(sqlx::query_as(select), &filter.binds)
            .bind(limit)
            .bind(offset)
            .fetch_all(pool);
        let total = bind_all!(sqlx::query_scalar(count), count_binds).fetch_one(pool);
        tokio::try_join!(rows, total)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_number_their_values_in_order() {
        let mut filter = Where::new("deleted_at IS NULL");
        filter.and_in("email", &["a".to_owned(), "b".to_owned()]);
        filter.and_in("phone", &[]);
        filter.and_bounds("created_at", &[(Compare::Gte, Utc::now())]);
        assert_eq!(
            filter.sql,
            "WHERE deleted_at IS NULL AND email IN ($1, $2) AND created_at >= $3"
        );
        assert_eq!(filter.limit_offset(), " LIMIT $4 OFFSET $5");
    }

    #[test]
    fn pages_order_by_the_column_then_the_id() {
        let sort = Sort {
            column: "email",
            descending: true,
        };
        assert_eq!(
            order_by(Backend::Postgres, sort, true),
            "ORDER BY email DESC, id DESC"
        );
        assert_eq!(
            order_by(Backend::Sqlite, sort, true),
            "ORDER BY email IS NULL DESC, email DESC, id DESC"
        );
        assert_eq!(
            order_by(Backend::Sqlite, Sort::BY_ID, false),
            "ORDER BY id ASC"
        );
    }
}
