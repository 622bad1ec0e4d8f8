//! Cross-site request forgery: writes authenticated by the session cookie must come from
//! our own pages; bearer-token clients are unaffected; JSON routes take only JSON; nothing
//! changes on GET.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

const EVIL: &str = "https://evil.example";

async fn first_name(app: &TestApp, token: &str) -> serde_json::Value {
    let response = app
        .get("/store/customers/me")
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    status_and_json(response).await.1["customer"]["first_name"].clone()
}

db_tests! {
    async fn a_cross_site_write_with_the_session_cookie_is_refused(app) {
        let token = app.signed_up(&email("csrf")).await;
        let cookie = app.session_cookie(&token).await;
        let by_origin = app
            .post("/store/customers/me")
            .header("cookie", &cookie)
            .header("origin", EVIL)
            .json(&json!({"first_name": "Mallory"}))
            .send()
            .await
            .unwrap();
        assert_error(by_origin, 403, "forbidden", "Cross-site requests are not allowed for this session.").await;
        let by_fetch_metadata = app
            .post("/store/customers/me")
            .header("cookie", &cookie)
            .header("sec-fetch-site", "cross-site")
            .json(&json!({"first_name": "Mallory"}))
            .send()
            .await
            .unwrap();
        assert_eq!(by_fetch_metadata.status(), StatusCode::FORBIDDEN);
        let logout = app
            .delete("/auth/session")
            .header("cookie", &cookie)
            .header("origin", EVIL)
            .send()
            .await
            .unwrap();
        assert_eq!(logout.status(), StatusCode::FORBIDDEN);
        assert_eq!(first_name(&app, &token).await, "John", "nothing changed");
        let still_signed_in = app.get_with_cookie("/store/customers/me", &cookie).await;
        assert_eq!(still_signed_in.status(), StatusCode::OK);
    }

    async fn a_same_origin_write_with_the_session_cookie_goes_through(app) {
        let token = app.signed_up(&email("sameorigin")).await;
        let cookie = app.session_cookie(&token).await;
        for (name, value) in [("origin", app.origin().to_owned()), ("sec-fetch-site", "same-origin".into())] {
            let response = app
                .post("/store/customers/me")
                .header("cookie", &cookie)
                .header(name, value)
                .json(&json!({"first_name": "Jane"}))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
        }
    }

    async fn bearer_token_clients_are_not_affected(app) {
        let token = app.signed_up(&email("bearer")).await;
        let response = app
            .post("/store/customers/me")
            .bearer_auth(&token)
            .header("origin", EVIL)
            .header("sec-fetch-site", "cross-site")
            .json(&json!({"first_name": "Bea"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }

    async fn cross_site_forms_cannot_reach_sign_in_or_any_server_function(app) {
        let address = email("logincsrf");
        app.signed_up(&address).await;
        let response = app
            .post("/api/login")
            .header("origin", EVIL)
            .header("accept", "text/html")
            .form(&[("email", address.as_str()), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(session_cookie_of(&response).is_none(), "no session for the attacker's login");
        let page = response.text().await.unwrap();
        assert!(page.contains("This request was refused"), "{page}");

        let ours = app
            .post("/api/login")
            .header("origin", app.origin())
            .header("accept", "text/html")
            .form(&[("email", address.as_str()), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(ours.status(), StatusCode::FOUND, "our own no-JS form still works");
        assert!(session_cookie_of(&ours).is_some());
    }

    async fn json_routes_refuse_other_content_types_and_change_nothing(app) {
        let token = app.signed_up(&email("ctype")).await;
        for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
            let response = app
                .post("/store/customers/me")
                .bearer_auth(&token)
                .header("content-type", content_type)
                .body("{\"first_name\": \"Plain\"}")
                .send()
                .await
                .unwrap();
            assert_error(response, 415, "unsupported_media_type", "Content-Type must be application/json").await;
        }
        assert_eq!(first_name(&app, &token).await, "John");
    }

    async fn an_empty_body_is_refused_when_its_content_type_is_not_json(app) {
        let token = app.signed_up(&email("empty-ctype")).await;
        for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
            let response = app
                .post("/store/customers/me")
                .bearer_auth(&token)
                .header("content-type", content_type)
                .send()
                .await
                .unwrap();
            assert_error(response, 415, "unsupported_media_type", "Content-Type must be application/json").await;
        }
        for content_type in [None, Some("application/json")] {
            let mut request = app.post("/store/customers/me").bearer_auth(&token);
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "an empty JSON body reads as {{}} ({content_type:?})");
        }
        assert_eq!(first_name(&app, &token).await, "John");
    }

    async fn nothing_changes_on_get(app) {
        let token = app.signed_up(&email("get")).await;
        let cookie = app.session_cookie(&token).await;
        let attempts = [
            "/api/update_profile?first_name=Got&last_name=X&phone=&company_name=",
            "/api/logout",
            "/api/login?email=a%40b.co&password=whatever1",
            "/store/customers/me?first_name=Got",
        ];
        for path in attempts {
            let response = app.get(path).header("cookie", &cookie).send().await.unwrap();
            let status = response.status();
            assert!(!status.is_success(), "GET {path} answered {status}");
        }
        assert_eq!(first_name(&app, &token).await, "John");
        let still_signed_in = app.get_with_cookie("/store/customers/me", &cookie).await;
        assert_eq!(still_signed_in.status(), StatusCode::OK);
    }
}
