//! The reset link's token, moved out of the address into a cookie: the emailed link
//! (`/account/reset?token=…`) is answered with this cookie and a redirect to
//! `/account/reset`, so the token does not stay in the address bar, the history, or the
//! `Referer` of the form that follows. The cookie is HttpOnly, lives as long as a link does,
//! and is cleared once the token is used or found unusable.

use http::{HeaderMap, HeaderValue};
use std::time::Duration;

use super::cookie::cookie_value;

fn name(secure: bool) -> &'static str {
    if secure {
        "__Host-reset-token"
    } else {
        "reset-token"
    }
}

/// The token the browser brought, if it looks like a JWT.
pub fn token(headers: &HeaderMap, secure: bool) -> Option<&str> {
    cookie_value(headers, name(secure)).filter(|value| {
        !value.is_empty()
            && value.len() <= 4096
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    })
}

/// Keeps `token` for `lifetime`; `None` when it cannot be a cookie value.
pub fn set(token: &str, lifetime: Duration, secure: bool) -> Option<HeaderValue> {
    let mut value = format!(
        "{}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax",
        name(secure),
        lifetime.as_secs().max(1)
    );
    if secure {
        value.push_str("; Secure");
    }
    HeaderValue::from_str(&value).ok()
}

/// Forgets the token.
pub fn clear(secure: bool) -> HeaderValue {
    let mut value = format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
        name(secure)
    );
    if secure {
        value.push_str("; Secure");
    }
    HeaderValue::from_str(&value).expect("a constant cookie is a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::COOKIE;

    #[test]
    fn round_trips_a_token_and_refuses_anything_else() {
        let set = set("aaa.bbb-_.ccc", Duration::from_secs(900), true).unwrap();
        let set = set.to_str().unwrap();
        assert!(set.starts_with("__Host-reset-token=aaa.bbb-_.ccc; Path=/; Max-Age=900; HttpOnly"));
        assert!(set.ends_with("; Secure"));

        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, "reset-token=aaa.bbb.ccc".parse().unwrap());
        assert_eq!(token(&headers, false), Some("aaa.bbb.ccc"));
        assert_eq!(
            token(&headers, true),
            None,
            "the secure name only over https"
        );
        headers.insert(COOKIE, "reset-token=a<b".parse().unwrap());
        assert_eq!(token(&headers, false), None);
        assert!(clear(false).to_str().unwrap().contains("Max-Age=0"));
    }
}
