//! A browser's device cookie: a random token set when a customer signs in with their
//! password, so that the same browser is recognised as a client that has signed in to that
//! account before (see `auth::throttle`). Only its SHA-256 is stored; it grants nothing on
//! its own.

use http::{HeaderMap, HeaderValue};
use rand::RngCore;

use super::cookie::{cookie_value, hex, sha256_hex};

/// How long a browser stays recognised without signing in again.
pub const MAX_AGE_DAYS: u32 = 90;

#[derive(Clone, PartialEq, Eq)]
pub struct DeviceToken(String);

impl std::fmt::Debug for DeviceToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceToken(<redacted>)")
    }
}

fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-ca_device"
    } else {
        "ca_device"
    }
}

impl DeviceToken {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        Self(hex(&bytes))
    }

    /// The request's device cookie, if it carries a well-formed one.
    pub fn from_headers(headers: &HeaderMap, secure: bool) -> Option<Self> {
        cookie_value(headers, cookie_name(secure))
            .filter(|value| value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
            .map(|value| Self(value.to_ascii_lowercase()))
    }

    /// The request's device cookie, or a new token for a browser that has none.
    pub fn from_headers_or_new(headers: &HeaderMap, secure: bool) -> Self {
        Self::from_headers(headers, secure).unwrap_or_else(Self::generate)
    }

    /// What the database remembers of this device.
    pub fn client_key(&self) -> String {
        format!("device:{}", sha256_hex(&[self.0.as_bytes()]))
    }

    /// The `Set-Cookie` value that keeps the browser recognised.
    pub fn set_cookie(&self, secure: bool) -> HeaderValue {
        let max_age = u64::from(MAX_AGE_DAYS) * 86_400;
        let mut value = format!(
            "{}={}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax",
            cookie_name(secure),
            self.0
        );
        if secure {
            value.push_str("; Secure");
        }
        HeaderValue::from_str(&value).expect("hex and ASCII only")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::COOKIE;

    #[test]
    fn a_set_cookie_is_read_back() {
        let token = DeviceToken::generate();
        for secure in [false, true] {
            let set = token.set_cookie(secure);
            let pair = set.to_str().unwrap().split(';').next().unwrap().to_owned();
            let mut headers = HeaderMap::new();
            headers.insert(COOKIE, format!("other=1; {pair}").parse().unwrap());
            assert_eq!(
                DeviceToken::from_headers(&headers, secure),
                Some(token.clone())
            );
            assert_eq!(DeviceToken::from_headers(&headers, !secure), None);
        }
    }

    #[test]
    fn malformed_cookies_are_ignored_and_only_a_digest_is_stored() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, "ca_device=not-a-token".parse().unwrap());
        assert_eq!(DeviceToken::from_headers(&headers, false), None);
        let token = DeviceToken::generate();
        let key = token.client_key();
        assert!(key.starts_with("device:") && !key.contains(&token.0));
        assert_eq!(key.len(), "device:".len() + 64);
    }
}
