//! `POST /auth/customer/emailpass/register` and `POST /auth/customer/emailpass`.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

fn claims(token: &str) -> serde_json::Value {
    use base64_url_decode as decode;
    let payload = token.split('.').nth(1).expect("a JWT has three parts");
    serde_json::from_slice(&decode(payload)).unwrap()
}

/// Base64url without padding, as JWTs use.
fn base64_url_decode(input: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in input.bytes() {
        let value = ALPHABET.iter().position(|&c| c == byte).expect("base64url") as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

db_tests! {
    async fn registering_returns_a_registration_token_without_an_actor(app) {
        let token = app.register_identity(&email("reg"), PASSWORD).await;
        let claims = claims(&token);
        assert_eq!(claims["actor_type"], "customer");
        assert_eq!(claims["actor_id"], "");
        assert_eq!(claims["auth_provider"], "emailpass");
        assert!(claims["auth_identity_id"].as_str().unwrap().starts_with("authid_"));
        assert!(claims["exp"].as_i64().unwrap() > claims["iat"].as_i64().unwrap());
    }

    async fn registering_twice_with_the_same_email_is_rejected(app) {
        let address = email("twice");
        app.register_identity(&address, PASSWORD).await;
        let response = app.post_json("/auth/customer/emailpass/register", &json!({"email": address.to_uppercase(), "password": "another password"})).await;
        assert_error(response, 401, "unauthorized", "Identity with email already exists").await;
    }

    async fn registering_again_with_the_same_password_resumes_an_unfinished_sign_up(app) {
        let address = email("resume");
        let first = app.register_identity(&address, PASSWORD).await;
        let second = app.register_identity(&address, PASSWORD).await;
        assert_eq!(claims(&first)["auth_identity_id"], claims(&second)["auth_identity_id"]);
    }

    async fn registering_a_finished_account_again_is_rejected_even_with_its_password(app) {
        let address = email("finished");
        app.signed_up(&address).await;
        let response = app.post_json("/auth/customer/emailpass/register", &json!({"email": address, "password": PASSWORD})).await;
        assert_error(response, 401, "unauthorized", "Identity with email already exists").await;
    }

    async fn registering_needs_string_credentials(app) {
        let response = app.post_json("/auth/customer/emailpass/register", &json!({"email": email("x"), "password": 12345678})).await;
        assert_error(response, 401, "unauthorized", "Password should be a string").await;
        let response = app.post_json("/auth/customer/emailpass/register", &json!({"password": PASSWORD})).await;
        assert_error(response, 401, "unauthorized", "Email should be a string").await;
    }

    async fn registering_a_malformed_email_or_a_short_password_is_invalid(app) {
        let response = app.post_json("/auth/customer/emailpass/register", &json!({"email": "not-an-email", "password": PASSWORD})).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Invalid email address").await;
        let response = app.post_json("/auth/customer/emailpass/register", &json!({"email": email("short"), "password": "short"})).await;
        assert_error(
            response,
            400,
            "invalid_data",
            "Invalid request: Value for field 'password' too small, expected at least: '8'",
        )
        .await;
    }

    async fn registering_an_over_long_email_or_password_is_invalid(app) {
        let long_email = format!("{}@example.com", "a".repeat(300));
        let response = app.post_json("/auth/customer/emailpass/register", &json!({"email": long_email, "password": PASSWORD})).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let response = app.post_json("/auth/customer/emailpass/register", &json!({"email": email("long"), "password": "p".repeat(129)})).await;
        assert_error(
            response,
            400,
            "invalid_data",
            "Invalid request: Value for field 'password' too big, expected at most: '128'",
        )
        .await;
    }

    async fn logging_in_returns_a_token_for_the_customer(app) {
        let address = email("login");
        let token = app.signed_up(&address).await;
        let claims = claims(&token);
        assert!(claims["actor_id"].as_str().unwrap().starts_with("cus_"));
        assert_eq!(claims["app_metadata"]["customer_id"], claims["actor_id"]);
    }

    async fn logging_in_ignores_the_case_of_the_email(app) {
        let address = email("Case");
        app.signed_up(&address).await;
        let token = app.login(&address.to_uppercase(), PASSWORD).await;
        assert!(claims(&token)["actor_id"].as_str().unwrap().starts_with("cus_"));
    }

    async fn a_wrong_password_and_an_unknown_email_get_the_same_answer(app) {
        let address = email("known");
        app.signed_up(&address).await;
        let wrong_password = app.post_json("/auth/customer/emailpass", &json!({"email": address, "password": "wrong password"})).await;
        assert_error(wrong_password, 401, "unauthorized", "Invalid email or password").await;
        let unknown = app.post_json("/auth/customer/emailpass", &json!({"email": email("unknown"), "password": PASSWORD})).await;
        assert_error(unknown, 401, "unauthorized", "Invalid email or password").await;
    }

    async fn logging_in_checks_the_password_type_first(app) {
        let response = app.post_json("/auth/customer/emailpass", &json!({"email": 5})).await;
        assert_error(response, 401, "unauthorized", "Password should be a string").await;
    }

    async fn malformed_json_is_invalid_data(app) {
        let response = app
            .post("/auth/customer/emailpass")
            .header("content-type", "application/json")
            .body("{\"email\": ")
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["type"], "invalid_data");
    }

    async fn a_form_body_is_refused_by_the_json_routes(app) {
        let response = app
            .post("/auth/customer/emailpass/register")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("email={}&password=correct+horse+battery", email("form")))
            .send()
            .await
            .unwrap();
        assert_error(response, 415, "unsupported_media_type", "Content-Type must be application/json").await;
    }

    async fn the_providers_list_offers_email_and_password(app) {
        let (status, body) = status_and_json(app.get("/auth/customer/providers").send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            body,
            json!({"providers": [{
                "id": "emailpass",
                "identifier": "emailpass",
                "display_name": "Email/Password Authentication",
                "flow": "credentials"
            }]})
        );
    }
}
