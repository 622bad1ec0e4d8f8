//! `GET|POST /store/customers/me/addresses`, `GET|POST|DELETE …/addresses/{id}`, and the
//! addresses inside `GET /store/customers/me`.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

const BASE: &str = "/store/customers/me/addresses";

/// How a test authenticates: a bearer token or a session cookie.
#[derive(Clone)]
enum Auth {
    Bearer(String),
    Cookie(String),
}

impl Auth {
    fn apply(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Self::Bearer(token) => request.bearer_auth(token),
            Self::Cookie(cookie) => request.header("cookie", cookie),
        }
    }
}

async fn bearer(app: &TestApp, tag: &str) -> Auth {
    Auth::Bearer(app.signed_up(&email(tag)).await)
}

async fn get(app: &TestApp, auth: &Auth, path: &str) -> (StatusCode, Value) {
    status_and_json(auth.apply(app.get(path)).send().await.unwrap()).await
}

async fn post(app: &TestApp, auth: &Auth, path: &str, body: &Value) -> (StatusCode, Value) {
    status_and_json(auth.apply(app.post(path)).json(body).send().await.unwrap()).await
}

async fn delete(app: &TestApp, auth: &Auth, path: &str) -> (StatusCode, Value) {
    status_and_json(auth.apply(app.delete(path)).send().await.unwrap()).await
}

/// Adds an address and returns it as the customer shows it. Waits a little first, so that
/// addresses added one after another have distinct creation times.
async fn add(app: &TestApp, auth: &Auth, body: Value) -> Value {
    tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    let before: Vec<String> = me(app, auth).await["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    let (status, answer) = post(app, auth, BASE, &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let addresses = answer["customer"]["addresses"].as_array().unwrap();
    addresses
        .iter()
        .find(|a| !before.contains(&id_of(a)))
        .expect("the new address")
        .clone()
}

fn id_of(address: &Value) -> String {
    address["id"].as_str().unwrap().to_owned()
}

async fn list(app: &TestApp, auth: &Auth, query: &str) -> Value {
    let (status, body) = get(app, auth, &format!("{BASE}?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    body
}

fn ids(body: &Value) -> Vec<String> {
    body["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect()
}

async fn me(app: &TestApp, auth: &Auth) -> Value {
    let (status, body) = get(app, auth, "/store/customers/me").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["customer"].clone()
}

/// `(default shipping ids, default billing ids)` among the customer's addresses.
async fn defaults(app: &TestApp, auth: &Auth) -> (Vec<String>, Vec<String>) {
    let customer = me(app, auth).await;
    let addresses = customer["addresses"].as_array().unwrap();
    let with = |flag: &str| {
        addresses
            .iter()
            .filter(|a| a[flag] == true)
            .map(id_of)
            .collect()
    };
    (with("is_default_shipping"), with("is_default_billing"))
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

const STORE_ORDER: [&str; 18] = [
    "id",
    "address_name",
    "company",
    "customer_id",
    "first_name",
    "last_name",
    "address_1",
    "address_2",
    "city",
    "province",
    "postal_code",
    "country_code",
    "phone",
    "metadata",
    "is_default_shipping",
    "is_default_billing",
    "created_at",
    "updated_at",
];

const MODEL_ORDER: [&str; 19] = [
    "id",
    "address_name",
    "is_default_shipping",
    "is_default_billing",
    "company",
    "first_name",
    "last_name",
    "address_1",
    "address_2",
    "city",
    "country_code",
    "province",
    "postal_code",
    "phone",
    "metadata",
    "customer_id",
    "created_at",
    "updated_at",
    "deleted_at",
];

db_tests! {
    async fn every_route_needs_a_signed_in_customer(app) {
        let path = format!("{BASE}/cuaddr_01M82363EKDZQQNAMPA3XGMFKF");
        let responses = [
            app.get(BASE).send().await.unwrap(),
            app.post(BASE).json(&json!({})).send().await.unwrap(),
            app.get(&path).send().await.unwrap(),
            app.post(&path).json(&json!({})).send().await.unwrap(),
            app.delete(&path).send().await.unwrap(),
        ];
        for response in responses {
            assert_error(response, 401, "unauthorized", "Unauthorized").await;
        }
        let registration = app.register_identity(&email("regonly"), PASSWORD).await;
        let response = app.get(BASE).bearer_auth(&registration).send().await.unwrap();
        assert_error(response, 401, "unauthorized", "Unauthorized").await;
    }

    async fn an_address_is_added_read_changed_and_deleted(app) {
        let auth = bearer(&app, "crud").await;
        let customer_id = me(&app, &auth).await["id"].clone();
        let (status, body) = post(&app, &auth, BASE, &json!({
            "first_name": "Ada", "last_name": "Lovelace", "address_1": "12 Main St",
            "city": "London", "country_code": "gb", "postal_code": "N1 9GU",
            "phone": "+44 20 7946 0000", "company": "Engines", "address_name": "Home",
            "province": "Greater London", "address_2": "Flat 3", "metadata": {"door": "blue"}
        })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let customer = &body["customer"];
        assert_eq!(customer["id"], customer_id, "the answer is the customer");
        let addresses = customer["addresses"].as_array().unwrap();
        assert_eq!(addresses.len(), 1);
        let added = &addresses[0];
        assert_eq!(keys(added), MODEL_ORDER);
        assert!(added["id"].as_str().unwrap().starts_with("cuaddr_"));
        assert_eq!(added["customer_id"], customer_id);
        assert_eq!(added["first_name"], "Ada");
        assert_eq!(added["metadata"], json!({"door": "blue"}));
        assert_eq!(added["is_default_shipping"], false);
        assert_eq!(added["deleted_at"], Value::Null);
        let id = id_of(added);

        let body = list(&app, &auth, "").await;
        assert_eq!(keys(&body), ["addresses", "count", "offset", "limit"]);
        assert_eq!((body["count"].clone(), body["offset"].clone(), body["limit"].clone()), (json!(1), json!(0), json!(50)));
        let listed = &body["addresses"][0];
        assert_eq!(keys(listed), STORE_ORDER);
        assert_eq!(listed["city"], "London");

        let (status, body) = get(&app, &auth, &format!("{BASE}/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(keys(&body), ["address"]);
        assert_eq!(&body["address"], listed);

        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let (status, body) = post(&app, &auth, &format!("{BASE}/{id}"), &json!({"first_name": "Augusta", "company": null})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let changed = &body["customer"]["addresses"][0];
        assert_eq!(changed["first_name"], "Augusta");
        assert_eq!(changed["company"], Value::Null, "null clears");
        assert_eq!(changed["last_name"], "Lovelace", "the rest is kept");
        assert_eq!(changed["created_at"], added["created_at"]);
        assert_ne!(changed["updated_at"], added["updated_at"]);

        let (status, body) = delete(&app, &auth, &format!("{BASE}/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(keys(&body), ["id", "object", "deleted", "parent"]);
        assert_eq!(body["id"], id.as_str(), "the address id, not the customer's");
        assert_eq!(body["object"], "address");
        assert_eq!(body["deleted"], true);
        assert_eq!(body["parent"]["id"], customer_id);
        assert_eq!(body["parent"]["addresses"], json!([]));

        let message = format!("Address with id: {id} was not found");
        let path = format!("{BASE}/{id}");
        assert_error(auth.apply(app.delete(&path)).send().await.unwrap(), 404, "not_found", &message).await;
        assert_error(auth.apply(app.get(&path)).send().await.unwrap(), 404, "not_found", &message).await;
        assert_eq!(list(&app, &auth, "").await["count"], 0);
    }

    async fn an_empty_body_adds_an_empty_address(app) {
        let auth = bearer(&app, "emptybody").await;
        let added = add(&app, &auth, json!({})).await;
        for key in ["address_name", "company", "first_name", "address_1", "city", "country_code", "phone", "metadata"] {
            assert_eq!(added[key], Value::Null, "{key}");
        }
        let response = auth.apply(app.post(BASE)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "no body at all is {{}} too");
        assert_eq!(list(&app, &auth, "").await["count"], 2);
    }

    async fn values_are_kept_as_sent_and_country_codes_trimmed(app) {
        let auth = bearer(&app, "verbatim").await;
        let added = add(&app, &auth, json!({"country_code": " DE ", "city": "", "metadata": {"k": null}})).await;
        assert_eq!(added["country_code"], "DE");
        assert_eq!(added["city"], "");
        assert_eq!(added["metadata"], json!({"k": null}), "stored as sent on create");
        let added = add(&app, &auth, json!({"country_code": "deu"})).await;
        assert_eq!(added["country_code"], "deu");
    }

    async fn another_customers_address_is_not_found_everywhere(app) {
        let owner = bearer(&app, "owner").await;
        let stranger = bearer(&app, "stranger").await;
        let address = add(&app, &owner, json!({"city": "Oslo", "is_default_shipping": true})).await;
        let id = id_of(&address);
        let path = format!("{BASE}/{id}");
        let message = format!("Address with id: {id} was not found");
        assert_error(stranger.apply(app.get(&path)).send().await.unwrap(), 404, "not_found", &message).await;
        let response = stranger.apply(app.post(&path)).json(&json!({"city": "Stolen", "is_default_billing": true})).send().await.unwrap();
        assert_error(response, 404, "not_found", &message).await;
        assert_error(stranger.apply(app.delete(&path)).send().await.unwrap(), 404, "not_found", &message).await;
        assert_eq!(list(&app, &stranger, "").await["count"], 0, "lists show only one's own");

        let (_, body) = get(&app, &owner, &path).await;
        assert_eq!(body["address"]["city"], "Oslo", "untouched");
        assert_eq!(body["address"]["is_default_billing"], false);

        for unknown in ["cuaddr_01M82363EKDZQQNAMPA3XGMFKF", "nope", "cus_01M82363EKDZQQNAMPA3XGMFKF"] {
            let path = format!("{BASE}/{unknown}");
            let message = format!("Address with id: {unknown} was not found");
            assert_error(owner.apply(app.get(&path)).send().await.unwrap(), 404, "not_found", &message).await;
            let response = owner.apply(app.post(&path)).json(&json!({"city": "x"})).send().await.unwrap();
            assert_error(response, 404, "not_found", &message).await;
            assert_error(owner.apply(app.delete(&path)).send().await.unwrap(), 404, "not_found", &message).await;
        }
    }

    async fn bad_bodies_are_refused_and_change_nothing(app) {
        let auth = bearer(&app, "badbody").await;
        let address = add(&app, &auth, json!({"city": "Oslo", "metadata": {"a": 1}})).await;
        let path = format!("{BASE}/{}", id_of(&address));
        let before = me(&app, &auth).await;
        let long = "x".repeat(256);
        let cases = [
            (json!({"customer_id": "cus_01M82363EKDZQQNAMPA3XGMFKF"}), "Invalid request: Unrecognized fields: 'customer_id'".to_owned()),
            (json!({"id": "cuaddr_01M82363EKDZQQNAMPA3XGMFKF", "city": "x"}), "Invalid request: Unrecognized fields: 'id'".to_owned()),
            (json!({"first_name": 42}), "Invalid request: Expected type: 'string' for field 'first_name', got: '42'".to_owned()),
            (json!({"is_default_shipping": "true"}), "Invalid request: Expected type: 'boolean' for field 'is_default_shipping', got: 'true'".to_owned()),
            (json!({"is_default_billing": null}), "Invalid request: Expected type: 'boolean' for field 'is_default_billing', got: 'null'".to_owned()),
            (json!({"metadata": [1]}), "Invalid request: Expected type: 'record' for field 'metadata', got: '1'".to_owned()),
            (json!({"city": long}), "Invalid request: Value for field 'city' too big, expected at most: '255'".to_owned()),
            (json!({"phone": "call me"}), "Invalid request: Invalid phone number for field 'phone'".to_owned()),
            (json!({"address_1": "a\u{0}b"}), "Invalid request: Field 'address_1' contains characters that are not allowed".to_owned()),
            (json!({"city": "Bergen", "postal_code": 5003, "colour": "red"}), "Invalid request: Expected type: 'string' for field 'postal_code', got: '5003'; Unrecognized fields: 'colour'".to_owned()),
            (json!("city"), "Invalid request: Expected type: 'object' for field 'body', got: 'city'".to_owned()),
        ];
        for (body, message) in &cases {
            for target in [BASE, path.as_str()] {
                let response = auth.apply(app.post(target)).json(body).send().await.unwrap();
                assert_error(response, 400, "invalid_data", message).await;
            }
        }
        let response = auth.apply(app.post(&path)).header("content-type", "text/plain").body("city=x").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let response = auth.apply(app.post(BASE)).header("content-type", "application/json").body("{\"city\":").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(me(&app, &auth).await, before, "nothing changed");
    }

    async fn the_list_filters_searches_pages_and_orders(app) {
        let auth = bearer(&app, "list").await;
        let other = bearer(&app, "listother").await;
        add(&app, &other, json!({"city": "Oslo", "address_1": "12 Main St"})).await;
        let a = id_of(&add(&app, &auth, json!({"address_name": "Home", "address_1": "12 Main St", "city": "Oslo", "country_code": "no", "postal_code": "0150", "phone": "555 0199"})).await);
        let b = id_of(&add(&app, &auth, json!({"address_name": "Work", "address_1": "1 Harbour Rd", "city": "Bergen", "country_code": "no", "postal_code": "5003", "company": "Main Corp"})).await);
        let c = id_of(&add(&app, &auth, json!({"address_name": "Cabin", "address_1": "Fjellvegen 120", "city": "Tromsø", "country_code": "NO", "postal_code": "9008"})).await);
        let d = id_of(&add(&app, &auth, json!({"first_name": "Ola", "city": "Stockholm", "country_code": "se", "postal_code": "111 22"})).await);

        // Only the caller's, oldest first, counted in full.
        let body = list(&app, &auth, "").await;
        assert_eq!(ids(&body), [a.as_str(), b.as_str(), c.as_str(), d.as_str()]);
        assert_eq!(body["count"], 4);

        // q: every word must match some searchable column, in any case.
        assert_eq!(ids(&list(&app, &auth, "q=main").await), [a.as_str(), b.as_str()], "address_1 or company");
        assert_eq!(ids(&list(&app, &auth, "q=MAIN+oslo").await), [a.as_str()]);
        assert_eq!(ids(&list(&app, &auth, "q=12").await), [a.as_str(), c.as_str()]);
        assert_eq!(ids(&list(&app, &auth, "q=cabin").await), [c.as_str()], "address_name");
        assert_eq!(ids(&list(&app, &auth, "q=111").await), [d.as_str()], "postal_code");
        assert_eq!(ids(&list(&app, &auth, "q=ola").await), [d.as_str()], "first_name");
        assert!(ids(&list(&app, &auth, "q=0199").await).is_empty(), "phone is not searched");
        assert!(ids(&list(&app, &auth, "q=se").await).is_empty(), "country_code is not searched");
        assert!(ids(&list(&app, &auth, "q=%25").await).is_empty(), "% is literal");
        assert_eq!(list(&app, &auth, "q=").await["count"], 4);

        // Exact filters, a string or an array.
        assert_eq!(ids(&list(&app, &auth, "city=Oslo").await), [a.as_str()]);
        assert!(ids(&list(&app, &auth, "city=oslo").await).is_empty(), "case-sensitive");
        assert_eq!(ids(&list(&app, &auth, "city=Oslo&city=Bergen").await), [a.as_str(), b.as_str()]);
        assert_eq!(ids(&list(&app, &auth, "city[]=Oslo&city[]=Bergen").await), [a.as_str(), b.as_str()]);
        assert_eq!(ids(&list(&app, &auth, "city[]=Oslo,Troms%C3%B8").await), [a.as_str(), c.as_str()]);
        assert_eq!(ids(&list(&app, &auth, "country_code=no").await), [a.as_str(), b.as_str()]);
        assert_eq!(ids(&list(&app, &auth, "postal_code=111%2022&country_code[]=se").await), [d.as_str()]);
        assert_eq!(list(&app, &auth, "country_code=no&q=work").await["count"], 1);

        // Pages: the count ignores them.
        let body = list(&app, &auth, "limit=2&offset=1").await;
        assert_eq!(ids(&body), [b.as_str(), c.as_str()]);
        assert_eq!((body["count"].clone(), body["offset"].clone(), body["limit"].clone()), (json!(4), json!(1), json!(2)));
        let body = list(&app, &auth, "limit=0").await;
        assert_eq!((ids(&body).len(), body["count"].clone(), body["limit"].clone()), (0, json!(4), json!(0)));
        let body = list(&app, &auth, "offset=10").await;
        assert_eq!((ids(&body).len(), body["count"].clone()), (0, json!(4)));
        assert_eq!(ids(&list(&app, &auth, "limit=1000").await).len(), 4);

        // Order: any address field, `-` for descending; NULLs last ascending.
        assert_eq!(ids(&list(&app, &auth, "order=postal_code").await), [a.as_str(), d.as_str(), b.as_str(), c.as_str()]);
        assert_eq!(ids(&list(&app, &auth, "order=-postal_code").await), [c.as_str(), b.as_str(), d.as_str(), a.as_str()]);
        assert_eq!(ids(&list(&app, &auth, "order=-created_at").await), [d.as_str(), c.as_str(), b.as_str(), a.as_str()]);
        assert_eq!(ids(&list(&app, &auth, "order=address_name").await), [c.as_str(), a.as_str(), b.as_str(), d.as_str()]);
        assert_eq!(ids(&list(&app, &auth, "order=-address_name").await), [d.as_str(), b.as_str(), a.as_str(), c.as_str()]);

        // fields trims each address; with_deleted is accepted and changes nothing.
        let body = list(&app, &auth, "fields=city&limit=1").await;
        assert_eq!(body["addresses"][0], json!({"city": "Oslo", "id": a}));
        let body = list(&app, &auth, "fields=%2Bnosuch,-phone&limit=1").await;
        assert_eq!(keys(&body["addresses"][0]).len(), STORE_ORDER.len() - 1);
        assert_eq!(list(&app, &auth, "with_deleted=TRUE").await["count"], 4);
    }

    async fn bad_list_queries_are_refused(app) {
        let auth = bearer(&app, "badlist").await;
        let cases = [
            ("order=nosuch", "Order field nosuch is not valid"),
            ("order=-deleted_at", "Order field deleted_at is not valid"),
            ("limit=abc", "Invalid request: Expected type: 'number' for field 'limit', got: 'abc'"),
            ("offset=-1", "Invalid request: Value for field 'offset' too small, expected at least: '0'"),
            ("limit=1&limit=2", "Invalid request: Expected type: 'string' for field 'limit', got: '1,2'"),
            ("with_deleted=maybe", "Invalid request: Invalid input"),
            ("name=x", "Invalid request: Unrecognized fields: 'name'"),
            ("q=a+b+c+d+e+f+g+h+i+j+k+l+m+n+o+p+q", "Invalid request: q may hold at most 16 words; 17 were sent"),
        ];
        for (query, message) in cases {
            let response = auth.apply(app.get(&format!("{BASE}?{query}"))).send().await.unwrap();
            assert_error(response, 400, "invalid_data", message).await;
        }
        let response = auth.apply(app.get(&format!("{BASE}/cuaddr_01M82363EKDZQQNAMPA3XGMFKF?limit=1"))).send().await.unwrap();
        assert_error(response, 400, "invalid_data", "Invalid request: Unrecognized fields: 'limit'").await;
    }

    async fn a_new_default_takes_the_flag_from_the_old_one(app) {
        let auth = bearer(&app, "defaults").await;
        let first = add(&app, &auth, json!({"city": "A", "is_default_shipping": true, "is_default_billing": true})).await;
        let a = id_of(&first);
        assert_eq!(defaults(&app, &auth).await, (vec![a.clone()], vec![a.clone()]), "one address may be both");

        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let b = id_of(&add(&app, &auth, json!({"city": "B", "is_default_shipping": true})).await);
        assert_eq!(defaults(&app, &auth).await, (vec![b.clone()], vec![a.clone()]));
        let (_, body) = get(&app, &auth, &format!("{BASE}/{a}")).await;
        assert_ne!(body["address"]["updated_at"], first["updated_at"], "the old default was changed");

        let (status, body) = post(&app, &auth, &format!("{BASE}/{a}"), &json!({"is_default_shipping": true})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(defaults(&app, &auth).await, (vec![a.clone()], vec![a.clone()]));

        let (status, _) = post(&app, &auth, &format!("{BASE}/{b}"), &json!({"is_default_billing": true})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(defaults(&app, &auth).await, (vec![a.clone()], vec![b.clone()]));

        let (status, _) = post(&app, &auth, &format!("{BASE}/{a}"), &json!({"is_default_shipping": false})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(defaults(&app, &auth).await, (vec![], vec![b.clone()]), "false clears; nothing is promoted");

        let (status, _) = delete(&app, &auth, &format!("{BASE}/{b}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(defaults(&app, &auth).await, (vec![], vec![]), "deleting a default leaves none");

        // Another customer's defaults are not theirs to clear.
        let other = bearer(&app, "defaultsother").await;
        add(&app, &other, json!({"is_default_shipping": true})).await;
        assert_eq!(defaults(&app, &auth).await, (vec![], vec![]));
        let c = id_of(&add(&app, &auth, json!({"is_default_shipping": true})).await);
        assert_eq!(defaults(&app, &auth).await.0, [c]);
        assert_eq!(defaults(&app, &other).await.0.len(), 1);
    }

    async fn concurrent_make_default_requests_leave_exactly_one_default(app) {
        let auth = bearer(&app, "race").await;
        let mut ids = Vec::new();
        for i in 0..8 {
            ids.push(id_of(&add(&app, &auth, json!({"city": format!("City {i}")})).await));
        }
        for round in 0..3 {
            let requests = (0..24).map(|i| {
                let id = &ids[(i * 5 + round) % ids.len()];
                let flag = if i % 3 == 0 { "is_default_billing" } else { "is_default_shipping" };
                let request = auth.apply(app.post(&format!("{BASE}/{id}"))).json(&json!({ flag: true }));
                async move {
                    let response = request.send().await.unwrap();
                    let status = response.status();
                    (status, response.text().await.unwrap())
                }
            });
            let answers = futures_join_all(requests).await;
            for (status, body) in &answers {
                assert_eq!(*status, StatusCode::OK, "{body}");
            }
            let (shipping, billing) = defaults(&app, &auth).await;
            assert_eq!((shipping.len(), billing.len()), (1, 1), "round {round}");
        }
    }

    async fn concurrent_adds_with_the_default_flag_leave_exactly_one(app) {
        let auth = bearer(&app, "raceadd").await;
        let requests = (0..16).map(|i| {
            let request = auth.apply(app.post(BASE)).json(&json!({"city": format!("C{i}"), "is_default_shipping": true}));
            async move { request.send().await.unwrap().status() }
        });
        let statuses = futures_join_all(requests).await;
        assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
        let (shipping, _) = defaults(&app, &auth).await;
        assert_eq!(shipping.len(), 1);
        assert_eq!(list(&app, &auth, "").await["count"], 16);
    }

    async fn metadata_merges_and_an_empty_change_writes_nothing(app) {
        let auth = bearer(&app, "addrmeta").await;
        let added = add(&app, &auth, json!({"city": "Oslo", "metadata": {"a": 1, "b": "x", "c": {"x": 1}}})).await;
        let path = format!("{BASE}/{}", id_of(&added));
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        for no_op in [json!({}), json!({"metadata": {}}), json!({"city": "Oslo"})] {
            let (status, body) = post(&app, &auth, &path, &no_op).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(body["customer"]["addresses"][0], added, "{no_op}: nothing written");
        }
        let (_, body) = post(&app, &auth, &path, &json!({"metadata": {"b": "", "a": null, "c": {"y": 2}, "d": 4}})).await;
        assert_eq!(body["customer"]["addresses"][0]["metadata"], json!({"c": {"y": 2}, "d": 4}));
        let (_, body) = post(&app, &auth, &path, &json!({"metadata": null})).await;
        assert_eq!(body["customer"]["addresses"][0]["metadata"], Value::Null);

        let many: serde_json::Map<String, Value> = (0..100).map(|i| (format!("k{i}"), json!(i))).collect();
        let (status, _) = post(&app, &auth, &path, &json!({"metadata": many})).await;
        assert_eq!(status, StatusCode::OK);
        let (status, error) = post(&app, &auth, &path, &json!({"city": "Bergen", "metadata": {"one_more": 1}})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert_eq!(error["type"], "invalid_data");
        let (_, body) = get(&app, &auth, &path).await;
        assert_eq!(body["address"]["city"], "Oslo", "nothing was written");
    }

    async fn a_customer_keeps_at_most_a_hundred_addresses(app) {
        let auth = bearer(&app, "hundred").await;
        for i in 0..100 {
            let (status, body) = post(&app, &auth, BASE, &json!({"city": format!("C{i}")})).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let (status, error) = post(&app, &auth, BASE, &json!({"city": "one too many"})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(error["type"], "invalid_data");
        assert_eq!(error["message"], "A customer can have at most 100 addresses; delete one to add another");
        assert_eq!(list(&app, &auth, "limit=0").await["count"], 100);
        let first = ids(&list(&app, &auth, "limit=1").await).remove(0);
        let (status, _) = delete(&app, &auth, &format!("{BASE}/{first}")).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = post(&app, &auth, BASE, &json!({"city": "room again"})).await;
        assert_eq!(status, StatusCode::OK);
    }

    async fn the_session_cookie_works_on_every_route(app) {
        let token = app.signed_up(&email("cookie")).await;
        let auth = Auth::Cookie(app.session_cookie(&token).await);
        let id = id_of(&add(&app, &auth, json!({"city": "Oslo"})).await);
        assert_eq!(ids(&list(&app, &auth, "").await), [id.as_str()]);
        let (status, _) = get(&app, &auth, &format!("{BASE}/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = post(&app, &auth, &format!("{BASE}/{id}"), &json!({"is_default_billing": true})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["addresses"][0]["is_default_billing"], true);
        let listed = list(&app, &auth, "").await["addresses"][0].clone();
        assert_eq!((listed["is_default_billing"].clone(), listed["is_default_shipping"].clone()), (json!(true), json!(false)));
        let (status, body) = delete(&app, &auth, &format!("{BASE}/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["id"], id.as_str());
        // A cross-site page cannot use the cookie to write.
        let response = auth
            .apply(app.post(BASE))
            .header("origin", "https://evil.example")
            .json(&json!({"city": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(list(&app, &auth, "").await["count"], 0);
    }

    async fn writes_answer_with_the_customer_fields_asked_for(app) {
        let auth = bearer(&app, "writefields").await;
        let (status, body) = post(&app, &auth, &format!("{BASE}?fields=id,addresses.city"), &json!({"city": "Oslo", "phone": "1"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let id = body["customer"]["addresses"][0]["id"].as_str().unwrap().to_owned();
        assert_eq!(body["customer"]["addresses"], json!([{"id": id, "city": "Oslo"}]));
        assert_eq!(keys(&body["customer"]), ["id", "addresses"]);
        let (_, body) = post(&app, &auth, &format!("{BASE}/{id}?fields=email"), &json!({"city": "Bergen"})).await;
        assert_eq!(keys(&body["customer"]), ["email", "id"]);
        // A bare entry replaces the defaults, and then `-` is merely stripped (Medusa's rule).
        let (_, body) = get(&app, &auth, &format!("{BASE}/{id}?fields=city,-phone")).await;
        assert_eq!(body["address"], json!({"city": "Bergen", "phone": "1", "id": id}));
        let (_, body) = delete(&app, &auth, &format!("{BASE}/{id}?fields=-addresses")).await;
        assert!(body["parent"].get("addresses").is_none());
        assert!(body["parent"].get("email").is_some());
        let response = auth.apply(app.post(&format!("{BASE}?foo=1"))).json(&json!({})).send().await.unwrap();
        assert_error(response, 400, "invalid_data", "Invalid request: Unrecognized fields: 'foo'").await;
        assert_eq!(list(&app, &auth, "").await["count"], 0, "refused before anything was added");
    }

    async fn the_customer_shows_its_addresses_as_fields_asks(app) {
        let auth = bearer(&app, "mefields").await;
        let id = id_of(&add(&app, &auth, json!({"city": "Oslo", "postal_code": "0150"})).await);
        let fetch = |query: &'static str| {
            let app = &app;
            let auth = auth.clone();
            async move {
                let (status, body) = get(app, &auth, &format!("/store/customers/me?{query}")).await;
                assert_eq!(status, StatusCode::OK, "{query}: {body}");
                body["customer"].clone()
            }
        };
        let customer = fetch("").await;
        assert_eq!(keys(&customer).last(), Some(&"addresses"));
        assert_eq!(keys(&customer["addresses"][0]), MODEL_ORDER);
        assert_eq!(fetch("fields=*addresses").await, customer, "already a default");
        assert_eq!(fetch("fields=%2Baddresses.city").await, customer, "the whole relation wins");
        assert!(fetch("fields=-addresses").await.get("addresses").is_none());

        let picked = fetch("fields=addresses.city,addresses.postal_code").await;
        assert_eq!(picked, json!({"id": customer["id"], "addresses": [{"id": id, "city": "Oslo", "postal_code": "0150"}]}));
        let picked = fetch("fields=email,*addresses").await;
        assert_eq!(keys(&picked), ["email", "id", "addresses"]);
        assert_eq!(keys(&picked["addresses"][0]), MODEL_ORDER);
        let picked = fetch("fields=addresses").await;
        assert_eq!(keys(&picked), ["id", "addresses"]);
        assert_eq!(keys(&picked["addresses"][0]), MODEL_ORDER);
        let picked = fetch("fields=-email,-addresses,%2Baddresses.city").await;
        assert!(picked.get("email").is_none());
        assert_eq!(picked["addresses"], json!([{"id": id, "city": "Oslo"}]));
        let picked = fetch("fields=addresses.nosuch,addresses.deleted_at").await;
        assert_eq!(keys(&picked), ["id"], "only store address fields may be picked");
    }
}
