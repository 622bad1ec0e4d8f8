//! Guessing is slow: sign-in and sign-up attempts are limited per account and per client
//! address (429 with Retry-After, before any password is checked).

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

const LIMITS: &[&str] = &[
    "--auth-rate-limit-per-account",
    "4/15m",
    "--auth-rate-limit-per-address",
    "5/15m",
];

async fn login_from(
    app: &TestApp,
    address: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    app.client_from(address)
        .post(app.url("/auth/customer/emailpass"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

async fn assert_throttled(response: reqwest::Response) {
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response
        .headers()
        .get("retry-after")
        .expect("a Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1, "{retry_after}");
    assert_error(
        response,
        429,
        "too_many_requests",
        "Too many requests. Please try again later.",
    )
    .await;
}

db_tests! {
    with LIMITS;
    async fn creating_the_customer_counts_as_a_sign_up_attempt(app) {
        let address = email("create-limit");
        let registration = app.register_identity(&address, PASSWORD).await; // attempt 1
        let create = || {
            app.client_from("127.0.0.2")
                .post(app.url("/store/customers"))
                .bearer_auth(&registration)
                .json(&json!({"email": address}))
                .send()
        };
        assert_eq!(create().await.unwrap().status(), StatusCode::OK); // attempt 2
        for _ in 0..2 {
            // A used token: refused (422), and counted.
            assert_eq!(create().await.unwrap().status().as_u16(), 422);
        }
        assert_throttled(create().await.unwrap()).await;
    }
}

db_tests! {
    with LIMITS;
    async fn per_account(app) {
        let victim = email("victim");
        // Three attempts: registering, creating the customer and logging in.
        app.signed_up(&victim).await;
        for (i, address) in ["127.0.0.2"].iter().enumerate() {
            let response = login_from(&app, address, &victim, &format!("guess {i}")).await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        }
        // The account's allowance is spent, whichever address asks and whatever the password.
        assert_throttled(login_from(&app, "127.0.0.4", &victim, "guess 3").await).await;
        assert_throttled(login_from(&app, "127.0.0.5", &victim.to_uppercase(), PASSWORD).await)
            .await;
        // Other accounts are unaffected.
        let other = email("other");
        let response = login_from(&app, "127.0.0.4", &other, "whatever!").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
}

db_tests! {
    with LIMITS;
    async fn per_address(app) {
        for i in 0..5 {
            let response =
                login_from(&app, "127.0.0.2", &email(&format!("spray{i}")), "password1").await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        }
        assert_throttled(login_from(&app, "127.0.0.2", &email("spray5"), "password1").await).await;
        // Registration and the one-step sign-up count against the same allowance.
        let register = app
            .client_from("127.0.0.2")
            .post(app.url("/auth/customer/emailpass/register"))
            .json(&json!({"email": email("new"), "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_throttled(register).await;
        let v1 = app
            .client_from("127.0.0.2")
            .post(app.url("/store/customers"))
            .json(&json!({"email": email("v1"), "password": PASSWORD, "first_name": "A", "last_name": "B"}))
            .send()
            .await
            .unwrap();
        assert_throttled(v1).await;
        // Another address is not held back.
        let response = login_from(&app, "127.0.0.3", &email("spray6"), "password1").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
}

db_tests! {
    with LIMITS;
    async fn sign_in_page(app) {
        let client = app.client_from("127.0.0.2");
        let mut statuses = Vec::new();
        for i in 0..6 {
            let response = client
                .post(app.url("/api/login"))
                .form(&[
                    ("email", format!("page{i}@example.com")),
                    ("password", "password1".into()),
                ])
                .send()
                .await
                .unwrap();
            statuses.push(response.status().as_u16());
            if i == 5 {
                let body: serde_json::Value = response.json().await.unwrap();
                assert_eq!(body["kind"], "too_many_requests", "{body}");
            }
        }
        assert_eq!(statuses, [401, 401, 401, 401, 401, 429]);
    }
}

db_tests! {
    async fn an_unknown_email_costs_a_password_verification_too(app) {
        let before = app.state.hasher.verifications();
        let response = app.post_json("/auth/customer/emailpass", &json!({"email": email("nobody"), "password": PASSWORD})).await;
        assert_error(response, 401, "unauthorized", "Invalid email or password").await;
        assert_eq!(app.state.hasher.verifications(), before + 1);
        let response = app.post_json("/auth/customer/emailpass", &json!({"email": "not even an email", "password": PASSWORD})).await;
        assert_error(response, 401, "unauthorized", "Invalid email or password").await;
        assert_eq!(app.state.hasher.verifications(), before + 2);
    }
}

backend_tests! {
    async fn the_limits_hold_across_instances_sharing_the_database(backend) {
        let db = TestDb::create(backend).await;
        let first = TestApp::spawn_on(&db.url, LIMITS).await;
        let second = TestApp::spawn_on(&db.url, LIMITS).await;
        let victim = email("shared");
        for (i, app) in [&first, &second, &first, &second].into_iter().enumerate() {
            let address = format!("127.0.0.{}", i + 2);
            let response = login_from(app, &address, &victim, "a guess").await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        }
        // Each instance has seen two attempts; together they have spent the allowance of four.
        assert_throttled(login_from(&second, "127.0.0.9", &victim, "a guess").await).await;
        assert_throttled(login_from(&first, "127.0.0.9", &victim, "a guess").await).await;
    }

    async fn concurrent_attempts_on_two_instances_never_exceed_the_allowance(backend) {
        let db = TestDb::create(backend).await;
        let instances = [
            TestApp::spawn_on(&db.url, LIMITS).await,
            TestApp::spawn_on(&db.url, LIMITS).await,
        ];
        let victim = email("race");
        let attempts = (0..10).map(|i| {
            let app = &instances[i % 2];
            let request = app
                .client_from(&format!("127.0.1.{}", i + 1))
                .post(app.url("/auth/customer/emailpass"))
                .json(&json!({"email": victim, "password": "a guess"}));
            async move { request.send().await.unwrap().status() }
        });
        let statuses = futures_join_all(attempts).await;
        let answered = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
        let throttled = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
        assert_eq!((answered, throttled), (4, 6), "{statuses:?}");
    }

    async fn the_limits_survive_a_restart(backend) {
        let db = TestDb::create(backend).await;
        let victim = email("restart");
        {
            let app = TestApp::spawn_on(&db.url, LIMITS).await;
            for i in 0..4 {
                let address = format!("127.0.0.{}", i + 2);
                let response = login_from(&app, &address, &victim, "a guess").await;
                assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            }
        }
        let restarted = TestApp::spawn_on(&db.url, LIMITS).await;
        assert_throttled(login_from(&restarted, "127.0.0.9", &victim, "a guess").await).await;
    }
}

db_tests! {
    async fn the_shared_bucket_allows_its_burst_and_no_more(app) {
        use app::stores::throttle::take;
        use std::time::Duration;
        // 4 attempts at once, one more every 250 ms: a limit of 4/1s.
        let (interval, tolerance) = (Duration::from_millis(250), Duration::from_millis(750));
        let now = app::stores::db::now().timestamp_millis();
        let db = &app.state.db;
        assert_eq!(take(db, "account:burst", now + 5, interval, tolerance).await.unwrap(), None);
        // Concurrent attempts may read the clock a little earlier than one already counted.
        for i in 2..=4 {
            let taken = take(db, "account:burst", now, interval, tolerance).await.unwrap();
            assert_eq!(taken, None, "attempt {i} of the burst");
        }
        let refused = take(db, "account:burst", now + 5, interval, tolerance).await.unwrap();
        assert!(refused.is_some(), "a fifth attempt within the burst");
        let later = take(db, "account:burst", now + 255, interval, tolerance).await.unwrap();
        assert_eq!(later, None, "one more attempt, an interval later");
    }
}

/// A login through a proxy that reports `client` in `X-Forwarded-For`.
async fn login_via_proxy(
    app: &TestApp,
    client: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    app.post("/auth/customer/emailpass")
        .header("x-forwarded-for", client)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

db_tests! {
    with LIMITS;
    async fn strangers_cannot_lock_the_owner_out(app) {
        let owner = email("owner");
        app.signed_up(&owner).await; // signs in from 127.0.0.1: now a known client
        // Strangers from other addresses spend the account's allowance.
        let _ = login_from(&app, "127.0.0.2", &owner, "guess 1").await;
        assert_throttled(login_from(&app, "127.0.0.3", &owner, "guess 2").await).await;
        assert_throttled(login_from(&app, "127.0.0.4", &owner, PASSWORD).await).await;
        // The owner, from the address they signed in from before, still gets in…
        let response = login_from(&app, "127.0.0.1", &owner, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK);
        // …but a wrong password from there is refused like any other attempt now.
        assert_throttled(login_from(&app, "127.0.0.1", &owner, "guess 3").await).await;
    }

    with LIMITS;
    async fn the_device_cookie_lets_the_owner_in_from_a_new_address(app) {
        let owner = email("device");
        app.signed_up(&owner).await;
        let laptop = login_from(&app, "127.0.0.6", &owner, PASSWORD).await;
        assert_eq!(laptop.status(), StatusCode::OK, "attempt 4 of 4");
        let device = set_cookie_headers(&laptop)
            .into_iter()
            .find(|cookie| cookie.starts_with("ca_device="))
            .expect("a browser gets a device cookie");
        assert!(device.contains("HttpOnly") && device.contains("SameSite=Lax"), "{device}");
        let device = device.split(';').next().unwrap().to_owned();
        assert_throttled(login_from(&app, "127.0.0.7", &owner, "a stranger's guess").await).await;
        // Same browser, another network (a phone moving from Wi-Fi to mobile data).
        let moved = app
            .client_from("127.0.0.8")
            .post(app.url("/auth/customer/emailpass"))
            .header("cookie", &device)
            .json(&json!({"email": owner, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(moved.status(), StatusCode::OK);
        // A made-up cookie is no key.
        let forged = app
            .client_from("127.0.0.9")
            .post(app.url("/auth/customer/emailpass"))
            .header("cookie", format!("ca_device={}", "ab".repeat(32)))
            .json(&json!({"email": owner, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_throttled(forged).await;
    }

    with LIMITS;
    async fn the_sign_in_page_remembers_the_browser_too(app) {
        let owner = email("page-device");
        app.signed_up(&owner).await;
        let page_login = |address: &str, cookie: Option<&str>, password: &str| {
            let mut request = app
                .client_from(address)
                .post(app.url("/api/login"))
                .header("origin", app.origin())
                .form(&[("email", owner.as_str()), ("password", password)]);
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            request.send()
        };
        let signed_in = page_login("127.0.0.6", None, PASSWORD).await.unwrap();
        assert_eq!(signed_in.status(), StatusCode::OK, "attempt 4 of 4");
        let device = set_cookie_headers(&signed_in)
            .into_iter()
            .find(|cookie| cookie.starts_with("ca_device="))
            .expect("the page gives the browser a device cookie");
        assert!(device.contains("HttpOnly") && device.contains("SameSite=Lax"), "{device}");
        let device = device.split(';').next().unwrap().to_owned();
        // The allowance is spent: a new browser on a new network is refused…
        let stranger = page_login("127.0.0.7", None, PASSWORD).await.unwrap();
        assert_eq!(stranger.status(), StatusCode::TOO_MANY_REQUESTS);
        // …the owner's browser on a new network gets in, but not with a wrong password.
        let wrong = page_login("127.0.0.8", Some(&device), "a wrong guess").await.unwrap();
        assert_eq!(wrong.status(), StatusCode::TOO_MANY_REQUESTS);
        let owner_in = page_login("127.0.0.8", Some(&device), PASSWORD).await.unwrap();
        assert_eq!(owner_in.status(), StatusCode::OK);
    }

    with LIMITS;
    async fn clearing_the_account_gives_its_allowance_back(app) {
        let owner = email("cleared");
        app.signed_up(&owner).await;
        let _ = login_from(&app, "127.0.0.2", &owner, "guess 1").await;
        assert_throttled(login_from(&app, "127.0.0.3", &owner, PASSWORD).await).await;
        // What a password reset does once the owner has proved who they are.
        app.state.throttle.clear_account(&app.state.db, app::auth::ActorType::Customer, &owner.to_uppercase()).await.unwrap();
        let response = login_from(&app, "127.0.0.3", &owner, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
}

db_tests! {
    with &[
        "--auth-rate-limit-per-account", "100/15m",
        "--auth-rate-limit-per-address", "3/15m",
        "--trusted-proxy-hops", "1",
    ];
    async fn an_ipv6_client_is_one_client_across_its_64(app) {
        for i in 1..=3 {
            let client = format!("2001:db8:1:2::{i:x}");
            let response = login_via_proxy(&app, &client, &email(&format!("v6-{i}")), "password1").await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        }
        // Another address in the same /64 is the same client…
        assert_throttled(login_via_proxy(&app, "2001:db8:1:2:ffff:ffff:ffff:ffff", &email("v6-4"), "password1").await).await;
        // …and one in the next /64 is not.
        let response = login_via_proxy(&app, "2001:db8:1:3::1", &email("v6-5"), "password1").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        // IPv4 written as IPv4-mapped IPv6 is that IPv4 client.
        for i in 0..3 {
            let response = login_via_proxy(&app, "203.0.113.9", &email(&format!("v4-{i}")), "password1").await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        }
        assert_throttled(login_via_proxy(&app, "::ffff:203.0.113.9", &email("v4-3"), "password1").await).await;
    }
}
