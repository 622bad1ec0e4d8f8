//! Small pieces for the cookies and digests of the auth layer.

use http::{header::COOKIE, HeaderMap};
use sha2::{Digest, Sha256};

/// The value of the cookie called `name`, from every `Cookie` header of a request.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The SHA-256 of the parts, each followed by a NUL so that no two splits of the same bytes
/// collide, in hex.
pub fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
        hasher.update([0]);
    }
    hex(&hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several_headers() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, "a=1; b=2".parse().unwrap());
        headers.append(COOKIE, "c=3".parse().unwrap());
        assert_eq!(cookie_value(&headers, "b"), Some("2"));
        assert_eq!(cookie_value(&headers, "c"), Some("3"));
        assert_eq!(cookie_value(&headers, "d"), None);
    }

    #[test]
    fn digests_keep_part_boundaries() {
        assert_ne!(sha256_hex(&[b"ab", b""]), sha256_hex(&[b"a", b"b"]));
        assert_eq!(sha256_hex(&[b"x"]).len(), 64);
    }
}
