//! The delivery loop. Each instance runs one worker; all of them share the outbox table.
//! A worker leases a few due messages at a time (so no two workers send the same one), hands
//! each to the transport, and records the outcome: sent, or failed and due again after an
//! exponentially growing delay, or given up after the last attempt (the row stays, for
//! operators). It wakes when nudged, when the next retry is due, and every few seconds in
//! case another instance queued something.

use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use tokio::{sync::watch, task::JoinHandle};

use super::{message, Transport};
use crate::{
    state::AppState,
    stores::{
        db,
        email_outbox::{self, AfterFailure, Claimed},
    },
};

/// Messages leased per round.
const BATCH: i64 = 5;
/// One delivery attempt may take this long before it is abandoned as failed.
const SEND_TIMEOUT: Duration = Duration::from_secs(60);
/// The lease outlasts a whole batch of attempts, so it never runs out while its holder is
/// still working; a worker that dies leaves messages that others retry once it ends.
const LEASE: Duration = Duration::from_secs(60 * (BATCH as u64 + 1));
/// Longest sleep between looks at the outbox when nobody nudges.
const IDLE_POLL: Duration = Duration::from_secs(10);
/// Shortest one, so a message another worker is claiming right now cannot make us spin.
const MIN_POLL: Duration = Duration::from_millis(50);
/// The pause after a database error.
const DB_RETRY: Duration = Duration::from_secs(5);

/// When failed deliveries are tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first failure; it doubles with each further failure…
    pub first_delay: Duration,
    /// …up to this.
    pub max_delay: Duration,
    /// After this many failed attempts the message is given up.
    pub max_attempts: i32,
}

impl Default for RetryPolicy {
    /// 30 s, 1 min, 2 min, … capped at 1 h; ten attempts over about four hours.
    fn default() -> Self {
        Self {
            first_delay: Duration::from_secs(30),
            max_delay: Duration::from_secs(3600),
            max_attempts: 10,
        }
    }
}

impl RetryPolicy {
    /// The wait after the `attempts`-th failed attempt (1 = the first).
    pub fn delay(&self, attempts: i32) -> Duration {
        let doublings = u32::try_from(attempts.saturating_sub(1))
            .unwrap_or(0)
            .min(31);
        self.first_delay
            .saturating_mul(1u32 << doublings)
            .min(self.max_delay)
    }

    pub fn after_failure(&self, attempts: i32, now: DateTime<Utc>) -> AfterFailure {
        if attempts >= self.max_attempts {
            return AfterFailure::GiveUp;
        }
        let delay =
            chrono::Duration::from_std(self.delay(attempts)).unwrap_or(chrono::Duration::MAX);
        AfterFailure::RetryAt(now + delay)
    }
}

pub struct Worker {
    state: AppState,
    transport: Transport,
    from: Mailbox,
    retry: RetryPolicy,
    /// Unique per worker: the lease holder's name.
    name: String,
}

/// A running worker; [`WorkerHandle::stop`] ends it.
pub struct WorkerHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl WorkerHandle {
    /// Lets the current delivery finish (up to `grace`), then ends the worker. Messages it
    /// had leased but not tried yet are retried by any worker once the lease runs out.
    pub async fn stop(self, grace: Duration) {
        let _ = self.stop.send(true);
        let abort = self.task.abort_handle();
        if tokio::time::timeout(grace, self.task).await.is_err() {
            tracing::warn!("the mail worker did not stop in time; abandoning its delivery");
            abort.abort();
        }
    }
}

impl Worker {
    pub fn new(state: AppState, transport: Transport, from: Mailbox, retry: RetryPolicy) -> Self {
        Self {
            state,
            transport,
            from,
            retry,
            name: format!("worker_{}", ulid::Ulid::new()),
        }
    }

    pub fn spawn(self) -> WorkerHandle {
        let (stop, stopped) = watch::channel(false);
        tracing::info!(
            transport = %self.transport.describe(),
            from = %self.from,
            "mail worker started"
        );
        let task = tokio::spawn(self.run(stopped));
        WorkerHandle { stop, task }
    }

    async fn run(self, mut stopped: watch::Receiver<bool>) {
        loop {
            if *stopped.borrow() {
                return;
            }
            let wait = match self.deliver_due(&stopped).await {
                Ok(claimed) if claimed == BATCH as usize => Duration::ZERO,
                Ok(_) => self.until_next_due().await,
                Err(error) => {
                    tracing::warn!(%error, "mail worker: the outbox is unreachable; retrying");
                    DB_RETRY
                }
            };
            tokio::select! {
                () = self.state.mail.nudged() => {}
                () = tokio::time::sleep(wait) => {}
                _ = stopped.changed() => return,
            }
        }
    }

    /// Leases a batch and delivers it, one message after another; returns how many it
    /// leased.
    async fn deliver_due(&self, stopped: &watch::Receiver<bool>) -> Result<usize, sqlx::Error> {
        let now = db::now();
        let lease_until = now + chrono::Duration::from_std(LEASE).unwrap_or_default();
        let claimed =
            email_outbox::claim_due(&self.state.db, &self.name, now, lease_until, BATCH).await?;
        let count = claimed.len();
        let mut claimed = claimed.into_iter();
        for email in claimed.by_ref() {
            self.deliver(email).await?;
            if *stopped.borrow() {
                break;
            }
        }
        // Stopping: what was leased but not tried goes back to the queue at once.
        for email in claimed {
            email_outbox::release(&self.state.db, &email.id, &self.name).await?;
        }
        Ok(count)
    }

    async fn deliver(&self, email: Claimed) -> Result<(), sqlx::Error> {
        let draft = message::Draft {
            id: &email.id,
            to: &email.recipient,
            subject: &email.subject,
            text: &email.body_text,
            html: &email.body_html,
            date: email.created_at,
        };
        let outcome = match message::compose(&self.from, &draft) {
            Err(error) => Err((error, true)),
            Ok(built) => {
                let file_name = message::file_name(db::now(), &email.id);
                match tokio::time::timeout(SEND_TIMEOUT, self.transport.deliver(built, &file_name))
                    .await
                {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(error)) => Err((error, false)),
                    Err(_) => Err(("timed out".to_owned(), false)),
                }
            }
        };
        let now = db::now();
        let db = &self.state.db;
        let recorded = match outcome {
            Ok(()) => {
                tracing::info!(email_id = %email.id, attempts = email.attempts, "email delivered");
                email_outbox::mark_sent(db, &email.id, &self.name, now).await?
            }
            Err((error, permanent)) => {
                let then = if permanent {
                    AfterFailure::GiveUp
                } else {
                    self.retry.after_failure(email.attempts, now)
                };
                match then {
                    AfterFailure::RetryAt(at) => tracing::warn!(
                        email_id = %email.id, attempts = email.attempts, %error, retry_at = %at,
                        "email delivery failed; will retry"
                    ),
                    AfterFailure::GiveUp => tracing::error!(
                        email_id = %email.id, attempts = email.attempts, %error,
                        "email delivery failed; giving up"
                    ),
                }
                email_outbox::mark_failed(db, &email.id, &self.name, &error, then, now).await?
            }
        };
        if !recorded {
            tracing::warn!(email_id = %email.id, "mail worker lost its lease before recording");
        }
        Ok(())
    }

    /// How long to sleep: until the next retry or lease end, at most [`IDLE_POLL`].
    async fn until_next_due(&self) -> Duration {
        match email_outbox::next_due(&self.state.db).await {
            Ok(Some(due)) => (due - db::now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .clamp(MIN_POLL, IDLE_POLL),
            Ok(None) => IDLE_POLL,
            Err(error) => {
                tracing::warn!(%error, "mail worker: the outbox is unreachable; retrying");
                DB_RETRY
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        let policy = RetryPolicy::default();
        let waits: Vec<u64> = (1..=10).map(|n| policy.delay(n).as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
        assert_eq!(policy.delay(1000), Duration::from_secs(3600), "no overflow");
        assert_eq!(policy.delay(0), Duration::from_secs(30));
    }

    #[test]
    fn the_last_attempt_gives_up() {
        let policy = RetryPolicy::default();
        let now = db::now();
        assert_eq!(
            policy.after_failure(1, now),
            AfterFailure::RetryAt(now + chrono::Duration::seconds(30))
        );
        assert_eq!(
            policy.after_failure(9, now),
            AfterFailure::RetryAt(now + chrono::Duration::seconds(3600))
        );
        assert_eq!(policy.after_failure(10, now), AfterFailure::GiveUp);
    }

    #[test]
    fn a_lease_outlasts_a_batch_of_attempts() {
        assert!(LEASE > SEND_TIMEOUT * BATCH as u32);
    }
}
