//! `POST /admin/customers`, `GET|POST|DELETE /admin/customers/{id}` and
//! `POST /admin/customers/{id}/customer-groups` (Medusa 2.21.2): guests made by admins,
//! edits, soft delete and its effects, group membership from both sides, and every admin
//! customer route closed to customers.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{admin_helpers::*, helpers::*};

const MISSING: &str = "cus_01M82363EKDZQQNAMPA3XGMFKF";

db_tests! {
    async fn an_admin_creates_reads_and_updates_a_guest(app) {
        let admin = admin(&app).await;
        let (status, body) = post(&app, &admin.token, CUSTOMERS, json!({
            "first_name": "newf", "last_name": "newl", "email": "new@email.com",
            "metadata": {"foo": "bar"}, "additional_data": {"hook": 1}
        })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let customer = &body["customer"];
        let keys: Vec<&str> = customer.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "company_name", "first_name", "last_name", "email", "phone",
            "metadata", "has_account", "created_by", "created_at", "updated_at", "deleted_at"]);
        assert_eq!(customer["has_account"], false);
        assert_eq!(customer["created_by"], admin.id.as_str());
        assert_eq!(customer["email"], "new@email.com");
        assert_eq!(customer["metadata"], json!({"foo": "bar"}));
        let id = customer["id"].as_str().unwrap().to_owned();

        // No email at all is a customer too (Medusa's create-customer test).
        let (status, body) = post(&app, &admin.token, CUSTOMERS, json!({"first_name": "x", "last_name": "y"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["email"], Value::Null);

        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}/{id}")).await;
        assert_eq!(body["customer"]["id"], id.as_str());
        assert!(body["customer"].get("addresses").is_none(), "{body}");

        // Partial update: email may change; metadata merges one level ("" deletes a key).
        let path = format!("{CUSTOMERS}/{id}");
        let (status, body) = post(&app, &admin.token, &path, json!({
            "email": "changed@email.com", "metadata": {"foo": "bar", "bar": "bar", "baz": "baz"}
        })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["email"], "changed@email.com");
        let (_, body) = post(&app, &admin.token, &path, json!({"metadata": {"foo": "", "bar": "bar2", "baz2": "baz2"}})).await;
        assert_eq!(body["customer"]["metadata"], json!({"bar": "bar2", "baz": "baz", "baz2": "baz2"}));
        assert_eq!(body["customer"]["first_name"], "newf", "untouched fields stay");
        let (_, body) = post(&app, &admin.token, &path, json!({"first_name": "Jane", "phone": "+47 22 33 44 55"})).await;
        assert_eq!(body["customer"]["first_name"], "Jane");
        assert_eq!(body["customer"]["last_name"], "newl");
        assert_eq!(body["customer"]["phone"], "+47 22 33 44 55");
        // `null` clears, `metadata: {}` keeps, `metadata: null` clears.
        let (_, body) = post(&app, &admin.token, &path, json!({"phone": null, "metadata": {}})).await;
        assert_eq!(body["customer"]["phone"], Value::Null);
        assert_eq!(body["customer"]["metadata"], json!({"bar": "bar2", "baz": "baz", "baz2": "baz2"}));
        let (_, body) = post(&app, &admin.token, &path, json!({"metadata": null})).await;
        assert_eq!(body["customer"]["metadata"], Value::Null);
        let body = ok(&app, &admin.token, &format!("{path}?fields=email,first_name")).await;
        assert_eq!(body, json!({"customer": {"email": "changed@email.com", "first_name": "Jane", "id": id}}));
    }

    async fn seed_004s_company_is_read_as_company_name(app) {
        let admin = admin(&app).await;
        let (status, body) = post(&app, &admin.token, CUSTOMERS, json!({"email": email("co"), "company": "Acme"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["company_name"], "Acme");
        assert!(body["customer"].get("company").is_none(), "answers in Medusa's field: {body}");
        let path = format!("{CUSTOMERS}/{}", body["customer"]["id"].as_str().unwrap());
        let (status, body) = post(&app, &admin.token, &path, json!({"company": "Acme Ltd"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["company_name"], "Acme Ltd");
        let (_, body) = post(&app, &admin.token, &path, json!({"company": null})).await;
        assert_eq!(body["customer"]["company_name"], Value::Null);
        // Both names at once say two things: refused, and nothing changes.
        let response = send(&app, &admin.token, Method::POST, &path, Some(json!({"company": "A", "company_name": "B"}))).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Send either 'company_name' or 'company', not both").await;
        let body = ok(&app, &admin.token, &path).await;
        assert_eq!(body["customer"]["company_name"], Value::Null);
    }

    async fn guest_emails_are_unique_among_live_guests_only(app) {
        let admin = admin(&app).await;
        let (registered_id, _, address) = registered(&app, "both").await;
        // The same email as a registered customer: a separate guest row, as in Medusa.
        let guest_id = guest(&app, &admin, json!({"email": address})).await;
        assert_ne!(guest_id, registered_id);
        let response = send(&app, &admin.token, Method::POST, CUSTOMERS, Some(json!({"email": address}))).await;
        assert_error(response, 400, "invalid_data", &format!("Customer with email: {address}, has_account: false, already exists.")).await;
        // Changing another guest's email to it is refused the same way.
        let other = guest(&app, &admin, json!({"email": email("other")})).await;
        let response = send(&app, &admin.token, Method::POST, &format!("{CUSTOMERS}/{other}"), Some(json!({"email": address}))).await;
        assert_error(response, 400, "invalid_data", &format!("Customer with email: {address}, has_account: false, already exists.")).await;
        // Once the guest is deleted, its email is free again.
        let (status, _) = delete(&app, &admin.token, &format!("{CUSTOMERS}/{guest_id}")).await;
        assert_eq!(status, StatusCode::OK);
        let again = guest(&app, &admin, json!({"email": address})).await;
        assert_ne!(again, guest_id);
        // A registered customer's email may change, but not to another registered one's.
        let (other_registered, token, _) = registered(&app, "other-registered").await;
        let response = send(&app, &admin.token, Method::POST, &format!("{CUSTOMERS}/{other_registered}"), Some(json!({"email": address}))).await;
        assert_error(response, 400, "invalid_data", &format!("Customer with email: {address}, has_account: true, already exists.")).await;
        let fresh = email("fresh");
        let (status, body) = post(&app, &admin.token, &format!("{CUSTOMERS}/{other_registered}"), json!({"email": fresh})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["has_account"], true);
        // Its login is not changed: the old token still reads the customer, now with the new email.
        let response = app.get("/store/customers/me").bearer_auth(&token).send().await.unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["customer"]["email"], fresh.as_str());
    }

    async fn bad_bodies_and_unknown_ids_get_medusas_errors(app) {
        let admin = admin(&app).await;
        for (body, message) in [
            (json!({"email": "nope"}), "Invalid request: Invalid email address"),
            (json!({"has_account": true}), "Invalid request: Unrecognized fields: 'has_account'"),
            (json!({"first_name": 42}), "Invalid request: Expected type: 'string' for field 'first_name', got: '42'"),
            (json!({"additional_data": "x"}), "Invalid request: Expected type: 'record' for field 'additional_data', got: 'x'"),
        ] {
            let response = send(&app, &admin.token, Method::POST, CUSTOMERS, Some(body)).await;
            assert_error(response, 400, "invalid_data", message).await;
        }
        let response = send(&app, &admin.token, Method::GET, &format!("{CUSTOMERS}/{MISSING}"), None).await;
        assert_error(response, 404, "not_found", &format!("Customer with id: {MISSING} not found")).await;
        let response = send(&app, &admin.token, Method::GET, &format!("{CUSTOMERS}/nonsense"), None).await;
        assert_error(response, 404, "not_found", "Customer with id: nonsense not found").await;
        let response = send(&app, &admin.token, Method::POST, &format!("{CUSTOMERS}/{MISSING}"), Some(json!({"first_name": "x"}))).await;
        assert_error(response, 404, "not_found", &format!("Customer with id \"{MISSING}\" not found")).await;
        let id = guest(&app, &admin, json!({"first_name": "x"})).await;
        let response = send(&app, &admin.token, Method::POST, &format!("{CUSTOMERS}/{id}"), Some(json!({"nickname": "x"}))).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Unrecognized fields: 'nickname'").await;
        let response = send(&app, &admin.token, Method::GET, &format!("{CUSTOMERS}/{id}?foo=1"), None).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Unrecognized fields: 'foo'").await;
        // Deleting an unknown (or malformed) id answers the same body as a real delete.
        for gone in [MISSING, "cus_doesnotexist"] {
            let (status, body) = delete(&app, &admin.token, &format!("{CUSTOMERS}/{gone}")).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(body, json!({"id": gone, "object": "customer", "deleted": true}));
        }
    }

    async fn a_soft_deleted_guest_leaves_lists_and_lookups_and_its_relations_go(app) {
        let admin = admin(&app).await;
        let id = guest(&app, &admin, json!({"email": email("gone"), "first_name": "Gone"})).await;
        let keep = guest(&app, &admin, json!({"first_name": "Kept"})).await;
        let vip = group(&app, &admin, "vip").await;
        let (status, body) = post(&app, &admin.token, &format!("{CUSTOMERS}/{id}/customer-groups"), json!({"add": [vip]})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = post(&app, &admin.token, &format!("{CUSTOMERS}/{id}/addresses"), json!({"city": "Oslo"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");

        let (status, body) = delete(&app, &admin.token, &format!("{CUSTOMERS}/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, json!({"id": id, "object": "customer", "deleted": true}));
        let response = send(&app, &admin.token, Method::GET, &format!("{CUSTOMERS}/{id}"), None).await;
        assert_error(response, 404, "not_found", &format!("Customer with id: {id} not found")).await;
        let body = ok(&app, &admin.token, CUSTOMERS).await;
        assert_eq!(ids(&body), [keep]);
        assert_eq!(body["count"], 1);
        // Its memberships ended: the group has no members; its addresses are gone.
        let body = ok(&app, &admin.token, &format!("/admin/customer-groups/{vip}?fields=*customers")).await;
        assert_eq!(body["customer_group"]["customers"], json!([]));
        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}/{id}/addresses")).await;
        assert_eq!(body["count"], 0, "{body}");
        // Deleting it again is the same answer.
        let (status, _) = delete(&app, &admin.token, &format!("{CUSTOMERS}/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        let response = send(&app, &admin.token, Method::POST, &format!("{CUSTOMERS}/{id}"), Some(json!({"first_name": "x"}))).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }

    async fn a_deleted_registered_customer_can_register_again_and_its_old_login_is_gone(app) {
        let admin = admin(&app).await;
        let (id, token, address) = registered(&app, "leaver").await;
        let cookie = app.session_cookie(&token).await;
        let (status, _) = delete(&app, &admin.token, &format!("{CUSTOMERS}/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        // The old token and cookie find no customer (Medusa: 404 on /me).
        let response = app.get("/store/customers/me").bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let response = app.get_with_cookie("/store/customers/me", &cookie).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        // The old password no longer signs in.
        let response = app.post_json("/auth/customer/emailpass", &json!({"email": address, "password": PASSWORD})).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        // The email registers again, as a new customer.
        let token = app.signed_up(&address).await;
        let response = app.get("/store/customers/me").bearer_auth(&token).send().await.unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_ne!(body["customer"]["id"], id.as_str());
    }

    async fn group_membership_changes_from_the_customer_and_shows_from_both_sides(app) {
        let admin = admin(&app).await;
        let c1 = guest(&app, &admin, json!({"email": email("c1")})).await;
        let c3 = guest(&app, &admin, json!({"email": email("c3")})).await;
        let (g1, g2, g3) = (group(&app, &admin, "g1").await, group(&app, &admin, "g2").await, group(&app, &admin, "g3").await);

        // Via the group: c3 joins g1 and g2; its groups show both.
        for g in [&g1, &g2] {
            let (status, body) = post(&app, &admin.token, &format!("/admin/customer-groups/{g}/customers"), json!({"add": [c3]})).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}/{c3}?fields=*groups")).await;
        let mut groups: Vec<&str> = body["customer"]["groups"].as_array().unwrap().iter().map(|g| g["id"].as_str().unwrap()).collect();
        groups.sort();
        let mut expected = vec![g1.as_str(), g2.as_str()];
        expected.sort();
        assert_eq!(groups, expected);
        let keys: Vec<&str> = body["customer"]["groups"][0].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "name", "metadata", "created_by", "created_at", "updated_at", "deleted_at"]);
        for g in [&g1, &g2] {
            post(&app, &admin.token, &format!("/admin/customer-groups/{g}/customers"), json!({"remove": [c3]})).await;
        }
        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}/{c3}?fields=*groups")).await;
        assert_eq!(body["customer"]["groups"], json!([]));

        // Via the customer: c1 in g1, then {remove: [g1], add: [g2, g3]}.
        let path = format!("{CUSTOMERS}/{c1}/customer-groups");
        let (status, _) = post(&app, &admin.token, &path, json!({"add": [g1]})).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = post(&app, &admin.token, &format!("{path}?fields=groups.id"), json!({"remove": [g1], "add": [g2, g3]})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let mut groups: Vec<String> = body["customer"]["groups"].as_array().unwrap().iter().map(|g| {
            assert_eq!(g.as_object().unwrap().len(), 1, "only the id: {g}");
            g["id"].as_str().unwrap().to_owned()
        }).collect();
        groups.sort();
        let mut expected = vec![g2.clone(), g3.clone()];
        expected.sort();
        assert_eq!(groups, expected);
        // The group sees it as a member; adding twice keeps one membership.
        let (status, _) = post(&app, &admin.token, &path, json!({"add": [g2]})).await;
        assert_eq!(status, StatusCode::OK);
        let body = ok(&app, &admin.token, &format!("/admin/customer-groups/{g2}?fields=*customers")).await;
        let members: Vec<&str> = body["customer_group"]["customers"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(members, [c1.as_str()]);
        // Without fields, the answer is the default customer.
        let (_, body) = post(&app, &admin.token, &path, json!({})).await;
        assert!(body["customer"].get("groups").is_none(), "{body}");

        // Unknown group: 404, nothing changes.
        let missing = "cusgroup_01M82363EKDZQQNAMPA3XGMFKF";
        let response = send(&app, &admin.token, Method::POST, &path, Some(json!({"add": [missing], "remove": [g2]}))).await;
        assert_error(response, 404, "not_found", &format!("You tried to set relationship customer_group_id: {missing}, but such entity does not exist")).await;
        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}/{c1}?fields=groups.id")).await;
        assert_eq!(body["customer"]["groups"].as_array().unwrap().len(), 2);
        // Unknown customer, and a strict body.
        let response = send(&app, &admin.token, Method::POST, &format!("{CUSTOMERS}/{MISSING}/customer-groups"), Some(json!({"add": [g1]}))).await;
        assert_error(response, 404, "not_found", &format!("You tried to set relationship customer_id: {MISSING}, but such entity does not exist")).await;
        let response = send(&app, &admin.token, Method::POST, &path, Some(json!({"add": "g"}))).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Expected type: 'array' for field 'add', got: 'g'").await;
        let response = send(&app, &admin.token, Method::POST, &path, Some(json!({"foo": []}))).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Unrecognized fields: 'foo'").await;
    }

    async fn customers_and_strangers_get_401_on_every_admin_customer_route(app) {
        let admin = admin(&app).await;
        let (id, token, _) = registered(&app, "not-an-admin").await;
        let cookie = app.session_cookie(&token).await;
        let address = "cuaddr_01M82363EKDZQQNAMPA3XGMFKF";
        let routes = [
            (Method::GET, CUSTOMERS.to_owned()),
            (Method::POST, CUSTOMERS.to_owned()),
            (Method::GET, format!("{CUSTOMERS}/{id}")),
            (Method::POST, format!("{CUSTOMERS}/{id}")),
            (Method::DELETE, format!("{CUSTOMERS}/{id}")),
            (Method::POST, format!("{CUSTOMERS}/{id}/customer-groups")),
            (Method::GET, format!("{CUSTOMERS}/{id}/addresses")),
            (Method::POST, format!("{CUSTOMERS}/{id}/addresses")),
            (Method::GET, format!("{CUSTOMERS}/{id}/addresses/{address}")),
            (Method::POST, format!("{CUSTOMERS}/{id}/addresses/{address}")),
            (Method::DELETE, format!("{CUSTOMERS}/{id}/addresses/{address}")),
            (Method::GET, format!("/admin/orders?customer_id={id}")),
            (Method::GET, "/admin/orders/order_01M82363EKDZQQNAMPA3XGMFKF".to_owned()),
        ];
        for (method, path) in routes {
            for credential in ["bearer", "cookie", "none"] {
                let mut request = app.request(method.clone(), &path);
                request = match credential {
                    "bearer" => request.bearer_auth(&token),
                    "cookie" => request.header("cookie", &cookie).header("origin", app.origin()),
                    _ => request,
                };
                if method != Method::GET {
                    request = request.json(&json!({}));
                }
                let response = request.send().await.unwrap();
                assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{method} {path} with {credential}");
            }
        }
        // Nothing was deleted by those attempts.
        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}/{id}")).await;
        assert_eq!(body["customer"]["has_account"], true);
    }
}
