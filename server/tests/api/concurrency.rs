//! Concurrent writes never turn into server errors.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

db_tests! {
    async fn concurrent_updates_of_one_customer_all_succeed(app) {
        let token = app.signed_up(&email("concurrent")).await;
        let updates = (0..40).map(|i| {
            let request = app
                .post("/store/customers/me")
                .bearer_auth(&token)
                .json(&json!({"phone": format!("+1 555 {i:04}"), "metadata": {format!("k{i}"): i}}));
            async move { request.send().await.unwrap().status() }
        });
        let statuses = futures_join_all(updates).await;
        assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
        let response = app.get("/store/customers/me").bearer_auth(&token).send().await.unwrap();
        let (_, body) = status_and_json(response).await;
        let metadata = body["customer"]["metadata"].as_object().unwrap();
        assert_eq!(metadata.len(), 40, "every merge is kept: {metadata:?}");
    }

    async fn concurrent_sign_ups_with_one_email_make_exactly_one_account(app) {
        let address = email("race");
        let attempts = (0..8).map(|i| {
            let request = app.post("/store/customers").json(&json!({
                "email": address, "password": PASSWORD, "first_name": format!("Racer{i}"), "last_name": "X"
            }));
            async move { request.send().await.unwrap().status() }
        });
        let statuses = futures_join_all(attempts).await;
        let created = statuses.iter().filter(|s| **s == StatusCode::OK).count();
        assert_eq!(created, 1, "{statuses:?}");
        assert!(
            statuses.iter().all(|s| *s == StatusCode::OK || s.as_u16() == 422),
            "{statuses:?}"
        );
    }
}
