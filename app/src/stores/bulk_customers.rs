//! SQL for `server seed --customers N --varied`: many customers, their logins and group
//! memberships in multi-row statements (hundreds of rows per round trip), then fresh
//! planner statistics.

use chrono::{DateTime, Utc};

use super::{
    customer_search,
    db::{on_db, on_tx, Db, Tx},
};
use crate::{
    auth::PasswordHash,
    shared::{AuthIdentityId, CustomerGroupId, CustomerGroupMembershipId, CustomerId},
};

/// A customer to insert, with the groups (by id) it belongs to.
pub struct BulkCustomer {
    pub id: CustomerId,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub company_name: Option<String>,
    pub phone: Option<String>,
    pub has_account: bool,
    pub created_at: DateTime<Utc>,
    pub groups: Vec<CustomerGroupId>,
}

/// The live group named `name`, made (by nobody, now) when there is none.
pub async fn group_named(tx: &mut Tx, name: &str) -> Result<CustomerGroupId, sqlx::Error> {
    let find = "SELECT id FROM customer_group WHERE name = $1 AND deleted_at IS NULL";
    let found: Option<String> = on_tx!(tx, conn => {
        sqlx::query_scalar(find).bind(name).fetch_optional(&mut **conn).await?
    });
    if let Some(id) = found.and_then(|id| CustomerGroupId::parse(&id)) {
        return Ok(id);
    }
    let id = CustomerGroupId::generate();
    let insert = "INSERT INTO customer_group (id, name, created_at, updated_at) \
                  VALUES ($1, $2, $3, $3)";
    on_tx!(tx, conn => {
        sqlx::query(insert)
            .bind(id.as_str())
            .bind(name)
            .bind(super::db::now())
            .execute(&mut **conn)
            .await
            .map(drop)
    })?;
    Ok(id)
}

/// How many customers there are, deleted ones included (the seed numbers after them).
pub async fn count_all(db: &Db) -> Result<i64, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM customer").fetch_one(pool).await)
}

/// Inserts `rows` (a few hundred: every value is a bound parameter), a login with
/// `password_hash` for each registered one, and their memberships.
pub async fn insert(
    tx: &mut Tx,
    rows: &[BulkCustomer],
    password_hash: &PasswordHash,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    on_tx!(tx, conn => {
        let mut customers = sqlx::QueryBuilder::new(
            "INSERT INTO customer (id, email, email_normalized, company_name, first_name, \
             last_name, phone, has_account, created_at, updated_at, search_text) ",
        );
        customers.push_values(rows, |mut row, c| {
            row.push_bind(c.id.as_str())
                .push_bind(&c.email)
                .push_bind(c.email.to_ascii_lowercase())
                .push_bind(c.company_name.as_deref())
                .push_bind(&c.first_name)
                .push_bind(&c.last_name)
                .push_bind(c.phone.as_deref())
                .push_bind(c.has_account)
                .push_bind(c.created_at)
                .push_bind(c.created_at)
                .push_bind(customer_search::key(
                    c.company_name.as_deref(),
                    Some(&c.first_name),
                    Some(&c.last_name),
                    Some(&c.email),
                    c.phone.as_deref(),
                ));
        });
        customers.build().execute(&mut **conn).await?;
        let registered: Vec<&BulkCustomer> = rows.iter().filter(|c| c.has_account).collect();
        if !registered.is_empty() {
            let mut logins = sqlx::QueryBuilder::new(
                "INSERT INTO auth_identity (id, provider, actor_type, email, email_normalized, \
                 password_hash, customer_id, created_at, updated_at) ",
            );
            logins.push_values(registered, |mut row, c| {
                row.push_bind(AuthIdentityId::generate().as_str().to_owned())
                    .push_bind("emailpass")
                    .push_bind("customer")
                    .push_bind(&c.email)
                    .push_bind(c.email.to_ascii_lowercase())
                    .push_bind(password_hash.as_str())
                    .push_bind(c.id.as_str())
                    .push_bind(c.created_at)
                    .push_bind(c.created_at);
            });
            logins.build().execute(&mut **conn).await?;
        }
        let memberships: Vec<(&BulkCustomer, &CustomerGroupId)> = rows
            .iter()
            .flat_map(|c| c.groups.iter().map(move |g| (c, g)))
            .collect();
        if !memberships.is_empty() {
            let mut members = sqlx::QueryBuilder::new(
                "INSERT INTO customer_group_customer (id, customer_id, customer_group_id, \
                 created_at, updated_at) ",
            );
            members.push_values(memberships, |mut row, (c, g)| {
                row.push_bind(CustomerGroupMembershipId::generate().as_str().to_owned())
                    .push_bind(c.id.as_str())
                    .push_bind(g.as_str())
                    .push_bind(c.created_at)
                    .push_bind(c.created_at);
            });
            members.build().execute(&mut **conn).await?;
        }
        Ok(())
    })
}

/// Fresh planner statistics after a bulk load (and, on PostgreSQL, the visibility map that
/// lets counts read indexes alone).
pub async fn analyze(db: &Db) -> Result<(), sqlx::Error> {
    match db {
        Db::Sqlite(pool) => {
            sqlx::query("ANALYZE").execute(pool).await?;
        }
        Db::Postgres(pool) => {
            sqlx::query("VACUUM ANALYZE customer, auth_identity, customer_group_customer")
                .execute(pool)
                .await?;
        }
    }
    Ok(())
}
