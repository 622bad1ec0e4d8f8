//! What every route shares: unknown routes, limits, health, request ids.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

db_tests! {
    async fn unknown_api_routes_are_json_404s(app) {
        let response = app.get("/store/nonexistent").send().await.unwrap();
        assert_error(response, 404, "not_found", "Cannot GET /store/nonexistent").await;
        let response = app.post_json("/auth/customer/nosuchprovider", &json!({})).await;
        assert_error(response, 404, "not_found", "Cannot POST /auth/customer/nosuchprovider").await;
        let response = app.get("/auth/session").send().await.unwrap();
        assert_error(response, 404, "not_found", "Cannot GET /auth/session").await;
    }

    async fn an_over_large_body_is_refused_in_the_error_format(app) {
        let response = app
            .post("/auth/customer/emailpass")
            .header("content-type", "application/json")
            .body(format!("{{\"email\": \"{}\"}}", "a".repeat(200 * 1024)))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(body["type"], "payload_too_large");
    }

    async fn health_reports_the_database(app) {
        let response = app.get("/health").send().await.unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["database"], "ok");
    }

    async fn every_response_carries_a_request_id_and_security_headers(app) {
        let response = app.get("/health").send().await.unwrap();
        let headers = response.headers();
        assert!(headers.get("x-request-id").is_some());
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["cache-control"], "no-store");
    }

    async fn deeply_nested_json_is_invalid_data_and_the_server_lives(app) {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let response = app
            .post("/auth/customer/emailpass")
            .header("content-type", "application/json")
            .body(deep)
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["type"], "invalid_data");
        assert_eq!(app.get("/health").send().await.unwrap().status(), StatusCode::OK);
    }
}
