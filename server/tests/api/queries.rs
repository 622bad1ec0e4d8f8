//! Query strings cost the server time linear in their length, which the edge bounds: the
//! worst query a client can send is refused cheaply, and nobody else waits for it.

use reqwest::StatusCode;
use std::time::{Duration, Instant};

use crate::helpers::*;

/// A `fields` value of `+a…,` entries then `-b…,` entries: the shape that made the old
/// parser compare every removal with every addition.
fn add_then_remove(bytes: usize) -> String {
    let mut fields = String::new();
    let mut i = 0;
    while fields.len() < bytes / 2 {
        fields.push_str(&format!("+a{i},"));
        i += 1;
    }
    let mut j = 0;
    while fields.len() < bytes {
        fields.push_str(&format!("-b{j},"));
        j += 1;
    }
    fields
}

/// Thousands of distinct unknown keys, each also sent as `key[]`.
fn distinct_keys(bytes: usize) -> String {
    let mut query = String::new();
    let mut i = 0;
    while query.len() < bytes {
        query.push_str(&format!("k{i}=&k{i}[]=&"));
        i += 1;
    }
    query
}

/// The median time of 21 `/health` requests, 20 ms apart.
async fn health_median(app: &TestApp) -> Duration {
    let mut latencies = Vec::new();
    for _ in 0..21 {
        let started = Instant::now();
        let response = tokio::time::timeout(Duration::from_secs(5), app.get("/health").send())
            .await
            .expect("/health answered within 5 s")
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        latencies.push(started.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    latencies.sort();
    latencies[latencies.len() / 2]
}

db_tests! {
    async fn the_worst_queries_are_refused_and_health_keeps_answering(app) {
        let token = app.signed_up(&email("queries")).await;
        // Just under the 8 KiB bound, and far over it (hyper itself reads up to 64 KiB).
        let fields_near_limit = format!("/store/customers/me?fields={}", add_then_remove(8_000));
        let keys_near_limit = format!("/store/customers/me?{}", distinct_keys(8_000));
        let far_over = format!("/store/customers?fields={}", add_then_remove(60_000));
        let unauthenticated = format!("/store/customers?fields={}", add_then_remove(8_000));

        let check = |path: String, bearer: bool| {
            let app = &app;
            let token = token.clone();
            async move {
                let mut request = if path.starts_with("/store/customers?") {
                    app.post(&path).json(&serde_json::json!({"email": "x@y.co"}))
                } else {
                    app.get(&path)
                };
                if bearer {
                    request = request.bearer_auth(&token);
                }
                let response = request.send().await.unwrap();
                let status = response.status();
                let (_, body) = status_and_json(response).await;
                (status, body)
            }
        };
        let (status, body) = check(fields_near_limit.clone(), true).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body["message"].as_str().unwrap().contains("fields may list at most 256 entries"), "{body}");
        let (status, body) = check(keys_near_limit.clone(), true).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body["message"].as_str().unwrap().starts_with("Invalid request: Unrecognized fields: 'k0, k1, k2"), "{body}");
        let (status, body) = check(far_over.clone(), false).await;
        assert_eq!(status, StatusCode::URI_TOO_LONG, "{body}");
        assert_eq!(body["type"], "uri_too_long");
        let (status, _) = check(unauthenticated.clone(), false).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "no credential: refused before the query is read");

        // /health's median latency on this machine as it is now (other tests share the CPU),
        // then again while four clients send those queries, 40 a second each.
        let quiet = health_median(&app).await;
        let attacking = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let attackers: Vec<_> = (0..4)
            .map(|n| {
                let client = app.client.clone();
                let key = app.publishable_key.clone();
                let base = app.address.clone();
                let token = token.clone();
                let attacking = attacking.clone();
                let path = [&fields_near_limit, &keys_near_limit, &far_over, &unauthenticated][n % 4].clone();
                tokio::spawn(async move {
                    let mut sent = 0u32;
                    while attacking.load(std::sync::atomic::Ordering::Relaxed) {
                        let url = format!("{base}{path}");
                        let request = if path.starts_with("/store/customers?") {
                            client.post(url).json(&serde_json::json!({"email": "x@y.co"}))
                        } else {
                            client.get(url).bearer_auth(&token)
                        }
                        .header(PUBLISHABLE_KEY_HEADER, &key);
                        let _ = request.send().await.map(|r| r.status());
                        sent += 1;
                        tokio::time::sleep(Duration::from_millis(25)).await;
                    }
                    sent
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(200)).await;
        let median = health_median(&app).await;
        attacking.store(false, std::sync::atomic::Ordering::Relaxed);
        let mut sent = 0;
        for attacker in attackers {
            sent += attacker.await.unwrap();
        }
        assert!(sent > 21, "the attack ran alongside the probes ({sent} requests)");
        assert!(
            median < quiet + Duration::from_millis(150),
            "/health median {median:?} during {sent} worst-case queries, {quiet:?} without them"
        );
    }

    async fn a_long_page_address_is_refused_too(app) {
        let response = app.get(&format!("/account/login?x={}", "a".repeat(9_000))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::URI_TOO_LONG);
        let response = app.get(&format!("/account/login?x={}", "a".repeat(7_000))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "under the bound is served");
    }
}
