//! Customer groups over the admin API (Medusa 2.21.2's `/admin/customer-groups` routes and
//! seed 004's `{customer_ids}` membership form): CRUD, unique names among live groups,
//! membership as a set, soft delete, the list's filters and pages, and admins only.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    admin_auth::{admin_login, create_admin, ADMIN_PASSWORD},
    helpers::*,
};

const GROUPS: &str = "/admin/customer-groups";

/// An admin's bearer token and id.
async fn admin(app: &TestApp) -> (String, String) {
    let address = email("groups-admin");
    let id = create_admin(app, &address, ADMIN_PASSWORD).await;
    (admin_login(app, &address, ADMIN_PASSWORD).await, id)
}

/// A registered customer's id.
async fn customer(app: &TestApp, tag: &str) -> String {
    let token = app.signed_up(&email(tag)).await;
    let response = app
        .get("/store/customers/me")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["customer"]["id"].as_str().unwrap().to_owned()
}

async fn send(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app.request(method, path).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

async fn get(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    status_and_json(send(app, token, reqwest::Method::GET, path, None).await).await
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    status_and_json(send(app, token, reqwest::Method::POST, path, Some(body)).await).await
}

/// Creates a group; returns its id.
async fn create_group(app: &TestApp, token: &str, name: &str) -> String {
    let (status, body) = post(app, token, GROUPS, json!({"name": name})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["customer_group"]["id"].as_str().unwrap().to_owned()
}

fn member_ids(group: &Value) -> Vec<String> {
    let mut ids: Vec<String> = group["customers"]
        .as_array()
        .expect("a customers key")
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

db_tests! {
    async fn an_admin_creates_reads_renames_and_deletes_a_group(app) {
        let (token, admin_id) = admin(&app).await;
        let (status, body) = post(&app, &token, GROUPS, json!({"name": "vip-customers", "metadata": {"data1": "value1"}})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let group = &body["customer_group"];
        let keys: Vec<&str> = group.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "name", "created_by", "created_at", "updated_at", "deleted_at", "metadata"]);
        let id = group["id"].as_str().unwrap().to_owned();
        assert!(id.starts_with("cusgroup_"), "{id}");
        assert_eq!(group["name"], "vip-customers");
        assert_eq!(group["created_by"], admin_id.as_str());
        assert_eq!(group["deleted_at"], Value::Null);
        assert_eq!(group["metadata"], json!({"data1": "value1"}));

        let (status, body) = get(&app, &token, &format!("{GROUPS}/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer_group"]["name"], "vip-customers");
        assert!(body["customer_group"].get("customers").is_none(), "{body}");

        let (status, body) = post(&app, &token, &format!("{GROUPS}/{id}"), json!({"name": "vip-customers-v2", "metadata": {"metaKey1": "metaValue1"}})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer_group"]["name"], "vip-customers-v2");
        assert_eq!(body["customer_group"]["metadata"], json!({"data1": "value1", "metaKey1": "metaValue1"}));

        // A value "" removes its key; `{}` keeps; `null` clears.
        let (_, body) = post(&app, &token, &format!("{GROUPS}/{id}?fields=*customers"), json!({"metadata": {"data1": "", "data2": "val2"}})).await;
        assert_eq!(body["customer_group"]["metadata"], json!({"metaKey1": "metaValue1", "data2": "val2"}));
        assert_eq!(body["customer_group"]["customers"], json!([]));
        let updated_at = body["customer_group"]["updated_at"].clone();
        let (_, body) = post(&app, &token, &format!("{GROUPS}/{id}"), json!({"metadata": {}})).await;
        assert_eq!(body["customer_group"]["metadata"], json!({"metaKey1": "metaValue1", "data2": "val2"}));
        // Nothing changed, so `updated_at` did not move (neither for `{}` nor the same name).
        assert_eq!(body["customer_group"]["updated_at"], updated_at, "{body}");
        let (_, body) = post(&app, &token, &format!("{GROUPS}/{id}"), json!({"name": "vip-customers-v2"})).await;
        assert_eq!(body["customer_group"]["updated_at"], updated_at, "{body}");
        let (_, body) = post(&app, &token, &format!("{GROUPS}/{id}"), json!({"metadata": null})).await;
        assert_eq!(body["customer_group"]["metadata"], Value::Null);

        let response = send(&app, &token, reqwest::Method::DELETE, &format!("{GROUPS}/{id}"), None).await;
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body, json!({"id": id, "object": "customer_group", "deleted": true}));

        let response = send(&app, &token, reqwest::Method::GET, &format!("{GROUPS}/{id}"), None).await;
        assert_error(response, 404, "not_found", &format!("Customer group with id: {id} not found")).await;
        let (_, body) = get(&app, &token, GROUPS).await;
        assert_eq!(body["count"], 0, "a deleted group leaves the list: {body}");

        // Deleting again, or an id that never existed, answers the same body.
        for gone in [id.as_str(), "does-not-exist"] {
            let response = send(&app, &token, reqwest::Method::DELETE, &format!("{GROUPS}/{gone}"), None).await;
            let (status, body) = status_and_json(response).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(body, json!({"id": gone, "object": "customer_group", "deleted": true}));
        }
    }

    async fn unknown_groups_are_404_with_medusa_messages(app) {
        let (token, _) = admin(&app).await;
        let response = send(&app, &token, reqwest::Method::GET, &format!("{GROUPS}/does-not-exist"), None).await;
        assert_error(response, 404, "not_found", "Customer group with id: does-not-exist not found").await;
        let missing = "cusgroup_01M82363EKDZQQNAMPA3XGMFKF";
        let response = send(&app, &token, reqwest::Method::POST, &format!("{GROUPS}/{missing}"), Some(json!({"name": "x"}))).await;
        assert_error(response, 404, "not_found", &format!("Customer group with id \"{missing}\" not found")).await;
        let response = send(&app, &token, reqwest::Method::POST, &format!("{GROUPS}/{missing}/customers"), Some(json!({"add": ["cus_01M82363EKDZQQNAMPA3XGMFKF"]}))).await;
        assert_error(response, 404, "not_found", &format!("You tried to set relationship customer_group_id: {missing}, but such entity does not exist")).await;
        // Nothing to add to an unknown group: Medusa's empty answer.
        let (status, body) = post(&app, &token, &format!("{GROUPS}/{missing}/customers"), json!({"remove": ["cus_01M82363EKDZQQNAMPA3XGMFKF"]})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, json!({}));
    }

    async fn a_name_is_unique_among_live_groups_and_free_after_a_delete(app) {
        let (token, _) = admin(&app).await;
        let id = create_group(&app, &token, "vip-customers").await;
        let response = send(&app, &token, reqwest::Method::POST, GROUPS, Some(json!({"name": "vip-customers"}))).await;
        assert_error(response, 400, "invalid_data", "Customer group with name: vip-customers, already exists.").await;
        // Exact and case-sensitive.
        create_group(&app, &token, "VIP-customers").await;
        let other = create_group(&app, &token, "other").await;
        let response = send(&app, &token, reqwest::Method::POST, &format!("{GROUPS}/{other}"), Some(json!({"name": "vip-customers"}))).await;
        assert_error(response, 400, "invalid_data", "Customer group with name: vip-customers, already exists.").await;
        // Keeping its own name is no conflict.
        let (status, _) = post(&app, &token, &format!("{GROUPS}/{id}"), json!({"name": "vip-customers"})).await;
        assert_eq!(status, StatusCode::OK);

        send(&app, &token, reqwest::Method::DELETE, &format!("{GROUPS}/{id}"), None).await;
        let again = create_group(&app, &token, "vip-customers").await;
        assert_ne!(again, id);
    }

    async fn bad_bodies_and_queries_are_400_with_medusa_messages(app) {
        let (token, _) = admin(&app).await;
        let cases = [
            (json!({}), "Invalid request: Field 'name' is required"),
            (json!({"name": null}), "Invalid request: Expected type: 'string' for field 'name', got: 'null'"),
            (json!({"name": "a", "foo": 1}), "Invalid request: Unrecognized fields: 'foo'"),
        ];
        for (body, message) in cases {
            let response = send(&app, &token, reqwest::Method::POST, GROUPS, Some(body)).await;
            assert_error(response, 400, "invalid_data", message).await;
        }
        let (status, body) = post(&app, &token, GROUPS, json!({"name": ""})).await;
        assert_eq!(status, StatusCode::OK, "\"\" is a name, as in Medusa: {body}");

        let id = create_group(&app, &token, "g").await;
        let response = send(&app, &token, reqwest::Method::POST, &format!("{GROUPS}/{id}"), Some(json!({"name": null}))).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Expected type: 'string' for field 'name', got: 'null'").await;
        let response = send(&app, &token, reqwest::Method::POST, &format!("{GROUPS}/{id}/customers"), Some(json!({"add": "cus_x"}))).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Expected type: 'array' for field 'add', got: 'cus_x'").await;
        let response = send(&app, &token, reqwest::Method::POST, &format!("{GROUPS}/{id}/customers"), Some(json!({"add": [], "foo": 1}))).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Unrecognized fields: 'foo'").await;
        let response = send(&app, &token, reqwest::Method::DELETE, &format!("{GROUPS}/{id}/customers"), Some(json!({}))).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Field 'customer_ids' is required").await;

        for (query, message) in [
            ("limit=abc", "Invalid request: Expected type: 'number' for field 'limit', got: 'abc'"),
            ("foo=bar", "Invalid request: Unrecognized fields: 'foo'"),
            ("with_deleted=maybe", "Invalid request: Invalid input"),
        ] {
            let response = send(&app, &token, reqwest::Method::GET, &format!("{GROUPS}?{query}"), None).await;
            assert_error(response, 400, "invalid_data", message).await;
        }
        let response = send(&app, &token, reqwest::Method::GET, &format!("{GROUPS}?order=nosuch"), None).await;
        assert_error(response, 400, "invalid_data", "Order field nosuch is not valid").await;
    }

    async fn members_are_a_set_added_and_removed_both_ways(app) {
        let (token, admin_id) = admin(&app).await;
        let group = create_group(&app, &token, "members").await;
        let ann = customer(&app, "ann").await;
        let bob = customer(&app, "bob").await;
        let path = format!("{GROUPS}/{group}/customers");

        // v2: add twice → one membership each; the answer is the group, default fields.
        for _ in 0..2 {
            let (status, body) = post(&app, &token, &path, json!({"add": [ann, bob, ann]})).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(body["customer_group"]["id"], group.as_str());
            assert!(body["customer_group"].get("customers").is_none(), "{body}");
        }
        let (_, body) = get(&app, &token, &format!("{GROUPS}/{group}?fields=*customers")).await;
        let mut both = vec![ann.clone(), bob.clone()];
        both.sort();
        assert_eq!(member_ids(&body["customer_group"]), both);
        let member = &body["customer_group"]["customers"][0];
        let keys: Vec<&str> = member.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "company_name", "first_name", "last_name", "email", "phone", "has_account", "metadata", "created_by", "created_at", "updated_at", "deleted_at"]);
        assert_eq!(member["has_account"], true);

        // v2: remove.
        let (status, _) = post(&app, &token, &path, json!({"remove": [ann]})).await;
        assert_eq!(status, StatusCode::OK);
        let (_, body) = get(&app, &token, &format!("{GROUPS}/{group}?fields=*customers")).await;
        assert_eq!(member_ids(&body["customer_group"]), std::slice::from_ref(&bob));
        // Asked for, the answer lists the members as they are after the change.
        let (status, body) = post(&app, &token, &format!("{path}?fields=id,*customers"), json!({"add": [ann], "remove": [bob]})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(member_ids(&body["customer_group"]), std::slice::from_ref(&ann));
        post(&app, &token, &path, json!({"add": [bob], "remove": [ann]})).await;

        // Seed 004: POST and DELETE with {customer_ids}.
        let (status, body) = post(&app, &token, &path, json!({"customer_ids": [ann]})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, body) = get(&app, &token, &format!("{GROUPS}/{group}?fields=*customers")).await;
        assert_eq!(member_ids(&body["customer_group"]), both);
        let response = send(&app, &token, reqwest::Method::DELETE, &path, Some(json!({"customer_ids": [ann, bob]}))).await;
        assert_eq!(response.status(), StatusCode::OK);
        let (_, body) = get(&app, &token, &format!("{GROUPS}/{group}?fields=*customers")).await;
        assert_eq!(body["customer_group"]["customers"], json!([]));

        // The membership row records the admin who made it.
        post(&app, &token, &path, json!({"add": [ann]})).await;
        let (created_by,): (Option<String>,) = match &app.state.db {
            app::stores::Db::Sqlite(pool) => sqlx::query_as("SELECT created_by FROM customer_group_customer").fetch_one(pool).await.unwrap(),
            app::stores::Db::Postgres(pool) => sqlx::query_as("SELECT created_by FROM customer_group_customer").fetch_one(pool).await.unwrap(),
        };
        assert_eq!(created_by.as_deref(), Some(admin_id.as_str()));
    }

    async fn an_unknown_customer_is_404_and_nothing_changes(app) {
        let (token, _) = admin(&app).await;
        let group = create_group(&app, &token, "g").await;
        let ann = customer(&app, "ann").await;
        let missing = "cus_01M82363EKDZQQNAMPA3XGMFKF";
        for unknown in [missing, "not-an-id"] {
            let response = send(&app, &token, reqwest::Method::POST, &format!("{GROUPS}/{group}/customers"), Some(json!({"add": [ann, unknown]}))).await;
            assert_error(response, 404, "not_found", &format!("You tried to set relationship customer_id: {unknown}, but such entity does not exist")).await;
        }
        let (_, body) = get(&app, &token, &format!("{GROUPS}/{group}?fields=*customers")).await;
        assert_eq!(body["customer_group"]["customers"], json!([]), "all or nothing");
    }

    async fn deleting_a_group_ends_its_memberships(app) {
        let (token, _) = admin(&app).await;
        let group = create_group(&app, &token, "doomed").await;
        let ann = customer(&app, "ann").await;
        post(&app, &token, &format!("{GROUPS}/{group}/customers"), json!({"add": [ann]})).await;
        send(&app, &token, reqwest::Method::DELETE, &format!("{GROUPS}/{group}"), None).await;
        let count: i64 = match &app.state.db {
            app::stores::Db::Sqlite(pool) => sqlx::query_scalar("SELECT COUNT(*) FROM customer_group_customer").fetch_one(pool).await.unwrap(),
            app::stores::Db::Postgres(pool) => sqlx::query_scalar("SELECT COUNT(*) FROM customer_group_customer").fetch_one(pool).await.unwrap(),
        };
        assert_eq!(count, 0);
        let deleted_at: Option<String> = match &app.state.db {
            app::stores::Db::Sqlite(pool) => sqlx::query_scalar("SELECT CAST(deleted_at AS TEXT) FROM customer_group").fetch_one(pool).await.unwrap(),
            app::stores::Db::Postgres(pool) => sqlx::query_scalar("SELECT CAST(deleted_at AS TEXT) FROM customer_group").fetch_one(pool).await.unwrap(),
        };
        assert!(deleted_at.is_some(), "a soft delete keeps the row");
    }

    async fn the_list_pages_searches_and_filters(app) {
        let (token, admin_id) = admin(&app).await;
        let first = create_group(&app, &token, "First group").await;
        let second = create_group(&app, &token, "Second group").await;
        let third = create_group(&app, &token, "Third").await;

        let (status, body) = get(&app, &token, GROUPS).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!((body["count"].clone(), body["offset"].clone(), body["limit"].clone()), (json!(3), json!(0), json!(50)));
        let ids: Vec<&str> = body["customer_groups"].as_array().unwrap().iter().map(|g| g["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [first.as_str(), second.as_str(), third.as_str()], "creation order");
        assert!(body["customer_groups"][0].get("customers").is_none());

        let (_, body) = get(&app, &token, &format!("{GROUPS}?limit=2&offset=1")).await;
        assert_eq!(body["count"], 3);
        assert_eq!(body["customer_groups"].as_array().unwrap().len(), 2);
        assert_eq!(body["customer_groups"][0]["id"], second.as_str());
        let (_, body) = get(&app, &token, &format!("{GROUPS}?limit=0")).await;
        assert_eq!((body["count"].clone(), body["limit"].clone(), body["customer_groups"].clone()), (json!(3), json!(0), json!([])));
        let (_, body) = get(&app, &token, &format!("{GROUPS}?offset=10")).await;
        assert_eq!((body["count"].clone(), body["customer_groups"].clone()), (json!(3), json!([])));
        let (_, body) = get(&app, &token, &format!("{GROUPS}?order=-name&limit=1")).await;
        assert_eq!(body["customer_groups"][0]["id"], third.as_str());

        let (_, body) = get(&app, &token, &format!("{GROUPS}?q=fir")).await;
        assert_eq!(body["count"], 1);
        assert_eq!(body["customer_groups"][0]["id"], first.as_str());
        let (_, body) = get(&app, &token, &format!("{GROUPS}?q=GROUP%20sec")).await;
        assert_eq!(body["count"], 1, "every word, any case: {body}");
        assert_eq!(body["customer_groups"][0]["id"], second.as_str());
        let (_, body) = get(&app, &token, &format!("{GROUPS}?q=%25")).await;
        assert_eq!(body["count"], 0, "% matches only itself");

        let (_, body) = get(&app, &token, &format!("{GROUPS}?name=Third")).await;
        assert_eq!(body["count"], 1);
        let (_, body) = get(&app, &token, &format!("{GROUPS}?name=third")).await;
        assert_eq!(body["count"], 0, "name is exact");
        let (_, body) = get(&app, &token, &format!("{GROUPS}?id[]={first},{third}")).await;
        assert_eq!(body["count"], 2);

        let (_, body) = get(&app, &token, &format!("{GROUPS}?created_at[$gte]=2000-01-01T00:00:00Z&updated_at[$lt]=2999-01-01")).await;
        assert_eq!(body["count"], 3, "{body}");
        let (_, body) = get(&app, &token, &format!("{GROUPS}?created_at[$gt]=2999-01-01&created_at[$foo]=1")).await;
        assert_eq!(body["count"], 0, "{body}");
        let response = send(&app, &token, reqwest::Method::GET, &format!("{GROUPS}?created_at[$lte]=soon"), None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);

        let ann = customer(&app, "ann").await;
        post(&app, &token, &format!("{GROUPS}/{first}/customers"), json!({"add": [ann]})).await;
        let (_, body) = get(&app, &token, &format!("{GROUPS}?fields=*customers&q=fir")).await;
        assert_eq!(member_ids(&body["customer_groups"][0]), std::slice::from_ref(&ann));
        let (_, body) = get(&app, &token, &format!("{GROUPS}?fields=name")).await;
        assert_eq!(body["customer_groups"][0], json!({"name": "First group", "id": first}));

        // The groups a customer belongs to, in each form of the `customers` filter.
        let bob = customer(&app, "bob").await;
        post(&app, &token, &format!("{GROUPS}/{third}/customers"), json!({"add": [bob]})).await;
        for query in [format!("customers={ann}"), format!("customers[]={ann}"), format!("customers[0]={ann}"), format!("customers[id]={ann}")] {
            let (status, body) = get(&app, &token, &format!("{GROUPS}?{query}")).await;
            assert_eq!(status, StatusCode::OK, "{query}: {body}");
            assert_eq!(body["count"], 1, "{query}: {body}");
            assert_eq!(body["customer_groups"][0]["id"], first.as_str());
        }
        let (_, body) = get(&app, &token, &format!("{GROUPS}?customers[]={ann}&customers[]={bob}")).await;
        assert_eq!(body["count"], 2, "a group with any of them: {body}");
        let (_, body) = get(&app, &token, &format!("{GROUPS}?customers=cus_nobody")).await;
        assert_eq!(body["count"], 0);
        // `created_by`: the admin who made the group; `deleted_at`: live groups only.
        let (other_token, _) = admin(&app).await;
        create_group(&app, &other_token, "By another admin").await;
        let (_, body) = get(&app, &token, &format!("{GROUPS}?created_by={admin_id}")).await;
        assert_eq!(body["count"], 3, "{body}");
        let (_, body) = get(&app, &token, GROUPS).await;
        assert_eq!(body["count"], 4, "{body}");
        let (status, body) = get(&app, &token, &format!("{GROUPS}?deleted_at[$lt]=2999-01-01")).await;
        assert_eq!((status, body["count"].clone()), (StatusCode::OK, json!(0)), "{body}");
    }

    async fn customer_credentials_and_none_are_401(app) {
        let (token, _) = admin(&app).await;
        let group = create_group(&app, &token, "g").await;
        let customer_token = app.signed_up(&email("shopper")).await;
        let cookie = app.session_cookie(&customer_token).await;
        let routes = [
            (reqwest::Method::GET, GROUPS.to_owned()),
            (reqwest::Method::POST, GROUPS.to_owned()),
            (reqwest::Method::GET, format!("{GROUPS}/{group}")),
            (reqwest::Method::POST, format!("{GROUPS}/{group}")),
            (reqwest::Method::DELETE, format!("{GROUPS}/{group}")),
            (reqwest::Method::POST, format!("{GROUPS}/{group}/customers")),
            (reqwest::Method::DELETE, format!("{GROUPS}/{group}/customers")),
        ];
        for (method, path) in routes {
            let bearer = app.request(method.clone(), &path).bearer_auth(&customer_token).json(&json!({"name": "x"})).send().await.unwrap();
            assert_error(bearer, 401, "unauthorized", "Unauthorized").await;
            let with_cookie = app.request(method.clone(), &path).header("cookie", &cookie).json(&json!({"name": "x"})).send().await.unwrap();
            assert_error(with_cookie, 401, "unauthorized", "Unauthorized").await;
            let anonymous = app.request(method, &path).json(&json!({"name": "x"})).send().await.unwrap();
            assert_error(anonymous, 401, "unauthorized", "Unauthorized").await;
        }
        let (_, body) = get(&app, &token, &format!("{GROUPS}/{group}")).await;
        assert_eq!(body["customer_group"]["name"], "g", "nothing changed");
    }
}
