//! A queued row becomes a MIME message: `multipart/alternative` with the plain text first and
//! the HTML second, `From` the configured sender, a `Message-ID` made of the outbox id, and
//! the `Date` it was queued.

use chrono::{DateTime, Utc};
use lettre::{
    message::{header::ContentTransferEncoding, Body, Mailbox, MultiPart, SinglePart},
    Message,
};

use crate::shared::EmailId;

/// What a message is made of.
pub struct Draft<'a> {
    pub id: &'a EmailId,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
    /// When it was queued: the `Date` header.
    pub date: DateTime<Utc>,
}

/// The message, or why it can never be built (a bad address: retrying will not help).
pub fn compose(from: &Mailbox, draft: &Draft<'_>) -> Result<Message, String> {
    let to = super::parse_mailbox(draft.to)?;
    let domain = from.email.domain();
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(draft.subject)
        .date(draft.date.into())
        .message_id(Some(format!("<{}@{domain}>", draft.id)))
        .multipart(
            MultiPart::alternative()
                .singlepart(part(
                    lettre::message::header::ContentType::TEXT_PLAIN,
                    draft.text,
                ))
                .singlepart(part(
                    lettre::message::header::ContentType::TEXT_HTML,
                    draft.html,
                )),
        )
        .map_err(|error| format!("cannot build the message: {error}"))
}

fn part(content_type: lettre::message::header::ContentType, content: &str) -> SinglePart {
    SinglePart::builder()
        .header(content_type)
        .body(body(content))
}

/// ASCII text whose lines fit the 998-byte limit goes as it is (`7bit`), so an `.eml` file
/// can be read — and a long link in it copied — without decoding; anything else is left to
/// lettre, which picks quoted-printable or base64.
fn body(content: &str) -> Body {
    let plain = content.is_ascii()
        && !content.contains(['\0', '\r'])
        && content.split('\n').all(|line| line.len() <= 998);
    if plain {
        let crlf = content.replace('\n', "\r\n");
        Body::dangerous_pre_encoded(crlf.into_bytes(), ContentTransferEncoding::SevenBit)
    } else {
        Body::new(content.to_owned())
    }
}

/// `20260314T092653.589Z-email_01J….eml`: names sort by time, so the newest is last.
pub fn file_name(at: DateTime<Utc>, id: &EmailId) -> String {
    format!("{}-{id}.eml", at.format("%Y%m%dT%H%M%S%.3fZ"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn draft<'a>(id: &'a EmailId, text: &'a str, html: &'a str) -> Draft<'a> {
        Draft {
            id,
            to: "Jane@Example.com",
            subject: "Reset your password",
            text,
            html,
            date: Utc.with_ymd_and_hms(2026, 3, 14, 9, 26, 53).unwrap(),
        }
    }

    fn formatted(text: &str, html: &str) -> (EmailId, String) {
        let id = EmailId::generate();
        let from = super::super::default_from("The Shop", "https://shop.example.com").unwrap();
        let message = compose(&from, &draft(&id, text, html)).unwrap();
        (id, String::from_utf8(message.formatted()).unwrap())
    }

    #[test]
    fn a_message_has_both_parts_and_its_headers() {
        let (id, message) = formatted("Hello\nthere", "<p>Hello</p>");
        assert!(message.contains("From: \"The Shop\" <no-reply@shop.example.com>\r\n"));
        assert!(message.contains("To: Jane@Example.com\r\n"));
        assert!(message.contains("Subject: Reset your password\r\n"));
        assert!(message.contains("Date: Sat, 14 Mar 2026 09:26:53 +0000\r\n"));
        assert!(message.contains(&format!("Message-ID: <{id}@shop.example.com>\r\n")));
        assert!(message.contains("Content-Type: multipart/alternative;"));
        let plain = message.find("Content-Type: text/plain").unwrap();
        let html = message.find("Content-Type: text/html").unwrap();
        assert!(plain < html, "plain text first, the preferred HTML last");
        assert!(message.contains("Hello\r\nthere"), "CRLF line ends");
        assert!(message.contains("<p>Hello</p>"));
    }

    #[test]
    fn long_ascii_lines_stay_readable() {
        let link = format!(
            "https://shop.example.com/account/reset?token={}",
            "A".repeat(120)
        );
        let (_, message) = formatted(&format!("Open {link} to reset."), "<p>x</p>");
        assert!(message.contains(&link), "not quoted-printable: {message}");
        assert!(message.contains("Content-Transfer-Encoding: 7bit"));
    }

    #[test]
    fn other_text_is_encoded() {
        let (_, message) = formatted("Grüße aus dem Café", "<p>Café</p>");
        assert!(!message.contains("Café"));
        assert!(message.is_ascii());
        let (_, long) = formatted(&"x".repeat(1200), "<p>x</p>");
        assert!(long.lines().all(|line| line.len() <= 998));
    }

    #[test]
    fn header_injection_is_impossible() {
        let (_, message) = formatted("x", "y");
        let id = EmailId::generate();
        let from = super::super::default_from("Shop", "https://shop.example.com").unwrap();
        let mut evil = draft(&id, "x", "y");
        evil.to = "a@example.com\r\nBcc: b@example.com";
        assert!(compose(&from, &evil).is_err());
        assert!(!message.contains("Bcc:"));
    }

    #[test]
    fn file_names_sort_by_time() {
        let id = EmailId::generate();
        let at = Utc.with_ymd_and_hms(2026, 3, 14, 9, 26, 53).unwrap()
            + chrono::Duration::milliseconds(589);
        assert_eq!(file_name(at, &id), format!("20260314T092653.589Z-{id}.eml"));
        let later = file_name(at + chrono::Duration::milliseconds(1), &EmailId::generate());
        let much_later = file_name(at + chrono::Duration::days(400), &EmailId::generate());
        assert!(file_name(at, &id) < later && later < much_later);
    }
}
