//! `POST /auth/session` and `DELETE /auth/session`: cookie sessions.

use reqwest::StatusCode;

use crate::helpers::*;

db_tests! {
    async fn a_bearer_token_is_exchanged_for_a_session_cookie(app) {
        let token = app.signed_up(&email("cookie")).await;
        let response = app.post("/auth/session").bearer_auth(&token).send().await.unwrap();
        let cookies = set_cookie_headers(&response);
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["user"]["actor_type"], "customer");
        assert!(body["user"]["actor_id"].as_str().unwrap().starts_with("cus_"));
        let cookie = cookies.iter().find(|c| c.starts_with("connect.sid=")).expect("session cookie");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(cookie.contains("Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain http: {cookie}");
    }

    async fn the_session_cookie_alone_authenticates(app) {
        let address = email("alone");
        let token = app.signed_up(&address).await;
        let cookie = app.session_cookie(&token).await;
        let response = app.get_with_cookie("/store/customers/me", &cookie).await;
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["customer"]["email"], address.as_str());
    }

    async fn logging_out_ends_the_session_and_a_copied_cookie_stops_working(app) {
        let token = app.signed_up(&email("logout")).await;
        let cookie = app.session_cookie(&token).await;
        let copy = cookie.clone();
        let response = app.delete("/auth/session").header("cookie", &cookie).send().await.unwrap();
        let cleared = set_cookie_headers(&response);
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, serde_json::json!({"success": true}));
        assert!(
            cleared.iter().any(|c| c.starts_with("connect.sid=;") || c.contains("Max-Age=0")),
            "the cookie is cleared: {cleared:?}"
        );
        let response = app.get_with_cookie("/store/customers/me", &copy).await;
        assert_error(response, 401, "unauthorized", "Unauthorized").await;
        // The bearer token is stateless and stays valid, as in Medusa.
        let response = app.get("/store/customers/me").bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }

    async fn logging_out_without_a_session_is_unauthorized(app) {
        let token = app.signed_up(&email("nosession")).await;
        let response = app.delete("/auth/session").bearer_auth(&token).send().await.unwrap();
        assert_error(response, 401, "unauthorized", "Unauthorized").await;
    }

    async fn a_session_needs_a_valid_bearer_token(app) {
        let response = app.post("/auth/session").send().await.unwrap();
        assert_error(response, 401, "unauthorized", "Unauthorized").await;
        let response = app.post("/auth/session").bearer_auth("garbage").send().await.unwrap();
        assert_error(response, 401, "unauthorized", "Unauthorized").await;
    }

    async fn signing_in_again_issues_a_new_session_id(app) {
        let token = app.signed_up(&email("cycle")).await;
        let first = app.session_cookie(&token).await;
        let response = app
            .post("/auth/session")
            .bearer_auth(&token)
            .header("cookie", &first)
            .send()
            .await
            .unwrap();
        let second = session_cookie_of(&response).expect("a new cookie");
        assert_ne!(first, second);
        let old = app.get_with_cookie("/store/customers/me", &first).await;
        assert_eq!(old.status(), StatusCode::UNAUTHORIZED, "the old id no longer works");
        let new = app.get_with_cookie("/store/customers/me", &second).await;
        assert_eq!(new.status(), StatusCode::OK);
    }

    async fn a_session_made_from_a_registration_token_stays_without_an_actor(app) {
        let address = email("actorless");
        let registration = app.register_identity(&address, PASSWORD).await;
        let cookie = app.session_cookie(&registration).await;
        let response = app.get_with_cookie("/store/customers/me", &cookie).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
}

db_tests! {
    with &["--session-idle-timeout", "1s"];
    async fn idle_expiry(app) {
        let token = app.signed_up(&email("idle")).await;
        let cookie = app.session_cookie(&token).await;
        tokio::time::sleep(std::time::Duration::from_millis(2_200)).await;
        let response = app.get_with_cookie("/store/customers/me", &cookie).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
}

db_tests! {
    with &["--session-max-age", "3s"];
    async fn absolute_expiry(app) {
        let token = app.signed_up(&email("absolute")).await;
        let cookie = app.session_cookie(&token).await;
        // Busy all along (ages are counted in whole seconds: within 2 s is safely inside 3 s)…
        for _ in 0..4 {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            let response = app.get_with_cookie("/store/customers/me", &cookie).await;
            assert_eq!(response.status(), StatusCode::OK);
        }
        // …and still signed out once the absolute lifetime is over.
        tokio::time::sleep(std::time::Duration::from_millis(2_200)).await;
        let response = app.get_with_cookie("/store/customers/me", &cookie).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
}

db_tests! {
    with &["--public-origin", "https://shop.example.com"];
    async fn over_https(app) {
        let token = app.signed_up(&email("https")).await;
        let response = app
            .post("/auth/session")
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        let cookie = set_cookie_headers(&response)
            .into_iter()
            .find(|c| c.starts_with("__Host-connect.sid="))
            .expect("the __Host- prefixed session cookie");
        for flag in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(flag), "{flag} missing: {cookie}");
        }
        assert!(!cookie.contains("Domain="), "{cookie}");
        let pair = cookie.split(';').next().unwrap().to_owned();
        let me = app.get_with_cookie("/store/customers/me", &pair).await;
        assert_eq!(me.status(), StatusCode::OK);
    }
}
