//! `POST /auth/token/refresh`: a customer credential (bearer or session, with or without a
//! customer yet) is exchanged for a new token issued from the login's current state.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

use crate::helpers::*;

const REFRESH: &str = "/auth/token/refresh";

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT has three parts");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

/// The refreshed token, asserting a 200 whose body is exactly `{token}`.
async fn refreshed(response: reqwest::Response) -> String {
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
    body["token"].as_str().expect("a token").to_owned()
}

async fn assert_unauthorized(response: reqwest::Response) {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{text}");
    assert_eq!(
        text,
        json!({"type": "unauthorized", "message": "Unauthorized"}).to_string()
    );
}

async fn me_status(app: &TestApp, token: &str) -> StatusCode {
    app.get("/store/customers/me")
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

db_tests! {
    async fn a_login_token_refreshes_into_a_later_one_for_the_same_customer(app) {
        let token = app.signed_up(&email("refresh")).await;
        // iat and exp are in seconds: let one go by.
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        // Raw request: no publishable key needed.
        let response = app.client.post(app.url(REFRESH)).bearer_auth(&token).send().await.unwrap();
        let fresh = refreshed(response).await;
        let (old, new) = (claims(&token), claims(&fresh));
        for claim in ["actor_id", "actor_type", "auth_identity_id", "auth_provider", "app_metadata"] {
            assert_eq!(old[claim], new[claim], "{claim}");
        }
        assert!(new["actor_id"].as_str().unwrap().starts_with("cus_"));
        assert!(new["iat"].as_i64() > old["iat"].as_i64(), "{old} {new}");
        assert!(new["exp"].as_i64() > old["exp"].as_i64(), "{old} {new}");
        assert_eq!(me_status(&app, &fresh).await, StatusCode::OK);
    }

    async fn a_registration_token_refreshes_into_one_with_the_customer_once_it_exists(app) {
        let address = email("refresh-reg");
        let registration = app.register_identity(&address, PASSWORD).await;
        let before = refreshed(app.post(REFRESH).bearer_auth(&registration).send().await.unwrap()).await;
        assert_eq!(claims(&before)["actor_id"], "", "no customer yet");
        assert_eq!(me_status(&app, &before).await, StatusCode::UNAUTHORIZED);

        let response = app
            .post("/store/customers")
            .bearer_auth(&registration)
            .json(&json!({"email": address}))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let customer_id = body["customer"]["id"].as_str().unwrap();

        // The old registration token is still actor-less; its refresh is not.
        assert_eq!(me_status(&app, &registration).await, StatusCode::UNAUTHORIZED);
        let after = refreshed(app.post(REFRESH).bearer_auth(&registration).send().await.unwrap()).await;
        let after_claims = claims(&after);
        assert_eq!(after_claims["actor_id"], customer_id);
        assert_eq!(after_claims["app_metadata"], json!({"customer_id": customer_id}));
        assert_eq!(after_claims["auth_identity_id"], claims(&registration)["auth_identity_id"]);
        assert_eq!(me_status(&app, &after).await, StatusCode::OK);
    }

    async fn a_session_cookie_refreshes_too(app) {
        let token = app.signed_up(&email("refresh-cookie")).await;
        let cookie = app.session_cookie(&token).await;
        let response = app
            .post(REFRESH)
            .header("cookie", &cookie)
            .header("origin", app.origin())
            .send()
            .await
            .unwrap();
        let fresh = refreshed(response).await;
        assert_eq!(claims(&fresh)["actor_id"], claims(&token)["actor_id"]);
        assert_eq!(me_status(&app, &fresh).await, StatusCode::OK);
    }

    async fn no_bad_or_foreign_credentials_get_401(app) {
        assert_unauthorized(app.post(REFRESH).send().await.unwrap()).await;
        assert_unauthorized(app.post(REFRESH).bearer_auth("garbage").send().await.unwrap()).await;
        assert_unauthorized(app.post(REFRESH).header("authorization", "Basic abc").send().await.unwrap()).await;

        let token = app.signed_up(&email("refresh-bad")).await;
        let valid: app::auth::Claims = serde_json::from_value(claims(&token)).unwrap();
        let expired = app::auth::Claims {
            iat: valid.iat - 7_200,
            exp: valid.iat - 3_600,
            ..valid.clone()
        };
        let user = app::auth::Claims {
            actor_type: "user".into(),
            ..valid.clone()
        };
        for forged in [app.state.jwt.sign(&expired), app.state.jwt.sign(&user)] {
            assert_unauthorized(app.post(REFRESH).bearer_auth(&forged).send().await.unwrap()).await;
        }
        let other_secret = app::auth::JwtKeys::new(b"another-secret-another-secret!!!", Duration::from_secs(60));
        assert_unauthorized(app.post(REFRESH).bearer_auth(other_secret.sign(&valid)).send().await.unwrap()).await;

        // A session that has ended no longer refreshes.
        let cookie = app.session_cookie(&token).await;
        let out = app.delete("/auth/session").header("cookie", &cookie).header("origin", app.origin()).send().await.unwrap();
        assert_eq!(out.status(), StatusCode::OK);
        assert_unauthorized(app.post(REFRESH).header("cookie", &cookie).header("origin", app.origin()).send().await.unwrap()).await;
    }
}
