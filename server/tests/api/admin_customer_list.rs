//! `GET /admin/customers`: every filter (`q`, `email`, `has_account`, `groups` in its three
//! forms, exact columns, date ranges), the orders, the page edges, `fields`, and bad filters
//! refused with a 400 naming the parameter.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{admin_helpers::*, helpers::*};

/// Four guests, `test1@email.com` … `test4@email.com` (Medusa's admin customer test), plus
/// names, companies and phones to search; their ids in creation order.
async fn four(app: &TestApp, admin: &Admin, tag: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for (n, first, last, company, phone) in [
        (1, "John", "Doe", "Acme Tools", "+1 555 0101"),
        (2, "Jane", "Doe", "Globex", "+1 555 0202"),
        (3, "Åsa", "Berg", "Guest Co", "+47 22 00 00 03"),
        (4, "Li", "Wei", "Initech", "+44 20 0000 0004"),
    ] {
        ids.push(
            guest(
                app,
                admin,
                json!({
                    "email": format!("test{n}-{tag}@email.com"),
                    "first_name": first, "last_name": last, "company_name": company, "phone": phone
                }),
            )
            .await,
        );
    }
    ids
}

async fn list(app: &TestApp, admin: &Admin, query: &str) -> Value {
    ok(app, &admin.token, &format!("{CUSTOMERS}?{query}")).await
}

async fn refused(app: &TestApp, admin: &Admin, query: &str, message: &str) {
    let response = send(
        app,
        &admin.token,
        Method::GET,
        &format!("{CUSTOMERS}?{query}"),
        None,
    )
    .await;
    assert_error(response, 400, "invalid_data", message).await;
}

db_tests! {
    async fn the_default_list_is_fifteen_in_creation_order(app) {
        let admin = admin(&app).await;
        let mut all = Vec::new();
        for n in 0..17 {
            all.push(guest(&app, &admin, json!({"first_name": format!("c{n:02}")})).await);
        }
        let body = list(&app, &admin, "").await;
        assert_eq!(body["count"], 17);
        assert_eq!(body["limit"], 15);
        assert_eq!(body["offset"], 0);
        assert_eq!(ids(&body), all[..15]);
        let mut keys: Vec<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["count", "customers", "limit", "offset"]);
        // Pages: the next one, one past the end, limit 0, the maximum and one over.
        let body = list(&app, &admin, "limit=5&offset=15").await;
        assert_eq!(ids(&body), all[15..]);
        assert_eq!((body["count"].as_i64(), body["offset"].as_i64(), body["limit"].as_i64()), (Some(17), Some(15), Some(5)));
        let body = list(&app, &admin, "offset=100").await;
        assert_eq!(body["customers"], json!([]));
        assert_eq!(body["count"], 17);
        let body = list(&app, &admin, "limit=0").await;
        assert_eq!(body["customers"], json!([]));
        assert_eq!((body["count"].as_i64(), body["limit"].as_i64()), (Some(17), Some(0)));
        let body = list(&app, &admin, "limit=1000").await;
        assert_eq!(ids(&body), all);
        refused(&app, &admin, "limit=1001", "Invalid request: Value for field 'limit' too big, expected at most: '1000'").await;
        refused(&app, &admin, "limit=abc", "Invalid request: Expected type: 'number' for field 'limit', got: 'abc'").await;
        refused(&app, &admin, "offset=-1", "Invalid request: Value for field 'offset' too small, expected at least: '0'").await;
        // `with_deleted` is accepted and changes nothing.
        let body = list(&app, &admin, "with_deleted=true&limit=50").await;
        assert_eq!(body["count"], 17);
    }

    async fn q_searches_every_searchable_column_in_any_case_and_every_word(app) {
        let admin = admin(&app).await;
        let tag = ulid::Ulid::new().to_string().to_lowercase();
        let c = four(&app, &admin, &tag).await;
        for (q, expected) in [
            ("est2-", vec![&c[1]]),          // email fragment (Medusa's `q=est2@` case)
            ("do", vec![&c[0], &c[1]]),        // last name, any case
            ("JOHN", vec![&c[0]]),             // first name, upper case
            ("guest co", vec![&c[2]]),         // company, two words
            ("bErG", vec![&c[2]]),             // mixed case
            ("0202", vec![&c[1]]),             // phone
            ("jane doe", vec![&c[1]]),         // every word must match (in any column)
            ("jane wei", vec![]),
            ("50%", vec![]),                   // LIKE wildcards are literal
        ] {
            let body = list(&app, &admin, &format!("q={}", urlencode(q))).await;
            let expected: Vec<String> = expected.into_iter().cloned().collect();
            assert_eq!(ids(&body), expected, "q={q}");
            assert_eq!(body["count"], expected.len(), "q={q}");
        }
        // q with `*addresses`, as in Medusa's test.
        let (status, _) = post(&app, &admin.token, &format!("{CUSTOMERS}/{}/addresses", c[0]), json!({"first_name": "Lebron", "last_name": "James"})).await;
        assert_eq!(status, StatusCode::OK);
        let body = list(&app, &admin, &format!("q=test1-{tag}@email.com&fields=*addresses")).await;
        assert_eq!(body["count"], 1);
        assert_eq!(body["customers"][0]["addresses"][0]["first_name"], "Lebron");
    }

    async fn exact_filters_match_their_values(app) {
        let admin = admin(&app).await;
        let tag = ulid::Ulid::new().to_string().to_lowercase();
        let c = four(&app, &admin, &tag).await;
        let (registered_id, _, address) = registered(&app, "member").await;
        let e1 = format!("test1-{tag}@email.com");
        let e2 = format!("test2-{tag}@email.com");
        let cases: Vec<(String, Vec<String>)> = vec![
            (format!("email={}", urlencode(&e1)), vec![c[0].clone()]),
            (format!("email[]={}&email[]={}", urlencode(&e1), urlencode(&e2)), vec![c[0].clone(), c[1].clone()]),
            // Exact and case-sensitive, as in Medusa.
            (format!("email={}", urlencode(&e1.to_uppercase())), vec![]),
            (format!("email={}", urlencode(&address)), vec![registered_id.clone()]),
            ("has_account=true".into(), vec![registered_id.clone()]),
            ("has_account=FALSE".into(), c.clone()),
            // The registered customer is a John Doe too (the sign-up helper's name).
            ("last_name=Doe".into(), vec![c[0].clone(), c[1].clone(), registered_id.clone()]),
            ("first_name=Li&last_name=Wei".into(), vec![c[3].clone()]),
            ("company_name=Globex".into(), vec![c[1].clone()]),
            (format!("id={}&id={}", c[2], c[3]), vec![c[2].clone(), c[3].clone()]),
            (format!("id[$in][]={}&id[$in][]={}", c[2], c[3]), vec![c[2].clone(), c[3].clone()]),
            (format!("id[$eq]={}", c[1]), vec![c[1].clone()]),
            // Only live customers are listed; a live customer's deleted_at is null.
            ("deleted_at[$lt]=2999-01-01".into(), vec![]),
            (format!("created_by={}", admin.id), c.clone()),
        ];
        for (query, expected) in cases {
            let body = list(&app, &admin, &query).await;
            assert_eq!(ids(&body), expected, "{query}");
            assert_eq!(body["count"], expected.len(), "{query}");
        }
    }

    async fn groups_filter_in_all_three_forms(app) {
        let admin = admin(&app).await;
        let c = four(&app, &admin, "groups").await;
        let vip = group(&app, &admin, "VIP").await;
        let other = group(&app, &admin, "other").await;
        let (status, _) = post(&app, &admin.token, &format!("/admin/customer-groups/{vip}/customers"), json!({"add": [c[0], c[1], c[2]]})).await;
        assert_eq!(status, StatusCode::OK);
        post(&app, &admin.token, &format!("/admin/customer-groups/{other}/customers"), json!({"add": [c[3]]})).await;
        for query in [format!("groups={vip}"), format!("groups[]={vip}"), format!("groups%5B0%5D={vip}&limit=20&offset=0")] {
            let body = list(&app, &admin, &query).await;
            assert_eq!(ids(&body), c[..3], "{query}");
            assert_eq!(body["count"], 3);
        }
        let body = list(&app, &admin, &format!("groups[]={vip}&groups[]={other}")).await;
        assert_eq!(ids(&body), c);
        let body = list(&app, &admin, "groups=cusgroup_01M82363EKDZQQNAMPA3XGMFKF").await;
        assert_eq!(body["count"], 0);
        // The object form: `groups[id]` and `groups[name]` (both: a group that is both).
        for (query, expected) in [
            (format!("groups[id]={vip}"), &c[..3]),
            (format!("groups[id][]={vip}&groups[id][]={other}"), &c[..]),
            ("groups[name]=VIP".to_owned(), &c[..3]),
            (format!("groups[name]=VIP&groups[id]={other}"), &c[..0]),
            ("groups[name]=nobody".to_owned(), &c[..0]),
        ] {
            let body = list(&app, &admin, &query).await;
            assert_eq!(ids(&body), expected, "{query}");
            assert_eq!(body["count"], expected.len(), "{query}");
        }
        // With `*groups`, each customer shows its groups.
        let body = list(&app, &admin, &format!("groups={other}&fields=id,*groups")).await;
        assert_eq!(body["customers"][0]["groups"][0]["name"], "other");
    }

    async fn date_ranges_bound_created_and_updated(app) {
        let admin = admin(&app).await;
        let first = guest(&app, &admin, json!({"first_name": "first"})).await;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let second = guest(&app, &admin, json!({"first_name": "second"})).await;
        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}/{second}")).await;
        let at = body["customer"]["created_at"].as_str().unwrap().to_owned();
        let at = urlencode(&at);
        for (query, expected) in [
            (format!("created_at[$gte]={at}"), vec![&second]),
            (format!("created_at[$gt]={at}"), vec![]),
            (format!("created_at[$lt]={at}"), vec![&first]),
            (format!("created_at[$lte]={at}"), vec![&first, &second]),
            (format!("created_at.$gte={at}&created_at[$lte]={at}"), vec![&second]),
            (format!("created_at[$eq]={at}"), vec![&second]),
            (format!("created_at[$ne]={at}"), vec![&first]),
            ("created_at[$gte]=2000-01-01&created_at[$foo]=1".to_owned(), vec![&first, &second]),
            ("created_at[$lt]=2000-01-01".to_owned(), vec![]),
            (format!("updated_at[$gte]={at}"), vec![&second]),
        ] {
            let body = list(&app, &admin, &query).await;
            let expected: Vec<String> = expected.into_iter().cloned().collect();
            assert_eq!(ids(&body), expected, "{query}");
        }
        // An update moves `updated_at` only.
        post(&app, &admin.token, &format!("{CUSTOMERS}/{first}"), json!({"last_name": "x"})).await;
        let body = list(&app, &admin, &format!("updated_at[$gte]={at}")).await;
        assert_eq!(body["count"], 2);
        refused(&app, &admin, "deleted_at[$gte]=yesterday", "Invalid request: Invalid date for field 'deleted_at.$gte': 'yesterday'").await;
        refused(&app, &admin, "id[$ne]=cus_1", "Invalid request: The operator '$ne' is not supported on 'id'; use $eq or $in").await;
        refused(&app, &admin, "created_at[$gte]=yesterday", "Invalid request: Invalid date for field 'created_at.$gte': 'yesterday'").await;
    }

    async fn orders_sort_both_ways_with_nulls_as_postgresql_puts_them(app) {
        let admin = admin(&app).await;
        let a = guest(&app, &admin, json!({"email": email("b"), "first_name": "Bea"})).await;
        let b = guest(&app, &admin, json!({"email": email("a"), "first_name": "Al"})).await;
        let none = guest(&app, &admin, json!({"company_name": "No Name"})).await;
        let c = guest(&app, &admin, json!({"first_name": "Cy"})).await;
        for (order, expected) in [
            ("first_name", vec![&b, &a, &c, &none]),
            ("-first_name", vec![&none, &c, &a, &b]),
            ("created_at", vec![&a, &b, &none, &c]),
            ("-created_at", vec![&c, &none, &b, &a]),
            ("id", vec![&a, &b, &none, &c]),
            ("-id", vec![&c, &none, &b, &a]),
            ("company_name", vec![&none, &a, &b, &c]),
            ("updated_at", vec![&a, &b, &none, &c]),
            ("has_account", vec![&a, &b, &none, &c]),
        ] {
            let body = list(&app, &admin, &format!("order={order}")).await;
            let expected: Vec<String> = expected.into_iter().cloned().collect();
            assert_eq!(ids(&body), expected, "order={order}");
        }
        // email: emails a… before b…, customers without one last (first when descending).
        let body = list(&app, &admin, "order=email").await;
        assert_eq!(ids(&body)[..2], [b.clone(), a.clone()]);
        let body = list(&app, &admin, "order=-email").await;
        assert_eq!(ids(&body)[2..], [a.clone(), b.clone()]);
        for order in ["phone", "-last_name"] {
            let body = list(&app, &admin, &format!("order={order}")).await;
            assert_eq!(body["count"], 4);
        }
        refused(&app, &admin, "order=nosuch", "Order field nosuch is not valid").await;
        refused(&app, &admin, "order=-password_hash", "Order field password_hash is not valid").await;
    }

    async fn fields_shape_the_list_and_bad_filters_name_their_parameter(app) {
        let admin = admin(&app).await;
        let id = guest(&app, &admin, json!({"email": email("f"), "first_name": "F"})).await;
        post(&app, &admin.token, &format!("{CUSTOMERS}/{id}/addresses"), json!({"city": "Oslo", "is_default_billing": true})).await;
        let body = list(&app, &admin, "fields=email").await;
        assert_eq!(body["customers"][0].as_object().unwrap().keys().collect::<Vec<_>>(), ["email", "id"]);
        let body = list(&app, &admin, "fields=addresses.city").await;
        assert_eq!(body["customers"][0], json!({"id": id, "addresses": [{"id": body["customers"][0]["addresses"][0]["id"], "city": "Oslo"}]}));
        let body = list(&app, &admin, "fields=*addresses,*groups").await;
        let customer = &body["customers"][0];
        assert_eq!(customer["addresses"][0]["is_default_billing"], true);
        assert_eq!(customer["groups"], json!([]));
        assert_eq!(customer["first_name"], "F");
        let body = list(&app, &admin, "fields=-email,+nosuch").await;
        assert!(body["customers"][0].get("email").is_none());
        for (query, message) in [
            ("foo=bar", "Invalid request: Unrecognized fields: 'foo'"),
            ("has_account=maybe", "Invalid request: Invalid input"),
            ("fields=a&fields=b", "Invalid request: Expected type: 'string' for field 'fields', got: 'a,b'"),
            ("q=a&q=b", "Invalid request: Expected type: 'string' for field 'q', got: 'a,b'"),
        ] {
            refused(&app, &admin, query, message).await;
        }
        let many: Vec<String> = (0..101).map(|n| format!("email[]=e{n}")).collect();
        refused(&app, &admin, &many.join("&"), "Invalid request: email may list at most 100 values; 101 were sent").await;
        let many: Vec<String> = (0..101).map(|n| format!("groups[{n}]=g{n}")).collect();
        refused(&app, &admin, &many.join("&"), "Invalid request: groups may list at most 100 values; 101 were sent").await;
    }
}

/// Percent-encodes a query value.
fn urlencode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
