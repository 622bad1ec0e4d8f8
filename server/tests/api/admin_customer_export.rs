//! `GET /admin/customers/export.csv`: the list's filtered set in the list's order, as
//! RFC 4180 CSV safe to open in a spreadsheet, across keyset batches; admins only; bad
//! filters refused like the list's.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{admin_helpers::*, helpers::*};

const EXPORT: &str = "/admin/customers/export.csv";

/// The records of a CSV text (quoted cells may hold commas, quotes and line breaks).
fn records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut cell) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut cell)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(
        record.is_empty() && cell.is_empty(),
        "the file ends with a record's CRLF"
    );
    records
}

/// The export's records (header first), checking the response's headers.
async fn export(app: &TestApp, admin: &Admin, query: &str) -> Vec<Vec<String>> {
    let response = send(
        app,
        &admin.token,
        Method::GET,
        &format!("{EXPORT}?{query}"),
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    let disposition = headers["content-disposition"].to_str().unwrap().to_owned();
    let today = chrono::Utc::now().format("%Y%m%d").to_string();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"customers-{today}.csv\"")
    );
    records(&response.text().await.unwrap())
}

fn column(records: &[Vec<String>], n: usize) -> Vec<String> {
    records[1..]
        .iter()
        .map(|record| record[n].clone())
        .collect()
}

db_tests! {
    async fn the_export_is_the_filtered_list_quoted_and_spreadsheet_safe(app) {
        let admin = admin(&app).await;
        let vip = group(&app, &admin, "VIP, \"gold\"").await;
        let tricky = guest(&app, &admin, json!({
            "email": "tricky@example.com", "first_name": "=SUM(A1)", "last_name": "say \"hi\"",
            "company_name": "Doe, Jane & Co", "phone": "+1 555 0101"
        })).await;
        let plain = guest(&app, &admin, json!({"email": "plain@example.com", "first_name": "Ann", "last_name": "Lee"})).await;
        let _other = guest(&app, &admin, json!({"first_name": "Bob", "last_name": "-minus"})).await;
        let (status, _) = post(&app, &admin.token, &format!("/admin/customer-groups/{vip}/customers"), json!({"add": [tricky]})).await;
        assert_eq!(status, StatusCode::OK);

        let all = export(&app, &admin, "").await;
        assert_eq!(all[0], ["id", "email", "first_name", "last_name", "company_name", "phone", "has_account", "groups", "created_at", "updated_at"]);
        assert_eq!(all.len(), 4);
        let row = all.iter().find(|r| r[0] == tricky).unwrap();
        assert_eq!(row[1..8], ["tricky@example.com", "'=SUM(A1)", "say \"hi\"", "Doe, Jane & Co", "'+1 555 0101", "false", "VIP, \"gold\""]);
        let body = ok(&app, &admin.token, &format!("{CUSTOMERS}/{tricky}")).await;
        assert_eq!(row[8], body["customer"]["created_at"].as_str().unwrap());
        assert_eq!(all[3][3], "'-minus");

        // The same filters and order as the list: exactly its set, in its order.
        for query in ["q=example.com&order=-created_at", "q=ann", &format!("groups={vip}"), "has_account=false&order=last_name", "q=e&order=-email"] {
            let listed: Value = ok(&app, &admin.token, &format!("{CUSTOMERS}?{query}&limit=1000")).await;
            assert_eq!(column(&export(&app, &admin, query).await, 0), ids(&listed), "{query}");
        }
        assert_eq!(column(&export(&app, &admin, "q=ann").await, 0), [plain]);
        assert_eq!(export(&app, &admin, "q=nobody").await.len(), 1, "the header alone");
        // The object form of groups and deleted_at resolve as in the list.
        assert_eq!(column(&export(&app, &admin, "groups[name]=VIP,%20%22gold%22").await, 0), [tricky.as_str()]);
        assert_eq!(export(&app, &admin, "groups[name]=nobody").await.len(), 1, "the header alone");
        assert_eq!(export(&app, &admin, "deleted_at[$lt]=2999-01-01").await.len(), 1, "the header alone");
    }

    async fn a_large_export_walks_every_batch_in_order(app) {
        let admin = admin(&app).await;
        // 520 customers (more than a batch of 500), a few without email or first name, and
        // first names with many ties, so every order crosses a batch boundary inside a tie.
        for n in 0..520 {
            let body = match n % 7 {
                0 => json!({"last_name": format!("L{n:03}")}),
                _ => json!({"email": format!("c{n:03}@example.com"), "first_name": format!("F{}", n % 3)}),
            };
            let (status, created) = post(&app, &admin.token, CUSTOMERS, body).await;
            assert_eq!(status, StatusCode::OK, "{created}");
        }
        for order in ["", "order=-id", "order=email", "order=-email", "order=first_name", "order=-first_name", "order=-created_at", "order=has_account"] {
            let listed: Value = ok(&app, &admin.token, &format!("{CUSTOMERS}?{order}&limit=1000")).await;
            let exported = column(&export(&app, &admin, order).await, 0);
            assert_eq!(exported.len(), 520, "{order}");
            assert_eq!(exported, ids(&listed), "{order}");
        }
    }

    async fn only_admins_export_and_bad_filters_are_refused(app) {
        let admin = admin(&app).await;
        let response = app.get(EXPORT).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let token = app.signed_up(&email("exporter")).await;
        let response = app.get(EXPORT).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        // Refused as the list refuses them, word for word.
        for query in ["has_account=maybe", "order=nosuch", "nickname=x", "created_at[$gt]=yesterday"] {
            let response = send(&app, &admin.token, Method::GET, &format!("{EXPORT}?{query}"), None).await;
            let (status, body) = status_and_json(response).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
            assert_eq!(body["type"], "invalid_data", "{query}: {body}");
            let (_, listed) = get(&app, &admin.token, &format!("{CUSTOMERS}?{query}")).await;
            assert_eq!(body, listed, "{query}");
        }
    }
}
