//! Medusa v1's `/store/auth` routes (seeds 001, 002; spec §3.2, §5.10): sign-in into the
//! cookie session, the current customer, sign-out, a bearer token, whether an email has an
//! account — and that they share the v2 sign-in's session and limits.

use reqwest::{header, Response, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

const AUTH: &str = "/store/auth";
const TOKEN: &str = "/store/auth/token";

/// Medusa v1's one-step sign-up (`POST /store/customers` with a password).
pub async fn v1_signed_up(app: &TestApp, address: &str) -> Value {
    let response = app
        .post_json(
            "/store/customers",
            &json!({"email": address, "password": PASSWORD, "first_name": "James", "last_name": "Bond"}),
        )
        .await;
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["customer"].clone()
}

/// `POST /store/auth` → the session cookie and the answer.
pub async fn v1_sign_in(
    app: &TestApp,
    address: &str,
    password: &str,
) -> (Option<String>, Response) {
    let response = app
        .post_json(AUTH, &json!({"email": address, "password": password}))
        .await;
    (session_cookie_of(&response), response)
}

async fn assert_unauthorized(response: Response) {
    assert_error(response, 401, "unauthorized", "Unauthorized").await;
}

/// A guest customer (no login), as an admin or a checkout would create one.
async fn guest(app: &TestApp, address: &str) {
    use app::stores::customers::{insert, NewRow, Profile};
    let id = app::shared::CustomerId::generate();
    let mut tx = app.state.db.begin_write().await.unwrap();
    let row = NewRow {
        id: &id,
        email: Some(address),
        email_normalized: Some(address.to_lowercase()),
        has_account: false,
        created_by: None,
        profile: &Profile::default(),
        now: app::stores::db::now(),
    };
    assert!(insert(&mut tx, &row).await.is_ok(), "the guest is stored");
    tx.commit().await.unwrap();
}

/// Imports two orders of `address`'s customer, a day apart, through the real importer.
async fn import_two_orders(app: &TestApp, address: &str) -> (String, String) {
    let line = |n: i64, day: i64| {
        json!({
            "id": format!("order_{}", ulid::Ulid::new()),
            "display_id": n,
            "email": address,
            "currency_code": "usd",
            "status": "completed",
            "payment_status": "captured",
            "fulfillment_status": "fulfilled",
            "created_at": format!("2024-03-{day:02}T15:30:00.000Z"),
            "subtotal": 39.98, "shipping_total": 0, "tax_total": 0, "discount_total": 0,
            "total": 39.98,
            "items": [{"id": format!("ordli_{n}"), "title": "T-shirt", "quantity": 2, "unit_price": 19.99}]
        })
    };
    let (older, newer) = (line(1001, 1), line(1002, 2));
    let text = format!("{older}\n{newer}");
    let summary = app::services::order_import::import(
        &app.state.db,
        std::io::Cursor::new(text),
        Default::default(),
        &mut |_| {},
    )
    .await
    .expect("the import runs");
    assert!(
        summary.committed && summary.bad.is_empty(),
        "{:?}",
        summary.bad
    );
    let id = |order: &Value| order["id"].as_str().unwrap().to_owned();
    (id(&older), id(&newer))
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

db_tests! {
    async fn signing_in_answers_the_v1_customer_and_signs_the_session_in(app) {
        let address = email("bond");
        let created = v1_signed_up(&app, &address).await;
        let (cookie, response) = v1_sign_in(&app, &address, PASSWORD).await;
        let cookie = cookie.expect("POST /store/auth sets the session cookie");
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let customer = &body["customer"];
        assert_eq!(
            keys(customer),
            [
                "id", "email", "first_name", "last_name", "billing_address_id", "phone",
                "has_account", "created_at", "updated_at", "deleted_at", "metadata",
                "billing_address", "shipping_addresses", "orders",
            ]
        );
        assert_eq!(customer["id"], created["id"]);
        assert_eq!(customer["phone"], Value::Null);
        assert_eq!(customer["shipping_addresses"], json!([]));
        assert_eq!(customer["orders"], json!([]));
        assert!(!body.to_string().contains("password"), "{body}");

        let (status, current) = status_and_json(app.get_with_cookie(AUTH, &cookie).await).await;
        assert_eq!(status, StatusCode::OK, "{current}");
        assert_eq!(current["customer"]["id"], created["id"]);
        // The same session v2 makes: every v2 route sees the customer.
        let (status, me) =
            status_and_json(app.get_with_cookie("/store/customers/me", &cookie).await).await;
        assert_eq!(status, StatusCode::OK, "{me}");
        assert_eq!(me["customer"]["id"], created["id"]);
    }

    async fn the_current_customer_lists_their_orders_newest_first_with_items(app) {
        let address = email("orders");
        v1_signed_up(&app, &address).await;
        let (older, newer) = import_two_orders(&app, &address).await;
        let (cookie, response) = v1_sign_in(&app, &address, PASSWORD).await;
        let (status, signed_in) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK, "{signed_in}");
        let (_, current) = status_and_json(app.get_with_cookie(AUTH, &cookie.unwrap()).await).await;
        for body in [&signed_in, &current] {
            let orders = body["customer"]["orders"].as_array().unwrap();
            let ids: Vec<&str> = orders.iter().map(|o| o["id"].as_str().unwrap()).collect();
            assert_eq!(ids, [newer.as_str(), older.as_str()]);
            // v1 amounts are integers in the minor unit.
            assert_eq!(orders[0]["total"], 3998);
            assert_eq!(orders[0]["items"][0]["title"], "T-shirt");
            assert_eq!(orders[0]["items"][0]["unit_price"], 1999);
            assert_eq!(orders[0]["items"][0]["quantity"], 2);
        }
    }

    async fn a_v2_session_is_seen_by_get_store_auth(app) {
        let address = email("v2");
        let token = app.signed_up(&address).await;
        let cookie = app.session_cookie(&token).await;
        let (status, body) = status_and_json(app.get_with_cookie(AUTH, &cookie).await).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["email"], address);
    }

    async fn without_a_session_get_store_auth_is_401(app) {
        assert_unauthorized(app.get(AUTH).send().await.unwrap()).await;
    }

    async fn wrong_passwords_unknown_emails_guests_and_unfinished_sign_ups_are_401(app) {
        let address = email("refused");
        v1_signed_up(&app, &address).await;
        let (cookie, response) = v1_sign_in(&app, &address, "not the password").await;
        assert!(cookie.is_none());
        assert_unauthorized(response).await;
        assert_unauthorized(v1_sign_in(&app, &email("nobody"), PASSWORD).await.1).await;
        let guest_email = email("guest");
        guest(&app, &guest_email).await;
        assert_unauthorized(v1_sign_in(&app, &guest_email, PASSWORD).await.1).await;
        let unfinished = email("unfinished");
        app.register_identity(&unfinished, PASSWORD).await;
        assert_unauthorized(v1_sign_in(&app, &unfinished, PASSWORD).await.1).await;
    }

    async fn sign_in_bodies_are_checked_in_v1_words(app) {
        let response = app.post_json(AUTH, &json!({"email": "not-an-email", "password": ""})).await;
        assert_error(response, 400, "invalid_data", "email must be an email, password should not be empty").await;
        let response = app
            .post_json(AUTH, &json!({"email": email("x"), "password": PASSWORD, "remember": true}))
            .await;
        assert_error(response, 400, "invalid_data", "property remember should not exist").await;
        let response = app.post_json(TOKEN, &json!({"password": 5})).await;
        assert_error(response, 400, "invalid_data", "email must be an email, password must be a string").await;
    }

    async fn signing_in_needs_the_publishable_key_like_every_store_route(app) {
        let response = app
            .client
            .post(app.url(AUTH))
            .json(&json!({"email": email("k"), "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["type"], "not_allowed");
    }

    async fn signing_out_ends_the_session_and_answers_ok(app) {
        let address = email("out");
        v1_signed_up(&app, &address).await;
        let cookie = v1_sign_in(&app, &address, PASSWORD).await.0.unwrap();
        let response = app.delete(AUTH).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain"));
        assert_eq!(response.text().await.unwrap(), "OK");
        assert_unauthorized(app.get_with_cookie(AUTH, &cookie).await).await;
        assert_eq!(
            app.get_with_cookie("/store/customers/me", &cookie).await.status(),
            StatusCode::UNAUTHORIZED
        );
        // As in v1, signing out without a session is fine too.
        let again = app.delete(AUTH).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::OK);
        assert_eq!(again.text().await.unwrap(), "OK");
    }

    async fn cross_site_sign_ins_and_sign_outs_with_the_session_cookie_are_refused(app) {
        let address = email("csrf");
        v1_signed_up(&app, &address).await;
        let cookie = v1_sign_in(&app, &address, PASSWORD).await.0.unwrap();
        let sign_in = app
            .post(AUTH)
            .header("cookie", &cookie)
            .header("origin", "https://evil.example")
            .json(&json!({"email": address, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_error(sign_in, 403, "forbidden", "Cross-site requests are not allowed for this session.").await;
        let sign_out = app
            .delete(AUTH)
            .header("cookie", &cookie)
            .header("sec-fetch-site", "cross-site")
            .send()
            .await
            .unwrap();
        assert_eq!(sign_out.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.get_with_cookie(AUTH, &cookie).await.status(), StatusCode::OK, "still signed in");
    }

    async fn the_access_token_is_a_bearer_for_v1_and_v2_routes(app) {
        let address = email("token");
        let created = v1_signed_up(&app, &address).await;
        let response = app.post_json(TOKEN, &json!({"email": address.to_uppercase(), "password": PASSWORD})).await;
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(keys(&body), ["access_token"]);
        let token = body["access_token"].as_str().unwrap();
        for path in [AUTH, "/store/customers/me"] {
            let (status, me) = status_and_json(app.get(path).bearer_auth(token).send().await.unwrap()).await;
            assert_eq!(status, StatusCode::OK, "{path}: {me}");
            assert_eq!(me["customer"]["id"], created["id"]);
        }
        // v1's claims ride along with ours.
        let payload = token.split('.').nth(1).unwrap();
        use base64::Engine;
        let claims: Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap(),
        )
        .unwrap();
        assert_eq!(claims["customer_id"], created["id"]);
        assert_eq!(claims["domain"], "store");
        assert_eq!(claims["actor_id"], created["id"]);

        let refused = app.post_json(TOKEN, &json!({"email": address, "password": "wrong password"})).await;
        assert_unauthorized(refused).await;
    }

    async fn whether_an_email_exists_is_told_for_registered_customers_only(app) {
        let address = email("exists");
        v1_signed_up(&app, &address).await;
        let guest_email = email("guest");
        guest(&app, &guest_email).await;
        let unfinished = email("unfinished");
        app.register_identity(&unfinished, PASSWORD).await;
        for (asked, exists) in [
            (address.clone(), true),
            (address.to_uppercase(), true),
            (email("nobody"), false),
            (guest_email, false),
            (unfinished, false),
            ("not an email".to_owned(), false),
        ] {
            let path = format!("{AUTH}/{}", asked.replace(' ', "%20"));
            let (status, body) = status_and_json(app.get(&path).send().await.unwrap()).await;
            assert_eq!(status, StatusCode::OK, "{asked}: {body}");
            assert_eq!(body, json!({"exists": exists}), "{asked}");
        }
    }
}

db_tests! {
    with &["--auth-rate-limit-per-address", "3/15m"];
    async fn email_look_ups_spend_the_client_addresss_sign_in_allowance(app) {
        let client = app.client_from("127.0.0.2");
        let look_up = || client.get(app.url(&format!("{AUTH}/{}", email("probe")))).send();
        for _ in 0..2 {
            assert_eq!(look_up().await.unwrap().status(), StatusCode::OK);
        }
        // A sign-in from the same address takes the third attempt…
        let sign_in = client
            .post(app.url(AUTH))
            .json(&json!({"email": email("someone"), "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(sign_in.status(), StatusCode::UNAUTHORIZED);
        // …so the next look-up is refused, in the project's 429.
        let refused = look_up().await.unwrap();
        assert!(refused.headers().contains_key("retry-after"));
        assert_error(refused, 429, "too_many_requests", "Too many requests. Please try again later.").await;
        // Another client address is not affected.
        let other = app.client_from("127.0.0.3");
        let response = other.get(app.url(&format!("{AUTH}/{}", email("probe")))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
}

db_tests! {
    with &["--auth-rate-limit-per-account", "2/15m"];
    async fn v1_sign_ins_share_the_accounts_allowance_with_v2_sign_ins(app) {
        let address = email("guessed");
        v1_signed_up(&app, &address).await; // counts as a sign-up attempt
        let stranger = app.client_from("127.0.0.2");
        let v2 = stranger
            .post(app.url("/auth/customer/emailpass"))
            .json(&json!({"email": address, "password": "guess one"}))
            .send()
            .await
            .unwrap();
        assert_eq!(v2.status(), StatusCode::UNAUTHORIZED);
        for path in [AUTH, TOKEN] {
            let refused = stranger
                .post(app.url(path))
                .json(&json!({"email": address, "password": "guess two"}))
                .send()
                .await
                .unwrap();
            assert_error(refused, 429, "too_many_requests", "Too many requests. Please try again later.").await;
        }
    }
}
