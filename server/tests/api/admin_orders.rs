//! `GET /admin/orders?customer_id=…` and `GET /admin/orders/{id}`: a customer's orders for
//! the back office, in the v2 order shape, and still there after the customer is deleted.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    admin_helpers::*,
    helpers::*,
    store_orders::{day, import, order_line},
};

fn order_ids(body: &Value) -> Vec<String> {
    body["orders"]
        .as_array()
        .unwrap_or_else(|| panic!("orders: {body}"))
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect()
}

db_tests! {
    async fn an_admin_reads_one_customers_orders(app) {
        let admin = admin(&app).await;
        let (ada, _, ada_email) = registered(&app, "ada").await;
        let (bob, _, bob_email) = registered(&app, "bob").await;
        let mut draft = order_line(3, &ada_email, "draft", &day(3));
        draft["is_draft_order"] = json!(true);
        let lines = [
            order_line(1, &ada_email, "completed", &day(1)),
            order_line(2, &ada_email, "pending", &day(2)),
            draft,
            order_line(4, &bob_email, "completed", &day(4)),
        ];
        import(&app, &lines).await;
        let mut expected: Vec<String> = lines[..2].iter().map(|l| l["id"].as_str().unwrap().to_owned()).collect();
        expected.sort();

        let body = ok(&app, &admin.token, &format!("/admin/orders?customer_id={ada}")).await;
        assert_eq!(order_ids(&body), expected);
        assert_eq!((body["count"].as_i64(), body["offset"].as_i64(), body["limit"].as_i64()), (Some(2), Some(0), Some(50)));
        let keys: Vec<&str> = body["orders"][0].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "status", "display_id", "custom_display_id", "total",
                          "currency_code", "metadata", "created_at", "updated_at"]);
        let body = ok(&app, &admin.token, &format!("/admin/orders?customer_id={ada}&order=-created_at&limit=1&offset=1&fields=id,display_id")).await;
        assert_eq!(body["orders"], json!([{"id": lines[0]["id"], "display_id": 1}]));
        let body = ok(&app, &admin.token, &format!("/admin/orders?customer_id={ada}&status=pending")).await;
        assert_eq!(body["count"], 1);
        let body = ok(&app, &admin.token, &format!("/admin/orders?customer_id={bob}")).await;
        assert_eq!(body["count"], 1);
        let body = ok(&app, &admin.token, "/admin/orders?customer_id=nonsense").await;
        assert_eq!(body["count"], 0);

        // One order, any customer's, with its items when asked; drafts and unknown ids 404.
        let id = lines[3]["id"].as_str().unwrap();
        let body = ok(&app, &admin.token, &format!("/admin/orders/{id}?fields=id,*items")).await;
        assert_eq!(body["order"]["id"], id);
        assert_eq!(body["order"]["items"].as_array().unwrap().len(), 2);
        let draft_id = lines[2]["id"].as_str().unwrap();
        let response = send(&app, &admin.token, Method::GET, &format!("/admin/orders/{draft_id}"), None).await;
        assert_error(response, 404, "not_found", &format!("Order id not found: {draft_id}")).await;

        // The customer's orders stay after the customer is deleted.
        let (status, _) = delete(&app, &admin.token, &format!("{CUSTOMERS}/{ada}")).await;
        assert_eq!(status, StatusCode::OK);
        let body = ok(&app, &admin.token, &format!("/admin/orders?customer_id={ada}")).await;
        assert_eq!(order_ids(&body), expected);
    }

    async fn bad_order_queries_name_their_parameter(app) {
        let admin = admin(&app).await;
        for (query, message) in [
            ("", "Invalid request: Field 'customer_id' is required"),
            ("customer_id=cus_x&foo=1", "Invalid request: Unrecognized fields: 'foo'"),
            ("customer_id=cus_x&limit=abc", "Invalid request: Expected type: 'number' for field 'limit', got: 'abc'"),
            ("customer_id=cus_x&order=nosuch", "Order field nosuch is not valid"),
        ] {
            let response = send(&app, &admin.token, Method::GET, &format!("/admin/orders?{query}"), None).await;
            assert_error(response, 400, "invalid_data", message).await;
        }
    }
}
