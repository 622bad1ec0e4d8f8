//! `GET|POST /admin/customers/{id}/addresses` and `GET|POST|DELETE …/addresses/{address_id}`:
//! the addresses service's rules through the admin API, Medusa's shapes, and (on purpose
//! unlike Medusa) another customer's address never reached through the wrong path.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{admin_helpers::*, helpers::*};

fn address_ids(customer: &Value) -> Vec<String> {
    customer["addresses"]
        .as_array()
        .unwrap_or_else(|| panic!("addresses: {customer}"))
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Address ids (ULIDs) order by creation only across milliseconds.
async fn pause() {
    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
}

db_tests! {
    async fn an_admin_manages_a_customers_addresses(app) {
        let admin = admin(&app).await;
        let id = guest(&app, &admin, json!({"email": email("addr")})).await;
        let base = format!("{CUSTOMERS}/{id}/addresses");

        // Create answers the customer: default fields, no addresses unless asked.
        let (status, body) = post(&app, &admin.token, &base, json!({"first_name": "Lebron", "last_name": "James", "additional_data": {}})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body["customer"].get("addresses").is_none(), "{body}");
        assert_eq!(body["customer"]["id"], id.as_str());
        pause().await;
        let (status, body) = post(&app, &admin.token, &format!("{base}?fields=*addresses"), json!({
            "address_1": "Huntingdon 123", "city": "Oslo", "country_code": "NO", "is_default_shipping": true
        })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let all = address_ids(&body["customer"]);
        assert_eq!(all.len(), 2);
        let (first, second) = (all[0].clone(), all[1].clone());
        assert_eq!(body["customer"]["addresses"][1]["is_default_shipping"], true);
        pause().await;

        // A new default flips the old one.
        let (_, body) = post(&app, &admin.token, &format!("{base}?fields=*addresses"), json!({"address_1": "Hawkins 12", "is_default_shipping": true})).await;
        let flags: Vec<bool> = body["customer"]["addresses"].as_array().unwrap().iter().map(|a| a["is_default_shipping"].as_bool().unwrap()).collect();
        assert_eq!(flags, [false, false, true]);
        let third = address_ids(&body["customer"])[2].clone();

        // The list: admin address fields (no default flags), `q`, pages.
        let body = ok(&app, &admin.token, &base).await;
        assert_eq!(body["count"], 3);
        let keys: Vec<&str> = body["addresses"][0].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "address_name", "company", "customer_id", "first_name", "last_name",
            "address_1", "address_2", "city", "province", "postal_code", "country_code", "phone",
            "metadata", "created_at", "updated_at"]);
        let body = ok(&app, &admin.token, &format!("{base}?q=12")).await;
        let mut found: Vec<String> = body["addresses"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_owned()).collect();
        found.sort();
        let mut expected = vec![second.clone(), third.clone()];
        expected.sort();
        assert_eq!(found, expected);
        let body = ok(&app, &admin.token, &format!("{base}?city=Oslo&country_code=NO")).await;
        assert_eq!(body["count"], 1);
        assert_eq!(body["addresses"][0]["id"], second.as_str());
        let body = ok(&app, &admin.token, &format!("{base}?company=nosuch")).await;
        assert_eq!(body["count"], 0);
        let body = ok(&app, &admin.token, &format!("{base}?province=nosuch&company=x")).await;
        assert_eq!(body["count"], 0);
        let body = ok(&app, &admin.token, &format!("{base}?limit=1&offset=1&order=-address_1")).await;
        assert_eq!(body["addresses"][0]["id"], second.as_str());
        assert_eq!((body["count"].as_i64(), body["limit"].as_i64()), (Some(3), Some(1)));

        // One address, with its flags when asked.
        let body = ok(&app, &admin.token, &format!("{base}/{third}?fields=+is_default_shipping")).await;
        assert_eq!(body["address"]["is_default_shipping"], true);
        assert_eq!(body["address"]["address_1"], "Hawkins 12");
        let body = ok(&app, &admin.token, &format!("{base}/{first}")).await;
        assert!(body["address"].get("is_default_shipping").is_none());

        // A partial update answers the customer; making `first` the default flips `third`.
        let (status, body) = post(&app, &admin.token, &format!("{base}/{first}?fields=*addresses"), json!({"city": "Bergen", "is_default_shipping": true})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let addresses = body["customer"]["addresses"].as_array().unwrap();
        let updated = addresses.iter().find(|a| a["id"] == first.as_str()).unwrap();
        assert_eq!(updated["city"], "Bergen");
        assert_eq!(updated["first_name"], "Lebron");
        assert_eq!(addresses.iter().filter(|a| a["is_default_shipping"] == true).count(), 1);

        // Delete: the address id, `customer_address`, the customer as parent.
        let (status, body) = delete(&app, &admin.token, &format!("{base}/{second}?fields=*addresses")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["id"], second.as_str());
        assert_eq!(body["object"], "customer_address");
        assert_eq!(body["deleted"], true);
        assert_eq!(body["parent"]["id"], id.as_str());
        assert_eq!(address_ids(&body["parent"]).len(), 2);
        let response = send(&app, &admin.token, Method::GET, &format!("{base}/{second}"), None).await;
        assert_error(response, 404, "not_found", &format!("Address with id: {second} was not found")).await;
        let (status, _) = delete(&app, &admin.token, &format!("{base}/{second}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn another_customers_address_is_not_found_through_the_wrong_path(app) {
        let admin = admin(&app).await;
        let owner = guest(&app, &admin, json!({"first_name": "Owner"})).await;
        let other = guest(&app, &admin, json!({"first_name": "Other"})).await;
        let (_, body) = post(&app, &admin.token, &format!("{CUSTOMERS}/{owner}/addresses?fields=*addresses"), json!({"city": "Oslo"})).await;
        let address = address_ids(&body["customer"])[0].clone();
        let wrong = format!("{CUSTOMERS}/{other}/addresses/{address}");
        let message = format!("Address with id: {address} was not found");
        let response = send(&app, &admin.token, Method::GET, &wrong, None).await;
        assert_error(response, 404, "not_found", &message).await;
        let response = send(&app, &admin.token, Method::POST, &wrong, Some(json!({"city": "Bergen"}))).await;
        assert_error(response, 404, "not_found", &message).await;
        let response = send(&app, &admin.token, Method::DELETE, &wrong, None).await;
        assert_error(response, 404, "not_found", &message).await;
        // Untouched, and still the owner's.
        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}/{owner}/addresses/{address}")).await;
        assert_eq!(body["address"]["city"], "Oslo");
        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}/{other}/addresses")).await;
        assert_eq!(body["count"], 0);
    }

    async fn unknown_customers_and_bad_bodies(app) {
        let admin = admin(&app).await;
        let missing = "cus_01M82363EKDZQQNAMPA3XGMFKF";
        let response = send(&app, &admin.token, Method::POST, &format!("{CUSTOMERS}/{missing}/addresses"), Some(json!({"city": "Oslo"}))).await;
        assert_error(response, 404, "not_found", &format!("You tried to set relationship customer_id: {missing}, but such entity does not exist")).await;
        // An unknown customer has no addresses (Medusa: an empty list).
        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}/{missing}/addresses")).await;
        assert_eq!(body, json!({"addresses": [], "count": 0, "offset": 0, "limit": 50}));
        let id = guest(&app, &admin, json!({"first_name": "x"})).await;
        let base = format!("{CUSTOMERS}/{id}/addresses");
        for (body, message) in [
            (json!({"city": 1}), "Invalid request: Expected type: 'string' for field 'city', got: '1'"),
            (json!({"nickname": "x"}), "Invalid request: Unrecognized fields: 'nickname'"),
            (json!({"is_default_billing": "true"}), "Invalid request: Expected type: 'boolean' for field 'is_default_billing', got: 'true'"),
        ] {
            let response = send(&app, &admin.token, Method::POST, &base, Some(body)).await;
            assert_error(response, 400, "invalid_data", message).await;
        }
        let response = send(&app, &admin.token, Method::GET, &format!("{base}?order=nosuch"), None).await;
        assert_error(response, 400, "invalid_data", "Order field nosuch is not valid").await;
        let response = send(&app, &admin.token, Method::GET, &format!("{base}?foo=1"), None).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Unrecognized fields: 'foo'").await;
    }
}
