//! `GET /store/orders`, `GET /store/orders/{id}` (Medusa 2.x), `GET /store/customers/me/orders`
//! (seed 000, Medusa v1) and `GET /store/customers/me?fields=*orders`, over orders imported
//! through the real import path.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

/// An order line in the import format: `n` is its display id; amounts in major units.
pub fn order_line(n: i64, email: &str, status: &str, created_at: &str) -> Value {
    json!({
        "id": format!("order_{}", ulid::Ulid::new()),
        "display_id": n,
        "email": email,
        "currency_code": "usd",
        "status": status,
        "payment_status": "captured",
        "fulfillment_status": "fulfilled",
        "created_at": created_at,
        "subtotal": 59.98,
        "shipping_total": 5,
        "tax_total": 4.8,
        "discount_total": 0,
        "total": 69.78,
        "items": [
            {"id": "ordli_1", "title": "T-shirt", "variant_id": "variant_1", "variant_sku": "TS-M",
             "quantity": 2, "unit_price": 19.99, "tax_total": 3.2},
            {"id": "ordli_2", "title": "Cap", "quantity": 1, "unit_price": 20, "tax_total": 1.6}
        ],
        "shipping_address": {"first_name": "John", "address_1": "123 Main St", "city": "New York",
                             "postal_code": "10001", "country_code": "us"},
        "billing_address": {"first_name": "John", "city": "Boston", "country_code": "us"},
        "shipping_methods": [{"name": "Standard", "amount": 5}]
    })
}

/// The `n`th of a series of creation times, a day apart.
pub fn day(n: i64) -> String {
    format!("2024-03-{:02}T15:30:00.000Z", n)
}

/// Imports `lines` with the importer `server import-orders` uses; all must be accepted.
pub async fn import(app: &TestApp, lines: &[Value]) {
    let text: Vec<String> = lines.iter().map(Value::to_string).collect();
    let summary = app::services::order_import::import(
        &app.state.db,
        std::io::Cursor::new(text.join("\n")),
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
}

fn id_of(order: &Value) -> String {
    order["id"].as_str().unwrap().to_owned()
}

async fn get(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    status_and_json(app.get(path).bearer_auth(token).send().await.unwrap()).await
}

async fn list(app: &TestApp, token: &str, path: &str) -> Value {
    let (status, body) = get(app, token, path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

fn display_ids(body: &Value) -> Vec<i64> {
    body["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|order| order["display_id"].as_i64().unwrap())
        .collect()
}

/// A signed-up customer: its email and login token.
async fn customer(app: &TestApp, tag: &str) -> (String, String) {
    let address = email(tag);
    let token = app.signed_up(&address).await;
    (address, token)
}

db_tests! {
    async fn a_customer_lists_only_their_own_orders_and_never_drafts(app) {
        let (ada, ada_token) = customer(&app, "ada").await;
        let (bob, bob_token) = customer(&app, "bob").await;
        let mut draft = order_line(3, &ada, "draft", &day(3));
        draft["is_draft_order"] = json!(true);
        let lines = [
            order_line(1, &ada, "completed", &day(1)),
            order_line(2, &ada.to_uppercase(), "pending", &day(2)),
            draft,
            order_line(4, &bob, "completed", &day(4)),
            order_line(5, "guest@example.com", "completed", &day(5)),
        ];
        import(&app, &lines).await;
        let body = list(&app, &ada_token, "/store/orders").await;
        let mut expected = vec![id_of(&lines[0]), id_of(&lines[1])];
        expected.sort();
        let ids: Vec<String> = body["orders"].as_array().unwrap().iter().map(id_of).collect();
        assert_eq!(ids, expected, "Medusa's default order is id ascending");
        assert_eq!((body["count"].clone(), body["offset"].clone(), body["limit"].clone()),
                   (json!(2), json!(0), json!(50)));
        assert_eq!(display_ids(&list(&app, &bob_token, "/store/orders").await), [4]);
        let (_, nobody) = customer(&app, "nobody").await;
        assert_eq!(list(&app, &nobody, "/store/orders").await,
                   json!({"orders": [], "count": 0, "offset": 0, "limit": 50}));
    }

    async fn the_list_shape_has_medusas_default_keys_and_major_units(app) {
        let (ada, token) = customer(&app, "ada").await;
        let line = order_line(1001, &ada, "completed", &day(2));
        import(&app, std::slice::from_ref(&line)).await;
        let body = list(&app, &token, "/store/orders").await;
        let order = &body["orders"][0];
        let keys: Vec<&str> = order.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "status", "display_id", "custom_display_id", "total",
                          "currency_code", "metadata", "created_at", "updated_at"]);
        assert_eq!(order["id"], line["id"]);
        assert_eq!(order["status"], "completed");
        assert_eq!(order["display_id"], 1001);
        assert!(order["total"].is_f64(), "a JSON number, not a string: {order}");
        assert_eq!(order["total"], json!(69.78));
        assert_eq!(order["custom_display_id"], Value::Null);
        assert_eq!(order["created_at"], "2024-03-02T15:30:00.000Z");
    }

    async fn pages_count_every_match_and_may_be_empty(app) {
        let (ada, token) = customer(&app, "ada").await;
        let lines: Vec<Value> = (1..=3).map(|n| order_line(n, &ada, "completed", &day(n))).collect();
        import(&app, &lines).await;
        let page = |query: &'static str| list(&app, &token, query);
        let body = page("/store/orders?limit=0").await;
        assert_eq!(body, json!({"orders": [], "count": 3, "offset": 0, "limit": 0}));
        let body = page("/store/orders?offset=5").await;
        assert_eq!(body, json!({"orders": [], "count": 3, "offset": 5, "limit": 50}));
        let body = page("/store/orders?limit=2&order=display_id").await;
        assert_eq!((display_ids(&body), body["count"].clone()), (vec![1, 2], json!(3)));
        let body = page("/store/orders?limit=2&offset=2&order=display_id").await;
        assert_eq!((display_ids(&body), body["count"].clone()), (vec![3], json!(3)));
        let (status, body) = get(&app, &token, "/store/orders?limit=abc").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["message"],
                   "Invalid request: Expected type: 'number' for field 'limit', got: 'abc'");
    }

    async fn the_order_parameter_sorts_by_allowed_fields_only(app) {
        let (ada, token) = customer(&app, "ada").await;
        // Display ids against creation times: 20 is the oldest, 10 the newest.
        let lines = [order_line(20, &ada, "completed", &day(1)),
                     order_line(30, &ada, "completed", &day(2)),
                     order_line(10, &ada, "completed", &day(3))];
        import(&app, &lines).await;
        let sorted = |query: &'static str| list(&app, &token, query);
        assert_eq!(display_ids(&sorted("/store/orders?order=-display_id").await), [30, 20, 10]);
        assert_eq!(display_ids(&sorted("/store/orders?order=created_at").await), [20, 30, 10]);
        assert_eq!(display_ids(&sorted("/store/orders?order=-created_at").await), [10, 30, 20]);
        for (query, field) in [("order=email", "email"), ("order=-nosuch", "nosuch")] {
            let response = app.get(&format!("/store/orders?{query}")).bearer_auth(&token)
                .send().await.unwrap();
            assert_error(response, 400, "invalid_data",
                         &format!("Order field {field} is not valid")).await;
        }
    }

    async fn status_and_id_filter_the_list(app) {
        let (ada, token) = customer(&app, "ada").await;
        let lines = [order_line(1, &ada, "completed", &day(1)),
                     order_line(2, &ada, "canceled", &day(2)),
                     order_line(3, &ada, "pending", &day(3))];
        import(&app, &lines).await;
        let (app, token) = (&app, &token);
        let filtered = |query: String| async move {
            display_ids(&list(app, token, &format!("/store/orders?order=display_id&{query}")).await)
        };
        assert_eq!(filtered("status=completed".into()).await, [1]);
        assert_eq!(filtered("status[]=completed&status[]=canceled".into()).await, [1, 2]);
        assert_eq!(filtered("status[]=pending,canceled".into()).await, [2, 3]);
        assert_eq!(filtered(format!("id={}", id_of(&lines[1]))).await, [2]);
        assert_eq!(filtered(format!("id[]={}&id[]=nonsense", id_of(&lines[2]))).await, [3]);
        let body = list(app, token, "/store/orders?id=nonsense").await;
        assert_eq!((body["orders"].clone(), body["count"].clone()), (json!([]), json!(0)));
        assert_eq!(filtered("with_deleted=true".into()).await, [1, 2, 3]);
        let response = app.get("/store/orders?status=done").bearer_auth(token).send().await.unwrap();
        assert_error(response, 400, "invalid_data",
            "Invalid request: Expected: 'pending, completed, draft, archived, canceled, \
             requires_action' for field 'status', but got: 'done'").await;
        let response = app.get("/store/orders?foo=bar").bearer_auth(token).send().await.unwrap();
        assert_error(response, 400, "invalid_data",
                     "Invalid request: Unrecognized fields: 'foo'").await;
    }

    async fn fields_choose_the_keys_and_drop_what_is_not_allowed(app) {
        let (ada, token) = customer(&app, "ada").await;
        import(&app, &[order_line(1, &ada, "completed", &day(1))]).await;
        let (app, token) = (&app, &token);
        let first = |query: &'static str| async move {
            list(app, token, query).await["orders"][0].clone()
        };
        let order = first("/store/orders?fields=total,display_id").await;
        let keys: Vec<&str> = order.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["total", "display_id", "id"]);
        let order = first("/store/orders?fields=summary,password").await;
        assert_eq!(order.as_object().unwrap().len(), 1, "{order}");
        let order = first("/store/orders?fields=%2Bpayment_status,-metadata").await;
        assert_eq!(order["payment_status"], "captured");
        assert!(order.get("metadata").is_none() && order.get("total").is_some());
        let order = first("/store/orders?fields=%2Bitem_total,items.title").await;
        assert_eq!(order["item_total"], json!(64.78));
        assert_eq!(order["items"], json!([{"id": "ordli_1", "title": "T-shirt"},
                                           {"id": "ordli_2", "title": "Cap"}]));
    }

    async fn an_order_is_shown_in_full_to_its_owner_only(app) {
        let (ada, token) = customer(&app, "ada").await;
        let (_, bob_token) = customer(&app, "bob").await;
        let line = order_line(1001, &ada, "completed", &day(2));
        let mut draft = order_line(1002, &ada, "pending", &day(3));
        draft["is_draft_order"] = json!(true);
        import(&app, &[line.clone(), draft.clone()]).await;
        let id = id_of(&line);
        let (status, body) = get(&app, &token, &format!("/store/orders/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let order = &body["order"];
        assert_eq!(order["id"], id.as_str());
        assert_eq!((order["payment_status"].clone(), order["fulfillment_status"].clone()),
                   (json!("captured"), json!("fulfilled")));
        assert_eq!(order["email"], ada.as_str());
        for (key, amount) in [("total", json!(69.78)), ("subtotal", json!(59.98)),
                              ("shipping_total", json!(5)), ("tax_total", json!(4.8)),
                              ("discount_total", json!(0)), ("item_subtotal", json!(59.98)),
                              ("item_tax_total", json!(4.8)), ("item_total", json!(64.78))] {
            assert_eq!(order[key], amount, "{key}");
        }
        let item = &order["items"][0];
        assert_eq!((item["title"].clone(), item["quantity"].clone(), item["unit_price"].clone(),
                    item["subtotal"].clone(), item["total"].clone(), item["variant_sku"].clone()),
                   (json!("T-shirt"), json!(2), json!(19.99), json!(39.98), json!(43.18),
                    json!("TS-M")));
        assert_eq!(order["shipping_address"]["city"], "New York");
        assert_eq!(order["billing_address"]["city"], "Boston");
        assert_eq!(order["shipping_methods"], json!([{"name": "Standard", "amount": 5}]));
        let narrow = list(&app, &token, &format!("/store/orders/{id}?fields=id,status")).await;
        assert_eq!(narrow, json!({"order": {"id": id, "status": "completed"}}));

        let not_found = |token: String, id: String| {
            let app = &app;
            async move {
                let response = app.get(&format!("/store/orders/{id}")).bearer_auth(&token)
                    .send().await.unwrap();
                assert_error(response, 404, "not_found", &format!("Order id not found: {id}")).await;
            }
        };
        not_found(bob_token.clone(), id.clone()).await;
        not_found(token.clone(), id_of(&draft)).await;
        not_found(token.clone(), "order_01JAX3Z4ZK2F4M3P4Q5R6S7T8V".into()).await;
        not_found(token.clone(), "nonsense".into()).await;
    }

    async fn order_routes_need_a_signed_in_customer(app) {
        let (ada, token) = customer(&app, "ada").await;
        let line = order_line(1, &ada, "completed", &day(1));
        import(&app, std::slice::from_ref(&line)).await;
        let registration = app.register_identity(&email("unfinished"), PASSWORD).await;
        for path in ["/store/orders".to_owned(), format!("/store/orders/{}", id_of(&line)),
                     "/store/customers/me/orders".to_owned()] {
            let response = app.get(&path).send().await.unwrap();
            assert_error(response, 401, "unauthorized", "Unauthorized").await;
            let response = app.get(&path).bearer_auth(&registration).send().await.unwrap();
            assert_error(response, 401, "unauthorized", "Unauthorized").await;
            // The publishable key is checked first, as on every /store route.
            let response = app.client.get(app.url(&path)).bearer_auth(&token).send().await.unwrap();
            let (status, body) = status_and_json(response).await;
            assert_eq!((status.as_u16(), body["type"].clone()), (400, json!("not_allowed")), "{path}");
        }
        let cookie = app.session_cookie(&token).await;
        let body = status_and_json(app.get_with_cookie("/store/orders", &cookie).await).await;
        assert_eq!((body.0, body.1["count"].clone()), (StatusCode::OK, json!(1)));
    }

    async fn me_orders_is_newest_first_ten_at_a_time_in_minor_units(app) {
        let (ada, token) = customer(&app, "ada").await;
        let lines: Vec<Value> = (1..=12).map(|n| order_line(n, &ada, "completed", &day(n))).collect();
        import(&app, &lines).await;
        let cookie = app.session_cookie(&token).await;
        let (status, body) =
            status_and_json(app.get_with_cookie("/store/customers/me/orders", &cookie).await).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(display_ids(&body), (3..=12).rev().collect::<Vec<_>>());
        assert_eq!((body["count"].clone(), body["offset"].clone(), body["limit"].clone()),
                   (json!(12), json!(0), json!(10)));
        let order = &body["orders"][0];
        let keys: Vec<&str> = order.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "display_id", "status", "payment_status", "fulfillment_status",
                          "email", "currency_code", "items", "shipping_address", "subtotal",
                          "shipping_total", "tax_total", "discount_total", "total", "created_at",
                          "updated_at"]);
        assert_eq!(order["total"].to_string(), "6978", "an integer of minor units");
        assert_eq!(order["subtotal"], 5998);
        assert_eq!(order["items"][0]["unit_price"], 1999);
        assert_eq!(order["items"][0]["variant"]["sku"], "TS-M");
        assert_eq!(order["shipping_address"]["address_1"], "123 Main St");
        let body = list(&app, &token, "/store/customers/me/orders?offset=10").await;
        assert_eq!(display_ids(&body), [2, 1]);
        let body = list(&app, &token, "/store/customers/me/orders?limit=3&order=display_id").await;
        assert_eq!(display_ids(&body), [1, 2, 3]);
    }

    async fn me_orders_filters_by_status_like_v1(app) {
        let (ada, token) = customer(&app, "ada").await;
        let mut unpaid = order_line(3, &ada, "pending", &day(3));
        unpaid["payment_status"] = json!("awaiting");
        unpaid["fulfillment_status"] = json!("not_fulfilled");
        import(&app, &[order_line(1, &ada, "completed", &day(1)),
                       order_line(2, &ada, "canceled", &day(2)), unpaid]).await;
        let (app, token) = (&app, &token);
        let filtered = |query: &'static str| async move {
            display_ids(&list(app, token, &format!("/store/customers/me/orders?{query}")).await)
        };
        assert_eq!(filtered("status[]=completed").await, [1]);
        assert_eq!(filtered("status[]=completed&status[]=canceled").await, [2, 1]);
        assert_eq!(filtered("payment_status[]=awaiting").await, [3]);
        assert_eq!(filtered("fulfillment_status[]=fulfilled").await, [2, 1]);
        let response = app.get("/store/customers/me/orders?payment_status[]=paid")
            .bearer_auth(token).send().await.unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body["message"].as_str().unwrap().contains("for field 'payment_status'"), "{body}");
    }

    async fn me_orders_takes_v1_fields_and_expand(app) {
        let (ada, token) = customer(&app, "ada").await;
        import(&app, &[order_line(1, &ada, "completed", &day(1))]).await;
        let (app, token) = (&app, &token);
        let first = |query: &'static str| async move {
            list(app, token, &format!("/store/customers/me/orders?{query}")).await["orders"][0].clone()
        };
        let order = first("fields=total&expand=").await;
        let keys: Vec<&str> = order.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "total", "created_at"]);
        let order = first("fields=total&expand=billing_address").await;
        assert_eq!(order["billing_address"]["city"], "Boston");
        assert!(order.get("items").is_none() && order.get("shipping_address").is_none());
        let order = first("fields=%2Bmetadata,-email").await;
        assert!(order.get("metadata").is_some() && order.get("email").is_none());
        for (query, bad) in [("fields=total,secret", "secret"), ("expand=customer", "customer")] {
            let response = app.get(&format!("/store/customers/me/orders?{query}"))
                .bearer_auth(token).send().await.unwrap();
            assert_error(response, 400, "invalid_data",
                         &format!("Requested fields [{bad}] are not valid")).await;
        }
        let response = app.get("/store/customers/me/orders?order=email")
            .bearer_auth(token).send().await.unwrap();
        assert_error(response, 400, "invalid_data", "Order field email is not valid").await;
    }

    async fn star_orders_adds_the_orders_to_the_customer(app) {
        let (ada, token) = customer(&app, "ada").await;
        let me = list(&app, &token, "/store/customers/me?fields=*orders").await;
        assert_eq!(me["customer"]["orders"], json!([]));
        assert!(me["customer"]["addresses"].is_array(), "the defaults stay: {me}");
        let line = order_line(1001, &ada, "completed", &day(2));
        import(&app, std::slice::from_ref(&line)).await;
        let me = list(&app, &token, "/store/customers/me?fields=*orders").await;
        let order = &me["customer"]["orders"][0];
        assert_eq!(me["customer"]["orders"].as_array().unwrap().len(), 1);
        assert_eq!(order["id"], line["id"]);
        assert_eq!((order["display_id"].clone(), order["total"].clone()),
                   (json!(1001), json!(69.78)));
        assert_eq!(order["created_at"], "2024-03-02T15:30:00.000Z");
        let plain = list(&app, &token, "/store/customers/me").await;
        assert!(plain["customer"].get("orders").is_none(), "{plain}");
        let bare = list(&app, &token, "/store/customers/me?fields=orders").await;
        assert_eq!(bare["customer"].as_object().unwrap().keys().collect::<Vec<_>>(), ["id"]);
        let column = list(&app, &token, "/store/customers/me?fields=%2Borders.id").await;
        assert!(column["customer"].get("orders").is_none(), "{column}");
    }
}
