//! What the admin customer tests share: an admin's token, requests with it, and customers
//! and groups made through the API.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    admin_auth::{admin_login, create_admin, ADMIN_PASSWORD},
    helpers::*,
};

pub const CUSTOMERS: &str = "/admin/customers";

/// A signed-in admin.
pub struct Admin {
    pub token: String,
    pub id: String,
}

pub async fn admin(app: &TestApp) -> Admin {
    let address = email("customers-admin");
    let id = create_admin(app, &address, ADMIN_PASSWORD).await;
    Admin {
        token: admin_login(app, &address, ADMIN_PASSWORD).await,
        id,
    }
}

pub async fn send(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app.request(method, path).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

pub async fn get(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    status_and_json(send(app, token, Method::GET, path, None).await).await
}

pub async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    status_and_json(send(app, token, Method::POST, path, Some(body)).await).await
}

pub async fn delete(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    status_and_json(send(app, token, Method::DELETE, path, None).await).await
}

/// `GET path` that must succeed; its body.
pub async fn ok(app: &TestApp, token: &str, path: &str) -> Value {
    let (status, body) = get(app, token, path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

/// A guest customer created over the API; its id.
pub async fn guest(app: &TestApp, admin: &Admin, body: Value) -> String {
    let (status, created) = post(app, &admin.token, CUSTOMERS, body).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    // Ids (ULIDs) and timestamps order by creation only across milliseconds.
    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    created["customer"]["id"].as_str().unwrap().to_owned()
}

/// A registered customer: its id, its login token and its email.
pub async fn registered(app: &TestApp, tag: &str) -> (String, String, String) {
    let address = email(tag);
    let token = app.signed_up(&address).await;
    let response = app
        .get("/store/customers/me")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (
        body["customer"]["id"].as_str().unwrap().to_owned(),
        token,
        address,
    )
}

/// A customer group; its id.
pub async fn group(app: &TestApp, admin: &Admin, name: &str) -> String {
    let (status, body) = post(
        app,
        &admin.token,
        "/admin/customer-groups",
        json!({"name": name}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["customer_group"]["id"].as_str().unwrap().to_owned()
}

/// The ids of a list's customers, in order.
pub fn ids(body: &Value) -> Vec<String> {
    body["customers"]
        .as_array()
        .unwrap_or_else(|| panic!("a customers list: {body}"))
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}
