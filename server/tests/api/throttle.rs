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
