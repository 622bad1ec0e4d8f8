//! Sending email. A message is written to the `email_outbox` table — in the caller's
//! transaction when there is one, so a reset token and the email that carries it commit
//! together — and delivered later by the mail worker ([`crate::mail`]), off the request path,
//! retried with back-off. A failed delivery never fails the request that queued it.
//!
//! ```ignore
//! let mut tx = state.db.begin_write().await?;
//! // … write the reset token …
//! mail::enqueue(&mut tx, &OutgoingEmail { to, subject, text, html }).await?;
//! tx.commit().await?;
//! state.mail.nudge(); // deliver now rather than at the worker's next poll
//! ```

use crate::{
    error::{Error, Result},
    shared::EmailId,
    state::AppState,
    stores::{
        db,
        email_outbox::{self, NewEmail},
        Db, Tx,
    },
};

/// One message: a plain-text body and an HTML body with the same content (sent as
/// `multipart/alternative`). The sender is the configured `MAIL_FROM`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// The recipient's address (`someone@example.com`).
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Queues `email` inside the caller's transaction; it is delivered once that commits.
/// Call `state.mail.nudge()` after the commit to have it delivered at once.
pub async fn enqueue(tx: &mut Tx, email: &OutgoingEmail) -> Result<EmailId> {
    check(email)?;
    let id = EmailId::generate();
    email_outbox::insert(tx, &row(&id, email)).await?;
    Ok(id)
}

/// Queues `email` on its own (for callers without a transaction).
pub async fn enqueue_db(db: &Db, email: &OutgoingEmail) -> Result<EmailId> {
    check(email)?;
    let id = EmailId::generate();
    email_outbox::insert_db(db, &row(&id, email)).await?;
    Ok(id)
}

/// Queues `email` and wakes the worker.
pub async fn send(state: &AppState, email: &OutgoingEmail) -> Result<EmailId> {
    let id = enqueue_db(&state.db, email).await?;
    state.mail.nudge();
    Ok(id)
}

/// A message the worker could never deliver is refused here instead: an address that does
/// not parse, or a subject that would break the header.
fn check(email: &OutgoingEmail) -> Result<()> {
    crate::mail::parse_mailbox(&email.to)
        .map_err(|error| Error::internal(format!("cannot email {:?}: {error}", email.to)))?;
    if email.subject.contains(['\r', '\n']) {
        return Err(Error::internal("an email subject must be one line"));
    }
    Ok(())
}

fn row<'a>(id: &'a EmailId, email: &'a OutgoingEmail) -> NewEmail<'a> {
    NewEmail {
        id,
        recipient: &email.to,
        subject: &email.subject,
        body_text: &email.text,
        body_html: &email.html,
        now: db::now(),
    }
}
