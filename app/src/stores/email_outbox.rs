//! SQL for the `email_outbox` table: messages waiting to be delivered, and the leases that
//! let several workers (one per instance, all on one database) share the queue without
//! sending a message twice.

use chrono::{DateTime, Utc};

use super::db::{on_db, on_tx, Db, Tx};
use crate::shared::EmailId;

/// A message to queue.
pub struct NewEmail<'a> {
    pub id: &'a EmailId,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
    pub now: DateTime<Utc>,
}

const INSERT: &str = "INSERT INTO email_outbox \
     (id, recipient, subject, body_text, body_html, attempts, next_attempt_at, created_at) \
     VALUES ($1, $2, $3, $4, $5, 0, $6, $6)";

/// Queues a message inside the caller's transaction: it is delivered only if that commits.
pub async fn insert(tx: &mut Tx, email: &NewEmail<'_>) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(INSERT)
            .bind(email.id.as_str())
            .bind(email.recipient)
            .bind(email.subject)
            .bind(email.body_text)
            .bind(email.body_html)
            .bind(email.now)
            .execute(&mut **conn)
            .await
            .map(drop)
    })
}

/// Queues a message on its own.
pub async fn insert_db(db: &Db, email: &NewEmail<'_>) -> Result<(), sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query(INSERT)
            .bind(email.id.as_str())
            .bind(email.recipient)
            .bind(email.subject)
            .bind(email.body_text)
            .bind(email.body_html)
            .bind(email.now)
            .execute(pool)
            .await
            .map(drop)
    })
}

/// A message a worker has leased and now tries to deliver.
#[derive(Debug, sqlx::FromRow)]
pub struct Claimed {
    #[sqlx(try_from = "String")]
    pub id: EmailId,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// Attempts started, this one included.
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
}

/// Leases up to `limit` messages that are due (and not leased by a live worker) to `worker`
/// until `lease_until`, counting the attempt. PostgreSQL skips rows another instance is
/// claiming at the same moment; SQLite has one writer at a time anyway.
pub async fn claim_due(
    db: &Db,
    worker: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    const DUE: &str = "sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2 \
                       AND (locked_until IS NULL OR locked_until <= $2)";
    let skip_locked = match db {
        Db::Sqlite(_) => "",
        Db::Postgres(_) => " FOR UPDATE SKIP LOCKED",
    };
    let sql = format!(
        "UPDATE email_outbox SET locked_by = $1, locked_until = $3, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM email_outbox WHERE {DUE} \
                      ORDER BY next_attempt_at, id LIMIT $4{skip_locked}) \
         AND {DUE} \
         RETURNING id, recipient, subject, body_text, body_html, attempts, created_at"
    );
    on_db!(db, pool => {
        sqlx::query_as(&sql)
            .bind(worker)
            .bind(now)
            .bind(lease_until)
            .bind(limit)
            .fetch_all(pool)
            .await
    })
}

/// Records a delivery. Only the lease holder may: `false` if the lease was lost.
pub async fn mark_sent(
    db: &Db,
    id: &EmailId,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE email_outbox \
               SET sent_at = $3, locked_by = NULL, locked_until = NULL, last_error = NULL \
               WHERE id = $1 AND locked_by = $2 AND sent_at IS NULL";
    on_db!(db, pool => {
        sqlx::query(sql)
            .bind(id.as_str())
            .bind(worker)
            .bind(now)
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1)
    })
}

/// Gives a leased message back untried (the worker is stopping): the attempt does not count.
pub async fn release(db: &Db, id: &EmailId, worker: &str) -> Result<(), sqlx::Error> {
    let sql = "UPDATE email_outbox \
               SET attempts = attempts - 1, locked_by = NULL, locked_until = NULL \
               WHERE id = $1 AND locked_by = $2 AND sent_at IS NULL";
    on_db!(db, pool => {
        sqlx::query(sql)
            .bind(id.as_str())
            .bind(worker)
            .execute(pool)
            .await
            .map(drop)
    })
}

/// What happens after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterFailure {
    RetryAt(DateTime<Utc>),
    GiveUp,
}

/// Records a failed attempt and releases the lease: tried again at the given time, or never.
pub async fn mark_failed(
    db: &Db,
    id: &EmailId,
    worker: &str,
    error: &str,
    then: AfterFailure,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let (next_attempt_at, failed_at) = match then {
        AfterFailure::RetryAt(at) => (Some(at), None),
        AfterFailure::GiveUp => (None, Some(now)),
    };
    let sql = "UPDATE email_outbox \
               SET last_error = $3, next_attempt_at = COALESCE($4, next_attempt_at), \
                   failed_at = $5, locked_by = NULL, locked_until = NULL \
               WHERE id = $1 AND locked_by = $2 AND sent_at IS NULL";
    on_db!(db, pool => {
        sqlx::query(sql)
            .bind(id.as_str())
            .bind(worker)
            .bind(error)
            .bind(next_attempt_at)
            .bind(failed_at)
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1)
    })
}

/// When the next message becomes due (a retry, or a lease that runs out), if any is pending.
pub async fn next_due(db: &Db) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let sql = "SELECT MIN(CASE WHEN locked_until > next_attempt_at THEN locked_until \
                               ELSE next_attempt_at END) \
               FROM email_outbox WHERE sent_at IS NULL AND failed_at IS NULL";
    on_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await)
}

/// A message's delivery record, for operators and tests.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Status {
    pub recipient: String,
    pub subject: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
}

pub async fn status(db: &Db, id: &EmailId) -> Result<Option<Status>, sqlx::Error> {
    let sql = "SELECT recipient, subject, attempts, next_attempt_at, last_error, created_at, \
                      sent_at, failed_at \
               FROM email_outbox WHERE id = $1";
    on_db!(db, pool => {
        sqlx::query_as(sql).bind(id.as_str()).fetch_optional(pool).await
    })
}
