-- Outgoing email, written in the same transaction as whatever it announces (a reset token)
-- and delivered later by the mail worker (app/src/mail/worker.rs), with retries.
-- Same table, column and index names as migrations/sqlite/0006_*.sql.

CREATE TABLE email_outbox (
    id              TEXT PRIMARY KEY NOT NULL,   -- email_<ULID>
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,  -- delivery attempts started so far
    next_attempt_at TIMESTAMPTZ NOT NULL,        -- not tried again before this
    locked_by       TEXT,                        -- the worker holding the lease, if any
    locked_until    TIMESTAMPTZ,                 -- its lease ends; then any worker may retry
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,                 -- delivered (handed to SMTP or written out)
    failed_at       TIMESTAMPTZ                  -- given up after the last attempt
);

-- What the worker looks for: messages still to deliver, soonest first.
CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at)
    WHERE sent_at IS NULL AND failed_at IS NULL;
