//! The HTTP edge holds under abuse: slow or oversized requests, hostile bodies, and pages
//! carry the security headers a browser needs.

use reqwest::StatusCode;
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{helpers::*, process::*};

/// Resident memory of a process, from /proc.
fn resident_memory_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

db_tests! {
    async fn hostile_bodies_get_4xx_and_never_5xx(app) {
        let token = app.signed_up(&email("corpus")).await;
        let long = "x".repeat(100 * 1024);
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let deep_object = format!("{}1{}", "{\"a\":".repeat(5_000), "}".repeat(5_000));
        let corpus: Vec<(&str, Vec<u8>)> = vec![
            ("invalid utf-8", b"{\"first_name\": \"\xff\xfe\"}".to_vec()),
            ("nul", br#"{"first_name": "a\u0000b"}"#.to_vec()),
            ("raw nul byte", b"{\"first_name\": \"a\x00b\"}".to_vec()),
            ("lone surrogate", br#"{"first_name": "\ud800"}"#.to_vec()),
            ("wrong types", br#"{"first_name": {"x": 1}, "phone": true, "metadata": [1]}"#.to_vec()),
            ("100 KB string", format!("{{\"first_name\": \"{long}\"}}").into_bytes()),
            ("10 000-deep array", deep.clone().into_bytes()),
            ("5 000-deep object", deep_object.into_bytes()),
            ("truncated", b"{\"first_name\": \"Jo".to_vec()),
            ("not an object", b"42".to_vec()),
            ("huge number", b"{\"first_name\": 1e999999}".to_vec()),
        ];
        for route in ["/store/customers/me", "/auth/customer/emailpass", "/auth/customer/emailpass/register", "/store/customers"] {
            for (name, body) in &corpus {
                let response = app
                    .post(route)
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                assert!(status.is_client_error(), "{route} with {name}: {status}");
                let body: serde_json::Value = response.json().await.expect("a JSON error body");
                assert!(body["type"].is_string() && body["message"].is_string(), "{route} {name}: {body}");
            }
        }
        assert_eq!(app.get("/health").send().await.unwrap().status(), StatusCode::OK);
    }

    async fn too_many_or_too_large_headers_are_refused(app) {
        let mut request = app.get("/health");
        for i in 0..150 {
            request = request.header(format!("x-filler-{i}"), "1");
        }
        let status = request.send().await.map(|r| r.status());
        assert!(
            status.as_ref().map_or(true, |s| *s == StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE),
            "{status:?}"
        );
        let huge = "v".repeat(100 * 1024);
        let status = app.get("/health").header("x-huge", huge).send().await.map(|r| r.status());
        assert!(
            status.as_ref().map_or(true, |s| *s == StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE),
            "{status:?}"
        );
        assert_eq!(app.get("/health").send().await.unwrap().status(), StatusCode::OK);
    }

    async fn pages_carry_a_content_security_policy_with_their_nonce(app) {
        let response = app.get("/account/login").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        let csp = headers["content-security-policy"].to_str().unwrap().to_owned();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin");
        assert_eq!(headers["x-frame-options"], "DENY");
        let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
        let page = response.text().await.unwrap();
        assert!(page.contains(&format!("<script type=\"module\" nonce=\"{nonce}\">")), "the hydration script carries the nonce");
        let second = app.get("/account/login").send().await.unwrap();
        assert!(!second.headers()["content-security-policy"].to_str().unwrap().contains(nonce), "a fresh nonce per response");
    }
}

db_tests! {
    with &["--header-read-timeout", "1s"];
    async fn slow_headers(app) {
        let address = app.address.trim_start_matches("http://").to_owned();
        let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
        slow.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        let started = Instant::now();
        let mut buffer = Vec::new();
        let read =
            tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut buffer)).await;
        assert!(read.is_ok(), "the slow client was not dropped within 5 s");
        assert!(started.elapsed() < Duration::from_secs(4));
        // A well-behaved client is served meanwhile and afterwards.
        assert_eq!(
            app.get("/health").send().await.unwrap().status(),
            StatusCode::OK
        );
    }
}

/// Reads until the server closes the connection; how long that took, and what it sent.
async fn wait_for_close(
    stream: &mut tokio::net::TcpStream,
    limit: Duration,
) -> (Duration, Vec<u8>) {
    let started = Instant::now();
    let mut received = Vec::new();
    let read = tokio::time::timeout(limit, stream.read_to_end(&mut received)).await;
    assert!(
        read.is_ok(),
        "the connection was still open after {limit:?}"
    );
    (started.elapsed(), received)
}

db_tests! {
    with &["--header-read-timeout", "1s"];
    async fn silent_idle_and_http2_clients_are_closed(app) {
        let address = app.address.trim_start_matches("http://").to_owned();

        // Connects and never sends a byte.
        let mut silent = tokio::net::TcpStream::connect(&address).await.unwrap();
        let (waited, _) = wait_for_close(&mut silent, Duration::from_secs(5)).await;
        assert!(waited < Duration::from_secs(3), "silent client closed after {waited:?}");

        // Sends the HTTP/2 preface and stalls: plaintext HTTP/2 is not served.
        let mut h2 = tokio::net::TcpStream::connect(&address).await.unwrap();
        h2.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").await.unwrap();
        let (waited, _) = wait_for_close(&mut h2, Duration::from_secs(5)).await;
        assert!(waited < Duration::from_secs(3), "HTTP/2 client closed after {waited:?}");

        // Gets one answer on a kept-alive connection, then goes quiet.
        let mut idle = tokio::net::TcpStream::connect(&address).await.unwrap();
        idle.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
        let mut first = [0u8; 12];
        idle.read_exact(&mut first).await.unwrap();
        assert_eq!(&first, b"HTTP/1.1 200");
        let (waited, _) = wait_for_close(&mut idle, Duration::from_secs(5)).await;
        assert!(waited < Duration::from_secs(3), "idle keep-alive closed after {waited:?}");
    }
}

db_tests! {
    with &["--header-read-timeout", "30s"];
    async fn two_thousand_idle_sockets_leave_health_answering(app) {
        let address = app.address.trim_start_matches("http://").to_owned();
        let mut idle = Vec::new();
        for _ in 0..2_000 {
            idle.push(tokio::net::TcpStream::connect(&address).await.unwrap());
        }
        let started = Instant::now();
        let response = app.get("/health").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        drop(idle);
    }
}

db_tests! {
    with &["--max-connections", "5", "--header-read-timeout", "30s"];
    async fn connections_over_the_cap_are_answered_503_and_closed(app) {
        let address = app.address.trim_start_matches("http://").to_owned();
        let mut held = Vec::new();
        for _ in 0..5 {
            held.push(tokio::net::TcpStream::connect(&address).await.unwrap());
        }
        // Give the accept loop time to take all five.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut sixth = tokio::net::TcpStream::connect(&address).await.unwrap();
        let (waited, answer) = wait_for_close(&mut sixth, Duration::from_secs(5)).await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
        assert!(answer.contains("service_unavailable"), "{answer}");
        assert!(waited < Duration::from_secs(1), "refused at once, not after {waited:?}");

        drop(held);
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let fresh = reqwest::Client::new();
            if let Ok(response) = fresh.get(app.url("/health")).send().await {
                if response.status() == StatusCode::OK {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "served again once the others closed");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

db_tests! {
    with &["--request-timeout", "1ms"];
    async fn request_timeout(app) {
        // Hashing a password takes far longer than a millisecond.
        let response = app.post_json("/auth/customer/emailpass/register", &json!({"email": email("slow"), "password": PASSWORD})).await;
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body["type"], "service_unavailable");
    }
}

// Measured on the server binary in its own process, where nothing else allocates.
backend_tests! {
    async fn memory_stays_flat_under_huge_and_deep_bodies(backend) {
        let db = TestDb::create(backend).await;
        let server = ServerProcess::start(&db.url, free_port()).await;
        let client = reqwest::Client::new();
        let deep = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
        let huge = format!("{{\"email\": \"{}\"}}", "x".repeat(60 * 1024));
        let send = |body: String| {
            client
                .post(format!("{}/auth/customer/emailpass", server.address))
                .header("content-type", "application/json")
                .body(body)
                .send()
        };
        for body in [&deep, &huge] {
            assert!(send(body.clone()).await.unwrap().status().is_client_error());
        }
        let before = resident_memory_kib(server.child.id());
        for _ in 0..200 {
            assert_eq!(send(deep.clone()).await.unwrap().status(), StatusCode::BAD_REQUEST);
            assert!(send(huge.clone()).await.unwrap().status().is_client_error());
        }
        let after = resident_memory_kib(server.child.id());
        eprintln!("{backend:?}: server RSS {before} KiB before, {after} KiB after 400 hostile bodies");
        assert!(after < before + 10 * 1024, "RSS grew from {before} KiB to {after} KiB");
        assert_eq!(client.get(format!("{}/health", server.address)).send().await.unwrap().status(), StatusCode::OK);
    }
}
