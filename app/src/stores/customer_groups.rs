//! SQL for the `customer_group` and `customer_group_customer` tables: customer groups and
//! their members.

use chrono::{DateTime, Utc};
use sqlx::types::Json;

use super::{
    addresses::escape_like,
    customers::CustomerRow,
    db::{on_db, on_tx, Db, Tx, Unique},
    paging::{fetch_page, order_by, Bind, Where},
};
use crate::shared::{
    Customer, CustomerGroup, CustomerGroupId, CustomerGroupMembershipId, CustomerId, DateBound,
    Metadata, Sort,
};

pub(super) const COLUMNS: &str =
    "id, name, metadata, created_by, created_at, updated_at, deleted_at";

/// The columns a list may be ordered by: every column a group shows.
pub const ORDERABLE: &[&str] = &[
    "id",
    "name",
    "metadata",
    "created_by",
    "created_at",
    "updated_at",
    "deleted_at",
];

#[derive(sqlx::FromRow)]
pub(super) struct GroupRow {
    id: String,
    name: String,
    metadata: Option<Json<Metadata>>,
    created_by: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    deleted_at: Option<DateTime<Utc>>,
}

impl GroupRow {
    pub(super) fn into_group(self) -> Result<CustomerGroup, sqlx::Error> {
        Ok(CustomerGroup {
            id: CustomerGroupId::parse(&self.id).ok_or_else(|| {
                sqlx::Error::Decode(format!("malformed id in customer_group: {:?}", self.id).into())
            })?,
            name: self.name,
            metadata: self.metadata.map(|Json(metadata)| metadata),
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            deleted_at: self.deleted_at,
            customers: Vec::new(),
        })
    }
}

fn into_groups(rows: Vec<GroupRow>) -> Result<Vec<CustomerGroup>, sqlx::Error> {
    rows.into_iter().map(GroupRow::into_group).collect()
}

/// A live group.
pub async fn find(db: &Db, id: &CustomerGroupId) -> Result<Option<CustomerGroup>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM customer_group WHERE id = $1 AND deleted_at IS NULL");
    let row: Option<GroupRow> = on_db!(db, pool => {
        sqlx::query_as(&sql).bind(id.as_str()).fetch_optional(pool).await?
    });
    row.map(GroupRow::into_group).transpose()
}

/// As [`find`], inside a write transaction, locking the row on PostgreSQL.
pub async fn find_in(
    tx: &mut Tx,
    id: &CustomerGroupId,
) -> Result<Option<CustomerGroup>, sqlx::Error> {
    let lock = tx.row_lock();
    let sql =
        format!("SELECT {COLUMNS} FROM customer_group WHERE id = $1 AND deleted_at IS NULL{lock}");
    let row: Option<GroupRow> = on_tx!(tx, conn => {
        sqlx::query_as(&sql).bind(id.as_str()).fetch_optional(&mut **conn).await?
    });
    row.map(GroupRow::into_group).transpose()
}

pub enum WriteError {
    /// `customer_group_name_unique`: a live group has this name.
    NameTaken,
    Db(sqlx::Error),
}

fn write_error(error: sqlx::Error) -> WriteError {
    if Unique::CustomerGroupName.is_violated_by(&error) {
        WriteError::NameTaken
    } else {
        WriteError::Db(error)
    }
}

/// Inserts `group` as it is (its members aside).
pub async fn insert(tx: &mut Tx, group: &CustomerGroup) -> Result<(), WriteError> {
    let sql = format!("INSERT INTO customer_group ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)");
    let result = on_tx!(tx, conn => {
        sqlx::query(&sql)
            .bind(group.id.as_str())
            .bind(group.name.as_str())
            .bind(group.metadata.as_ref().map(Json))
            .bind(group.created_by.as_deref())
            .bind(group.created_at)
            .bind(group.updated_at)
            .bind(group.deleted_at)
            .execute(&mut **conn)
            .await
            .map(drop)
    });
    result.map_err(write_error)
}

/// Writes the name, metadata and `updated_at` of the live group `group.id`.
pub async fn update(tx: &mut Tx, group: &CustomerGroup) -> Result<(), WriteError> {
    let sql = "UPDATE customer_group SET name = $2, metadata = $3, updated_at = $4 \
               WHERE id = $1 AND deleted_at IS NULL";
    let result = on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(group.id.as_str())
            .bind(group.name.as_str())
            .bind(group.metadata.as_ref().map(Json))
            .bind(group.updated_at)
            .execute(&mut **conn)
            .await
            .map(drop)
    });
    result.map_err(write_error)
}

/// Marks the group deleted and removes its memberships; `false` if it was not live.
pub async fn soft_delete(
    tx: &mut Tx,
    id: &CustomerGroupId,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let mark = "UPDATE customer_group SET deleted_at = $2, updated_at = $2 \
                WHERE id = $1 AND deleted_at IS NULL";
    let detach = "DELETE FROM customer_group_customer WHERE customer_group_id = $1";
    on_tx!(tx, conn => {
        let marked = sqlx::query(mark)
            .bind(id.as_str())
            .bind(now)
            .execute(&mut **conn)
            .await?
            .rows_affected();
        sqlx::query(detach).bind(id.as_str()).execute(&mut **conn).await?;
        Ok(marked > 0)
    })
}

/// Of `ids`, those that are live customers.
pub async fn live_customers(tx: &mut Tx, ids: &[CustomerId]) -> Result<Vec<String>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id FROM customer WHERE deleted_at IS NULL AND id IN ({})",
        placeholders(1, ids.len())
    );
    on_tx!(tx, conn => {
        let mut query = sqlx::query_scalar::<_, String>(&sql);
        for id in ids {
            query = query.bind(id.as_str());
        }
        query.fetch_all(&mut **conn).await
    })
}

/// Makes each customer a member of the group unless it already is.
pub async fn add_members(
    tx: &mut Tx,
    group: &CustomerGroupId,
    customers: &[CustomerId],
    created_by: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO customer_group_customer \
               (id, customer_id, customer_group_id, created_by, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $5) \
               ON CONFLICT (customer_group_id, customer_id) DO NOTHING";
    for customer in customers {
        on_tx!(tx, conn => {
            sqlx::query(sql)
                .bind(CustomerGroupMembershipId::generate().as_str())
                .bind(customer.as_str())
                .bind(group.as_str())
                .bind(created_by)
                .bind(now)
                .execute(&mut **conn)
                .await?;
        });
    }
    Ok(())
}

/// Ends the customers' membership of the group (those who are members).
pub async fn remove_members(
    tx: &mut Tx,
    group: &CustomerGroupId,
    customers: &[CustomerId],
) -> Result<(), sqlx::Error> {
    if customers.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "DELETE FROM customer_group_customer WHERE customer_group_id = $1 AND customer_id IN ({})",
        placeholders(2, customers.len())
    );
    on_tx!(tx, conn => {
        let mut query = sqlx::query(&sql).bind(group.as_str());
        for customer in customers {
            query = query.bind(customer.as_str());
        }
        query.execute(&mut **conn).await.map(drop)
    })
}

/// `$first, …` for `count` values.
pub(super) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    customer_group_id: String,
    #[sqlx(flatten)]
    customer: CustomerRow,
}

/// Fills in the live members of each group, oldest first: one query for them all.
pub async fn load_members(db: &Db, groups: &mut [CustomerGroup]) -> Result<(), sqlx::Error> {
    if groups.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT m.customer_group_id, c.id, c.email, c.company_name, c.first_name, c.last_name, \
         c.phone, c.has_account, c.metadata, c.created_by, c.created_at, c.updated_at, \
         c.deleted_at \
         FROM customer_group_customer m JOIN customer c ON c.id = m.customer_id \
         WHERE c.deleted_at IS NULL AND m.customer_group_id IN ({}) ORDER BY c.id",
        placeholders(1, groups.len())
    );
    let rows: Vec<MemberRow> = on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql);
        for group in groups.iter() {
            query = query.bind(group.id.as_str());
        }
        query.fetch_all(pool).await?
    });
    for row in rows {
        let customer: Customer = row.customer.into_customer()?;
        if let Some(group) = groups
            .iter_mut()
            .find(|group| group.id.as_str() == row.customer_group_id)
        {
            group.customers.push(customer);
        }
    }
    Ok(())
}

pub use crate::shared::Compare;

/// What a list asks for: every `q` word must occur in the name (any case); `id`, `name`
/// and `created_by` are exact and each is `IN` its values; `members`: groups with any of
/// these customers; each date bound must hold (a `deleted_at` bound holds for no live
/// group).
#[derive(Clone, Debug, Default)]
pub struct ListFilter<'a> {
    pub words: &'a [String],
    pub ids: &'a [String],
    pub names: &'a [String],
    pub created_by: &'a [String],
    pub members: &'a [String],
    pub created_at: &'a [DateBound],
    pub updated_at: &'a [DateBound],
    pub deleted_at: &'a [DateBound],
}

/// `WHERE …` for live groups matching `filter`, with the values to bind from `$1` on.
fn list_where(filter: &ListFilter<'_>) -> Where {
    let mut condition = Where::new("deleted_at IS NULL");
    for word in filter.words {
        let n = condition.bind(Bind::Text(format!(
            "%{}%",
            escape_like(&word.to_lowercase())
        )));
        condition.and(&format!("LOWER(name) LIKE {n} ESCAPE '\\'"));
    }
    condition.and_in("id", filter.ids);
    condition.and_in("name", filter.names);
    condition.and_in("created_by", filter.created_by);
    if !filter.members.is_empty() {
        let list = condition.in_list(filter.members);
        condition.and(&format!(
            "id IN (SELECT customer_group_id FROM customer_group_customer \
             WHERE customer_id IN ({list}))"
        ));
    }
    condition.and_bounds("created_at", filter.created_at);
    condition.and_bounds("updated_at", filter.updated_at);
    condition.and_bounds("deleted_at", filter.deleted_at);
    condition
}

/// One page of live groups matching `filter`, and how many match in all.
pub async fn list(
    db: &Db,
    filter: &ListFilter<'_>,
    sort: Sort,
    limit: i64,
    offset: i64,
) -> Result<(Vec<CustomerGroup>, i64), sqlx::Error> {
    let condition = list_where(filter);
    // Only `metadata`, `created_by` and `deleted_at` may be NULL; marking every column
    // nullable costs SQLite nothing on a table this small.
    let order = order_by(db.backend(), sort, sort.column != "id");
    let select = format!(
        "SELECT {COLUMNS} FROM customer_group {} {order}{}",
        condition.sql,
        condition.limit_offset()
    );
    let count = format!("SELECT COUNT(*) FROM customer_group {}", condition.sql);
    let (rows, total): (Vec<GroupRow>, i64) =
        fetch_page(db, &select, &count, &condition, limit, offset).await?;
    Ok((into_groups(rows)?, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_must_occur_in_the_name_and_filters_are_in_lists() {
        let words = vec!["VIP".to_owned(), "50%".to_owned()];
        let names = vec!["a".to_owned(), "b".to_owned()];
        let at = Utc::now();
        let created = [(Compare::Gte, at)];
        let filter = ListFilter {
            words: &words,
            names: &names,
            created_at: &created,
            ..Default::default()
        };
        let condition = list_where(&filter);
        let sql = &condition.sql;
        assert!(sql.contains("LOWER(name) LIKE $1"), "{sql}");
        assert!(sql.contains("LOWER(name) LIKE $2"), "{sql}");
        assert!(sql.contains("name IN ($3, $4)"), "{sql}");
        assert!(sql.contains("created_at >= $5"), "{sql}");
        assert_eq!(condition.binds.len(), 5);
        assert!(matches!(&condition.binds[1], Bind::Text(t) if t == "%50\\%%"));
    }
}
