//! Where a request comes from, for per-address limits and logs.

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use http::request::Parts;
use std::{
    convert::Infallible,
    net::{IpAddr, SocketAddr},
};

use crate::state::AppState;

/// The client's address: the TCP peer, or — behind `trusted_proxy_hops` proxies that each
/// append to `X-Forwarded-For` — the address the outermost trusted proxy saw. Entries a
/// client wrote itself sit further left and are never used. Hops are counted over the raw
/// entries, so an entry the client made unparsable cannot shift the count; if an entry our
/// proxies wrote does not parse, or there are fewer entries than hops, the peer is used.
pub fn client_address(parts: &Parts, trusted_proxy_hops: usize) -> Option<IpAddr> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    if trusted_proxy_hops == 0 {
        return peer;
    }
    // Split the raw bytes: a line holding bytes that are not text still has as many entries
    // as it has commas, and only the entries with such bytes fail to parse.
    let entries: Vec<&[u8]> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|value| value.as_bytes().split(|byte| *byte == b','))
        .collect();
    let Some(first_trusted) = entries.len().checked_sub(trusted_proxy_hops) else {
        return peer;
    };
    let trusted: Option<Vec<IpAddr>> = entries[first_trusted..]
        .iter()
        .map(|entry| parse_entry(entry))
        .collect();
    match trusted {
        Some(addresses) => addresses.first().copied().or(peer),
        None => peer,
    }
}

/// An address as proxies write it: `203.0.113.9`, `2001:db8::1`, `[2001:db8::1]`,
/// `203.0.113.9:443` or `[2001:db8::1]:443`.
fn parse_entry(entry: &[u8]) -> Option<IpAddr> {
    let entry = std::str::from_utf8(entry).ok()?.trim();
    let unbracketed = entry
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'));
    unbracketed
        .unwrap_or(entry)
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|socket| socket.ip()))
}

/// The request's client address as an extractor.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress(pub Option<IpAddr>);

impl<S> FromRequestParts<S> for ClientAddress
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Infallible> {
        let hops = AppState::from_ref(state).policy.trusted_proxy_hops;
        Ok(Self(client_address(parts, hops)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(peer: &str, forwarded: Option<&str>) -> Parts {
        let mut builder = http::Request::builder();
        if let Some(value) = forwarded {
            builder = builder.header("x-forwarded-for", value);
        }
        let (mut parts, ()) = builder.body(()).unwrap().into_parts();
        parts
            .extensions
            .insert(ConnectInfo::<SocketAddr>(peer.parse().unwrap()));
        parts
    }

    #[test]
    fn without_proxies_the_peer_is_the_client_and_headers_are_ignored() {
        let request = parts("127.0.0.2:5000", Some("203.0.113.9"));
        assert_eq!(
            client_address(&request, 0),
            Some("127.0.0.2".parse().unwrap())
        );
    }

    #[test]
    fn behind_one_proxy_the_last_forwarded_entry_is_the_client() {
        let request = parts("10.0.0.1:5000", Some("198.51.100.7, 203.0.113.9"));
        assert_eq!(
            client_address(&request, 1),
            Some("203.0.113.9".parse().unwrap())
        );
        assert_eq!(
            client_address(&request, 2),
            Some("198.51.100.7".parse().unwrap())
        );
    }

    #[test]
    fn an_unparsable_entry_cannot_shift_the_trusted_hops() {
        // The client wrote "198.51.100.66, garbage"; our one proxy appended the address it saw.
        let request = parts("10.0.0.1:5000", Some("198.51.100.66, garbage, 203.0.113.9"));
        assert_eq!(
            client_address(&request, 1),
            Some("203.0.113.9".parse().unwrap())
        );
        // Two hops: the entry the outer proxy wrote is "garbage", so nothing in the header
        // can be trusted, and the client-written address is never chosen.
        assert_eq!(
            client_address(&request, 2),
            Some("10.0.0.1".parse().unwrap())
        );
        let request = parts("10.0.0.1:5000", Some("198.51.100.66, garbage"));
        assert_eq!(
            client_address(&request, 1),
            Some("10.0.0.1".parse().unwrap())
        );
    }

    #[test]
    fn entries_with_ports_and_several_header_lines_are_read_in_order() {
        let request = parts("10.0.0.1:5000", Some("[2001:db8::7]:443"));
        assert_eq!(
            client_address(&request, 1),
            Some("2001:db8::7".parse().unwrap())
        );
        let request = parts("10.0.0.1:5000", Some("203.0.113.9:8080"));
        assert_eq!(
            client_address(&request, 1),
            Some("203.0.113.9".parse().unwrap())
        );
        let mut request = parts("10.0.0.1:5000", Some("198.51.100.7"));
        request
            .headers
            .append("x-forwarded-for", "203.0.113.9".parse().unwrap());
        assert_eq!(
            client_address(&request, 1),
            Some("203.0.113.9".parse().unwrap())
        );
        assert_eq!(
            client_address(&request, 2),
            Some("198.51.100.7".parse().unwrap())
        );
    }

    #[test]
    fn bytes_that_are_not_text_spoil_only_their_own_entry() {
        // The client wrote "198.51.100.66, <bytes>"; our proxy appended to the same line.
        let mut request = parts("10.0.0.1:5000", None);
        request.headers.insert(
            "x-forwarded-for",
            http::HeaderValue::from_bytes(b"198.51.100.66, \xff\xfe, 203.0.113.9").unwrap(),
        );
        assert_eq!(
            client_address(&request, 1),
            Some("203.0.113.9".parse().unwrap())
        );
        for hops in [2, 3] {
            assert_eq!(
                client_address(&request, hops),
                Some("10.0.0.1".parse().unwrap()),
                "{hops} hops"
            );
        }
    }

    #[test]
    fn a_bracketed_ipv6_entry_without_a_port_is_read() {
        let request = parts("10.0.0.1:5000", Some("[2001:db8::7]"));
        assert_eq!(
            client_address(&request, 1),
            Some("2001:db8::7".parse().unwrap())
        );
    }

    #[test]
    fn a_missing_or_short_header_falls_back_to_the_peer() {
        let request = parts("10.0.0.1:5000", None);
        assert_eq!(
            client_address(&request, 1),
            Some("10.0.0.1".parse().unwrap())
        );
        let request = parts("10.0.0.1:5000", Some("garbage"));
        assert_eq!(
            client_address(&request, 1),
            Some("10.0.0.1".parse().unwrap())
        );
    }
}
