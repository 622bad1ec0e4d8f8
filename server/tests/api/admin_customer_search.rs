//! `GET /admin/customers?q=…` over the search index of migration 0010: Unicode case folding,
//! words too short for a trigram, `%` and `_` taken literally, words matched in different
//! columns but never across two, and the index following every write of the searched
//! columns (profile edits, admin edits, deletion).

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{admin_helpers::*, helpers::*};

async fn found(app: &TestApp, admin: &Admin, q: &str) -> Vec<String> {
    let q: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
    let body: Value = ok(
        app,
        &admin.token,
        &format!("{CUSTOMERS}?q={q}&order=created_at"),
    )
    .await;
    let ids = ids(&body);
    assert_eq!(
        body["count"],
        ids.len(),
        "q={q}: the count is the page's size here"
    );
    ids
}

db_tests! {
    async fn q_folds_the_case_of_any_letter(app) {
        let admin = admin(&app).await;
        let asa = guest(&app, &admin, json!({"first_name": "Åsa", "last_name": "Öberg"})).await;
        let emile = guest(&app, &admin, json!({"first_name": "ÉMILE", "company_name": "ŁÓDŹ Łódka"})).await;
        let plain = guest(&app, &admin, json!({"first_name": "Asa", "last_name": "Oberg"})).await;
        assert_eq!(found(&app, &admin, "åsa").await, [asa.as_str()]);
        assert_eq!(found(&app, &admin, "ÅSA").await, [asa.as_str()]);
        assert_eq!(found(&app, &admin, "öBERG").await, [asa.as_str()]);
        assert_eq!(found(&app, &admin, "émile").await, [emile.as_str()]);
        assert_eq!(found(&app, &admin, "łódź").await, [emile.as_str()]);
        assert_eq!(found(&app, &admin, "Ö").await, [asa.as_str()], "one letter");
        // Accents are letters of their own, as in Medusa: no match without them.
        assert_eq!(found(&app, &admin, "asa").await, [plain]);
    }

    async fn short_words_and_wildcards_are_matched_literally(app) {
        let admin = admin(&app).await;
        let li = guest(&app, &admin, json!({"first_name": "Li", "last_name": "Wei", "email": "li-wei@example.com"})).await;
        let under = guest(&app, &admin, json!({"first_name": "Al", "email": "a_b@example.com", "company_name": "50% Off"})).await;
        let plain = guest(&app, &admin, json!({"first_name": "Xu", "email": "ab@example.com", "company_name": "50x Off"})).await;
        assert_eq!(found(&app, &admin, "li").await, [li.as_str()]);
        assert_eq!(found(&app, &admin, "wei LI").await, [li.as_str()], "a long and a short word");
        assert_eq!(found(&app, &admin, "a_").await, [under.as_str()], "`_` is no wildcard");
        assert_eq!(found(&app, &admin, "a_b").await, [under.as_str()]);
        assert_eq!(found(&app, &admin, "50%").await, [under.as_str()], "`%` is no wildcard");
        assert_eq!(found(&app, &admin, "%").await, [under.as_str()]);
        assert_eq!(found(&app, &admin, "\\").await, Vec::<String>::new(), "nor is the escape");
        assert_eq!(found(&app, &admin, "\"ab").await, Vec::<String>::new(), "nor a quote");
        assert_eq!(found(&app, &admin, "ab@").await, [plain.as_str()]);
        assert_eq!(found(&app, &admin, "50x li").await, Vec::<String>::new());
        assert_eq!(found(&app, &admin, "off").await, [under, plain]);
    }

    async fn words_match_in_any_column_but_never_across_two(app) {
        let admin = admin(&app).await;
        let jane = guest(&app, &admin, json!({"first_name": "Jane", "last_name": "Doe", "company_name": "Acme", "phone": "+1 555 0100"})).await;
        assert_eq!(found(&app, &admin, "jane doe").await, [jane.as_str()]);
        assert_eq!(found(&app, &admin, "acme 0100 jan").await, [jane.as_str()]);
        assert_eq!(found(&app, &admin, "nedo").await, Vec::<String>::new(), "first name then last name");
        assert_eq!(found(&app, &admin, "acmejane").await, Vec::<String>::new());
    }

    async fn the_search_follows_every_write_of_the_searched_columns(app) {
        let admin = admin(&app).await;
        let (id, token, _) = registered(&app, "searched").await;
        // Their own profile edit.
        let response = app.post("/store/customers/me").bearer_auth(&token)
            .json(&json!({"first_name": "Zebulon", "company_name": "Quixotic"})).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(found(&app, &admin, "zebul").await, [id.as_str()]);
        assert_eq!(found(&app, &admin, "quixotic").await, [id.as_str()]);
        // An admin's edit, email included.
        let (status, body) = post(&app, &admin.token, &format!("{CUSTOMERS}/{id}"), json!({"email": "Renamed.Person@Example.org", "last_name": "Ngô"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(found(&app, &admin, "renamed.person@").await, [id.as_str()]);
        assert_eq!(found(&app, &admin, "NGÔ zebulon").await, [id.as_str()]);
        assert_eq!(found(&app, &admin, "doe").await, Vec::<String>::new(), "the old last name is gone");
        // A guest made by an admin, then deleted: gone from the search and its count.
        let guest_id = guest(&app, &admin, json!({"first_name": "Zebulon", "last_name": "Two"})).await;
        assert_eq!(found(&app, &admin, "zebulon").await, [id.clone(), guest_id.clone()]);
        let (status, _) = delete(&app, &admin.token, &format!("{CUSTOMERS}/{guest_id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(found(&app, &admin, "zebulon").await, [id.as_str()]);
        assert_eq!(found(&app, &admin, "zebulon two").await, Vec::<String>::new());
        assert_eq!(found(&app, &admin, "zebulon tw").await, Vec::<String>::new());
    }

    async fn a_search_combines_with_the_other_filters(app) {
        let admin = admin(&app).await;
        let vip = group(&app, &admin, "VIP").await;
        let a = guest(&app, &admin, json!({"first_name": "Hannah", "last_name": "Berg"})).await;
        let b = guest(&app, &admin, json!({"first_name": "Joanne", "last_name": "Berg"})).await;
        let _c = guest(&app, &admin, json!({"first_name": "Mark", "last_name": "Berg"})).await;
        let (status, _) = post(&app, &admin.token, &format!("/admin/customer-groups/{vip}/customers"), json!({"add": [b]})).await;
        assert_eq!(status, StatusCode::OK);
        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}?q=ann&groups={vip}")).await;
        assert_eq!((ids(&body), body["count"].as_i64()), (vec![b.clone()], Some(1)));
        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}?q=ann&has_account=false&order=-first_name&limit=1")).await;
        assert_eq!((ids(&body), body["count"].as_i64()), (vec![b.clone()], Some(2)));
        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}?q=ann&order=-first_name&offset=1")).await;
        assert_eq!((ids(&body), body["count"].as_i64()), (vec![a], Some(2)));
    }
}
