//! Cross-origin calls from a storefront on another origin (`STORE_CORS`, `AUTH_CORS`):
//! preflights and responses as Medusa answers them, nothing for origins not on the list,
//! and cookie-authenticated writes trusted only from listed origins and only on their routes.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

const STOREFRONT: &str = "http://localhost:8000";
const EVIL: &str = "https://evil.example";

fn header<'r>(response: &'r reqwest::Response, name: &str) -> Option<&'r str> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().unwrap())
}

async fn preflight(app: &TestApp, path: &str, origin: &str) -> reqwest::Response {
    app.client
        .request(Method::OPTIONS, app.url(path))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,authorization,x-publishable-api-key",
        )
        .send()
        .await
        .unwrap()
}

db_tests! {
    with &["--store-cors", STOREFRONT, "--auth-cors", STOREFRONT];
    async fn a_listed_origin_gets_its_preflight_answered(app) {
        for path in ["/store/customers/me", "/auth/customer/emailpass", "/auth/session"] {
            let response = preflight(&app, path, STOREFRONT).await;
            assert_eq!(response.status(), StatusCode::NO_CONTENT, "{path}");
            assert_eq!(header(&response, "access-control-allow-origin"), Some(STOREFRONT));
            assert_eq!(header(&response, "access-control-allow-credentials"), Some("true"));
            assert_eq!(
                header(&response, "access-control-allow-methods"),
                Some("GET,HEAD,PUT,PATCH,POST,DELETE")
            );
            assert_eq!(
                header(&response, "access-control-allow-headers"),
                Some("content-type,authorization,x-publishable-api-key")
            );
        }
    }

    with &["--store-cors", STOREFRONT, "--auth-cors", STOREFRONT];
    async fn an_unlisted_origin_gets_no_cors_headers(app) {
        let response = preflight(&app, "/store/customers/me", EVIL).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(header(&response, "access-control-allow-origin"), None);
        assert_eq!(header(&response, "access-control-allow-credentials"), None);

        let login = app
            .post("/auth/customer/emailpass")
            .header("origin", EVIL)
            .json(&json!({"email": email("evil"), "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(header(&login, "access-control-allow-origin"), None);
    }

    with &["--store-cors", STOREFRONT, "--auth-cors", STOREFRONT];
    async fn responses_to_a_listed_origin_carry_cors_headers_errors_included(app) {
        let address = email("cors");
        app.signed_up(&address).await;
        let login = app
            .post("/auth/customer/emailpass")
            .header("origin", STOREFRONT)
            .json(&json!({"email": address, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(header(&login, "access-control-allow-origin"), Some(STOREFRONT));
        assert_eq!(header(&login, "access-control-allow-credentials"), Some("true"));
        assert!(header(&login, "vary").is_some_and(|vary| vary.contains("Origin")));
        let token = token_of(login).await;

        let me = app
            .get("/store/customers/me")
            .bearer_auth(&token)
            .header("origin", STOREFRONT)
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), StatusCode::OK);
        assert_eq!(header(&me, "access-control-allow-origin"), Some(STOREFRONT));

        let unauthorized = app
            .get("/store/customers/me")
            .header("origin", STOREFRONT)
            .send()
            .await
            .unwrap();
        assert_eq!(header(&unauthorized, "access-control-allow-origin"), Some(STOREFRONT));
        assert_error(unauthorized, 401, "unauthorized", "Unauthorized").await;
    }

    with &["--store-cors", STOREFRONT, "--auth-cors", STOREFRONT];
    async fn a_listed_storefront_may_write_with_the_session_cookie_but_not_to_our_pages(app) {
        let token = app.signed_up(&email("corscookie")).await;
        let cookie = app.session_cookie(&token).await;
        let update = app
            .post("/store/customers/me")
            .header("cookie", &cookie)
            .header("origin", STOREFRONT)
            .header("sec-fetch-site", "same-site")
            .json(&json!({"first_name": "Storefront"}))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(update).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["first_name"], "Storefront");

        // Our own forms and server functions trust only our own origin.
        let form = app
            .post("/api/logout")
            .header("cookie", &cookie)
            .header("origin", STOREFRONT)
            .header("sec-fetch-site", "same-site")
            .send()
            .await
            .unwrap();
        assert_eq!(form.status(), StatusCode::FORBIDDEN);
        let still_signed_in = app.get_with_cookie("/store/customers/me", &cookie).await;
        assert_eq!(still_signed_in.status(), StatusCode::OK);

        let evil = app
            .post("/store/customers/me")
            .header("cookie", &cookie)
            .header("origin", EVIL)
            .json(&json!({"first_name": "Mallory"}))
            .send()
            .await
            .unwrap();
        assert_eq!(evil.status(), StatusCode::FORBIDDEN);
    }

    async fn without_configuration_no_origin_is_allowed(app) {
        let response = preflight(&app, "/store/customers/me", STOREFRONT).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(header(&response, "access-control-allow-origin"), None);
        let pages = app
            .get("/account/login")
            .header("origin", STOREFRONT)
            .send()
            .await
            .unwrap();
        assert_eq!(header(&pages, "access-control-allow-origin"), None);
    }
}
