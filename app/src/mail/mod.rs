//! Email delivery: the worker that drains the `email_outbox` table ([`worker`]), the ways a
//! message leaves ([`transport`]: SMTP or `.eml` files) and how a queued row becomes a MIME
//! message ([`message`]). Queueing itself is [`crate::services::mail`].

pub mod message;
pub mod transport;
pub mod worker;

use lettre::Address;
use tokio::sync::Notify;

pub use lettre::message::Mailbox;
pub use transport::Transport;
pub use worker::{RetryPolicy, Worker, WorkerHandle};

/// What the rest of the application knows about mail: the shop's name and public origin
/// (for message texts and links), and the bell that wakes the worker.
#[derive(Debug)]
pub struct Mail {
    /// `SHOP_NAME`: how messages name the shop.
    pub shop_name: String,
    /// `PUBLIC_ORIGIN`: where links in messages point (`https://shop.example.com`).
    pub public_origin: String,
    wake: Notify,
}

impl Mail {
    pub fn new(shop_name: impl Into<String>, public_origin: impl Into<String>) -> Self {
        Self {
            shop_name: shop_name.into(),
            public_origin: public_origin.into(),
            wake: Notify::new(),
        }
    }

    /// Asks the worker to look at the outbox now. Call it after committing a transaction
    /// that queued a message; a nudge before the commit may find nothing yet. Never waits.
    pub fn nudge(&self) {
        self.wake.notify_one();
    }

    /// Waits for a nudge (one sent while nobody waited is kept for the next wait).
    pub(crate) async fn nudged(&self) {
        self.wake.notified().await;
    }
}

/// `someone@example.com` or `"Name" <someone@example.com>`.
pub fn parse_mailbox(input: &str) -> Result<Mailbox, String> {
    input
        .trim()
        .parse::<Mailbox>()
        .map_err(|error| format!("{input:?} is not an email address: {error}"))
}

/// The sender when `MAIL_FROM` is not set: `"<shop name>" <no-reply@<host of the origin>>`.
pub fn default_from(shop_name: &str, public_origin: &str) -> Result<Mailbox, String> {
    let host = host_of(public_origin);
    let address = Address::new("no-reply", host)
        .map_err(|error| format!("no sender address for the host {host:?}: {error}"))?;
    Ok(Mailbox::new(Some(shop_name.to_owned()), address))
}

/// `https://shop.example.com:8443` → `shop.example.com`; `http://[::1]:3000` → `[::1]`.
fn host_of(origin: &str) -> &str {
    let authority = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    let authority = authority.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.starts_with('[') {
        return authority
            .find(']')
            .map_or(authority, |end| &authority[..=end]);
    }
    authority.split(':').next().unwrap_or_default()
}

/// Escapes text for an HTML body (`&`, `<`, `>`, `"`, `'`).
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_sender_is_no_reply_at_the_public_host() {
        let from = default_from("Customer accounts", "https://shop.example.com:8443").unwrap();
        assert_eq!(from.email.to_string(), "no-reply@shop.example.com");
        assert_eq!(from.name.as_deref(), Some("Customer accounts"));
        assert_eq!(
            from.to_string(),
            "Customer accounts <no-reply@shop.example.com>"
        );
        let local = default_from("Shop", "http://127.0.0.1:3000").unwrap();
        assert_eq!(local.email.to_string(), "no-reply@127.0.0.1");
        assert!(default_from("Shop", "http://[::1]:3000").is_ok());
    }

    #[test]
    fn hosts_come_out_of_origins() {
        assert_eq!(host_of("https://shop.example.com"), "shop.example.com");
        assert_eq!(host_of("http://localhost:3000"), "localhost");
        assert_eq!(host_of("http://[::1]:3000"), "[::1]");
        assert_eq!(host_of("https://shop.example.com/path"), "shop.example.com");
    }

    #[test]
    fn mailboxes_parse_with_or_without_a_name() {
        let plain = parse_mailbox("someone@example.com").unwrap();
        assert_eq!(plain.email.to_string(), "someone@example.com");
        let named = parse_mailbox("\"The Shop\" <shop@example.com>").unwrap();
        assert_eq!(named.name.as_deref(), Some("The Shop"));
        assert!(parse_mailbox("not an address").is_err());
        assert!(parse_mailbox("a@b.c\r\nBcc: x@y.z").is_err());
    }

    #[test]
    fn html_escaping_covers_markup_and_attributes() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }
}
