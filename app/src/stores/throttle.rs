//! SQL for the `auth_throttle` table: sign-in attempt counters shared by every instance on
//! the database (GCRA: one "theoretical arrival time" per key, in epoch milliseconds).

use std::time::Duration;

use super::db::{on_db, Db};

/// Concurrent attempts read the clock before they queue for the row, so one that comes
/// second may carry a time a little earlier than the one before it; without some slack it
/// could be refused while the bucket still holds an attempt. One second early is all it
/// lets an attempt be, and never more than half an interval, so it cannot add an attempt to
/// a burst.
const CLOCK_SLACK_MS: i64 = 1_000;

/// Takes one attempt from `key`'s bucket at `now_ms`: each attempt moves the key's arrival
/// time `interval` further, and an attempt is allowed while that time is at most
/// `tolerance` ahead of now. One atomic statement, so concurrent instances cannot both take
/// the last attempt. `Ok(None)`: allowed; `Ok(Some(wait))`: refused for `wait`.
pub async fn take(
    db: &Db,
    key: &str,
    now_ms: i64,
    interval: Duration,
    tolerance: Duration,
) -> Result<Option<Duration>, sqlx::Error> {
    let interval_ms = millis(interval);
    let tolerance_ms = millis(tolerance) + CLOCK_SLACK_MS.min(interval_ms / 2);
    let taken: Option<i64> = on_db!(db, pool => {
        sqlx::query_scalar(
            "INSERT INTO auth_throttle (key, tat_ms) VALUES ($1, $2 + $3) \
             ON CONFLICT (key) DO UPDATE SET tat_ms = \
                 (CASE WHEN auth_throttle.tat_ms > $2 THEN auth_throttle.tat_ms ELSE $2 END) + $3 \
             WHERE auth_throttle.tat_ms <= $2 + $4 \
             RETURNING tat_ms",
        )
        .bind(key)
        .bind(now_ms)
        .bind(interval_ms)
        .bind(tolerance_ms)
        .fetch_optional(pool)
        .await?
    });
    if taken.is_some() {
        return Ok(None);
    }
    let arrival: Option<i64> = on_db!(db, pool => {
        sqlx::query_scalar("SELECT tat_ms FROM auth_throttle WHERE key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await?
    });
    let wait_ms = arrival.map_or(0, |tat| tat - now_ms - tolerance_ms).max(0);
    Ok(Some(Duration::from_millis(wait_ms.unsigned_abs())))
}

/// Deletes one key's counter: its bucket is full again.
pub async fn clear(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query("DELETE FROM auth_throttle WHERE key = $1")
            .bind(key)
            .execute(pool)
            .await
            .map(drop)?
    });
    Ok(())
}

/// Deletes counters whose bucket is full again (arrival time in the past): they are the same
/// as no row.
pub async fn forget_idle(db: &Db, now_ms: i64) -> Result<u64, sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query("DELETE FROM auth_throttle WHERE tat_ms < $1")
            .bind(now_ms)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
