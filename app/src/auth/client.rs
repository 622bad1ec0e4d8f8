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
/// client wrote itself sit further left and are never used.
pub fn client_address(parts: &Parts, trusted_proxy_hops: usize) -> Option<IpAddr> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    if trusted_proxy_hops == 0 {
        return peer;
    }
    let forwarded: Vec<IpAddr> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|entry| entry.trim().parse().ok())
        .collect();
    forwarded
        .len()
        .checked_sub(trusted_proxy_hops)
        .and_then(|index| forwarded.get(index))
        .copied()
        .or(peer)
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
