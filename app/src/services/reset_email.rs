//! The password-reset email: plain text and HTML, with the shop's name and the link.

use std::time::Duration;

/// What the message says, before it becomes text and HTML.
pub struct ResetEmail<'a> {
    pub shop_name: &'a str,
    /// The address the message goes to (the login's email as registered).
    pub to: &'a str,
    /// `https://shop.example.com/account/reset?token=…`
    pub link: &'a str,
    pub expires_in: Duration,
}

impl ResetEmail<'_> {
    pub fn subject(&self) -> String {
        format!("Reset your {} password", self.shop_name)
    }

    pub fn text(&self) -> String {
        let ResetEmail {
            shop_name,
            to,
            link,
            ..
        } = self;
        let lifetime = lifetime(self.expires_in);
        format!(
            "Hello,\n\
             \n\
             We received a request to reset the password of the {shop_name} account for {to}.\n\
             \n\
             To choose a new password, open this link:\n\
             \n\
             {link}\n\
             \n\
             The link works once and expires in {lifetime}. After that, you can ask for a new \
             one on the sign-in page (\"Forgot your password?\").\n\
             \n\
             If you did not ask for this, you can ignore this email: your password stays as it \
             is, and nobody can change it without this link.\n\
             \n\
             {shop_name}\n"
        )
    }

    pub fn html(&self) -> String {
        let shop_name = escape(self.shop_name);
        let to = escape(self.to);
        let link = escape(self.link);
        let lifetime = lifetime(self.expires_in);
        format!(
            "<!DOCTYPE html>\n\
             <html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>Reset your {shop_name} password</title></head>\n\
             <body style=\"font-family: sans-serif; line-height: 1.5; color: #1a1a1a;\">\n\
             <p>Hello,</p>\n\
             <p>We received a request to reset the password of the {shop_name} account for \
             <strong>{to}</strong>.</p>\n\
             <p><a href=\"{link}\" style=\"display: inline-block; padding: 0.6em 1.2em; \
             background: #1f4fd1; color: #ffffff; text-decoration: none; border-radius: 4px;\">\
             Choose a new password</a></p>\n\
             <p>Or copy this address into your browser:<br>{link}</p>\n\
             <p>The link works once and expires in {lifetime}. After that, you can ask for a \
             new one on the sign-in page (&ldquo;Forgot your password?&rdquo;).</p>\n\
             <p>If you did not ask for this, you can ignore this email: your password stays as \
             it is, and nobody can change it without this link.</p>\n\
             <p>{shop_name}</p>\n\
             </body></html>\n"
        )
    }
}

/// "15 minutes", "1 minute", "30 seconds", "2 hours".
pub fn lifetime(duration: Duration) -> String {
    let secs = duration.as_secs().max(1);
    let (n, unit) = if secs.is_multiple_of(3600) {
        (secs / 3600, "hour")
    } else if secs >= 60 {
        (secs.div_ceil(60), "minute")
    } else {
        (secs, "second")
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

fn escape(text: &str) -> String {
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

    fn email(shop_name: &str) -> ResetEmail<'_> {
        ResetEmail {
            shop_name,
            to: "tony@start.com",
            link: "https://shop.example.com/account/reset?token=a.b.c",
            expires_in: Duration::from_secs(900),
        }
    }

    #[test]
    fn says_where_to_go_how_long_it_works_and_what_if_unasked() {
        let email = email("Acme & Sons");
        assert_eq!(email.subject(), "Reset your Acme & Sons password");
        for body in [email.text(), email.html()] {
            assert!(body.contains("https://shop.example.com/account/reset?token=a.b.c"));
            assert!(body.contains("expires in 15 minutes"));
            assert!(body.contains("If you did not ask for this"));
            assert!(body.contains("tony@start.com"));
        }
        assert!(email.text().contains("Acme & Sons"));
        assert!(email.html().contains("Acme &amp; Sons"));
    }

    #[test]
    fn html_escapes_what_it_is_given() {
        let html = email("<script>alert(1)</script>").html();
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn lifetimes_read_naturally() {
        assert_eq!(lifetime(Duration::from_secs(900)), "15 minutes");
        assert_eq!(lifetime(Duration::from_secs(60)), "1 minute");
        assert_eq!(lifetime(Duration::from_secs(90)), "2 minutes");
        assert_eq!(lifetime(Duration::from_secs(1)), "1 second");
        assert_eq!(lifetime(Duration::from_secs(30)), "30 seconds");
        assert_eq!(lifetime(Duration::from_secs(7200)), "2 hours");
    }
}
