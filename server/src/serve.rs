//! The accept loop. `axum::serve` sets no header-read timeout, so a client that trickles its
//! headers (slowloris) would hold a connection forever; this loop bounds every phase of a
//! connection and how many there are at once, and shuts down gracefully: on the signal it
//! stops accepting, lets in-flight requests finish (up to a grace period), then returns.
//!
//! - **HTTP/1.1 only.** The server speaks plaintext HTTP behind a TLS-terminating proxy (or to
//!   a laptop's browser); no browser uses plaintext HTTP/2, and serving it (h2c) would add a
//!   protocol-detection phase and an HTTP/2 state machine that hyper's header timer does not
//!   cover. A client that opens with the HTTP/2 preface is answered with an error and closed.
//! - **Deadlines.** From the moment a connection is accepted, and again after each response
//!   on a kept-alive connection, the client has `header_read_timeout` to send a complete
//!   request head; otherwise the connection is closed. So a client that connects and sends
//!   nothing, trickles headers, or keeps an idle connection open is dropped within that time.
//!   A request's body and handling are bounded by the router's request timeout.
//! - **A cap.** At most `max_connections` connections are served at once. Beyond it the
//!   connection is still accepted (so the listen backlog never stalls) and immediately
//!   answered `503` and closed.

use axum::{extract::ConnectInfo, Router};
use hyper::{body::Incoming, server::conn::http1};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
    service::TowerToHyperService,
};
use std::{
    future::Future,
    sync::Arc,
    time::{Duration, Instant},
};
use tokio::{net::TcpListener, sync::Semaphore};
use tower::ServiceExt;

pub struct ServeOptions {
    /// How long a client may take to send a request head, counted from the connection's start
    /// and from the end of each response (so also the keep-alive idle limit).
    pub header_read_timeout: Duration,
    /// Most connections served at once.
    pub max_connections: usize,
    /// How long in-flight requests may run on after shutdown begins.
    pub grace_period: Duration,
}

/// Most headers a request may carry, and the most bytes its head may take.
const MAX_HEADERS: usize = 100;
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// What a connection over the cap gets before it is closed.
const OVER_CAPACITY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n\
content-type: application/json\r\ncontent-length: 88\r\nretry-after: 1\r\n\r\n\
{\"type\":\"service_unavailable\",\"message\":\"The server is busy. Please try again shortly.\"}";

pub async fn serve(
    listener: TcpListener,
    router: Router,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout)
        .max_headers(MAX_HEADERS)
        .max_header_size(MAX_HEAD_BYTES)
        .max_buf_size(MAX_HEAD_BYTES);
    let slots = Arc::new(Semaphore::new(options.max_connections));
    let mut refusals = RefusalLog::default();
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);

    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(connection) => connection,
                Err(error) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            // Best effort and never waiting: the answer fits in the socket's send buffer.
            let _ = stream.try_write(OVER_CAPACITY);
            refusals.note(options.max_connections);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = tower::service_fn(move |mut request: http::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(request.map(axum::body::Body::new))
        });
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended with an error");
            }
            drop(slot);
        });
    }

    drop(listener);
    tracing::info!("shutting down: no new connections, finishing in-flight requests");
    if tokio::time::timeout(options.grace_period, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("grace period over; closing the remaining connections");
    }
    Ok(())
}

/// Logs refused connections at most once every ten seconds, with how many there were.
#[derive(Default)]
struct RefusalLog {
    since_last: u64,
    last: Option<Instant>,
}

impl RefusalLog {
    const EVERY: Duration = Duration::from_secs(10);

    fn note(&mut self, max_connections: usize) {
        self.since_last += 1;
        if self.last.is_some_and(|last| last.elapsed() < Self::EVERY) {
            return;
        }
        tracing::warn!(
            refused = self.since_last,
            max_connections,
            "connection cap reached: refusing new connections with 503"
        );
        self.since_last = 0;
        self.last = Some(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_over_capacity_answer_is_a_complete_response() {
        let text = std::str::from_utf8(OVER_CAPACITY).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["type"], "service_unavailable");
    }
}
