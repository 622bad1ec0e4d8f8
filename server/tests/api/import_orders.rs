//! `server import-orders` and `server seed --demo`: the importer's rules through its service
//! (what a customer then sees, through `services::orders`), and the commands themselves as
//! the real binary runs them.

use std::io::Write;

use app::{
    services::{
        order_import::{self, Options, Summary},
        orders::{self, Include, ListQuery},
    },
    shared::{CustomerId, Order},
    stores::{Db, DbOptions},
};
use serde_json::{json, Value};

use crate::{helpers::*, process::run_command};

const ALL: Include = Include {
    items: true,
    addresses: true,
    shipping_methods: true,
};

/// An order line for `email`: two items, 59.98 + 5.00 shipping + 4.80 tax = 69.78.
fn line(id: &str, display_id: i64, email: &str) -> Value {
    json!({
        "id": id,
        "display_id": display_id,
        "email": email,
        "currency_code": "usd",
        "status": "completed",
        "created_at": format!("2024-03-{:02}T15:30:00.000Z", display_id % 28 + 1),
        "total": 69.78,
        "shipping_total": 5,
        "tax_total": "4.80",
        "items": [
            {"id": "ordli_a", "title": "T-shirt", "quantity": 2, "unit_price": 19.99, "tax_total": 3.2},
            {"id": "ordli_b", "title": "Cap", "quantity": 1, "unit_price": 20, "tax_total": 1.6}
        ],
        "shipping_address": {"first_name": "Ada", "city": "London", "country_code": "gb"},
        "shipping_methods": [{"name": "Standard", "amount": "5.00"}]
    })
}

fn text(lines: &[Value]) -> String {
    lines
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

async fn import_text(app: &TestApp, text: &str, skip_invalid: bool) -> Summary {
    order_import::import(
        &app.state.db,
        text.as_bytes(),
        Options { skip_invalid },
        &mut |_| {},
    )
    .await
    .expect("the import runs")
}

async fn import(app: &TestApp, lines: &[Value]) -> Summary {
    import_text(app, &text(lines), false).await
}

/// A signed-up customer (through the API) and their id.
async fn customer(app: &TestApp, email: &str) -> CustomerId {
    let token = app.signed_up(email).await;
    customer_id(app, &token).await
}

async fn customer_id(app: &TestApp, token: &str) -> CustomerId {
    let (_, body) = status_and_json(
        app.get("/store/customers/me")
            .bearer_auth(token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    CustomerId::parse(body["customer"]["id"].as_str().unwrap()).unwrap()
}

/// Everything the customer sees, newest first, with items and addresses.
async fn orders_of(db: &Db, customer: &CustomerId) -> (Vec<Order>, i64) {
    let query = ListQuery {
        sort: orders::SortField::CreatedAt,
        descending: true,
        ..ListQuery::default()
    };
    orders::list_for_customer(db, customer, &query, ALL)
        .await
        .unwrap()
}

fn ids(orders: &[Order]) -> Vec<&str> {
    orders.iter().map(|order| order.id.as_str()).collect()
}

db_tests! {
    async fn reimporting_updates_orders_and_replaces_their_items_without_duplicates(app) {
        let ada = customer(&app, &email("ada")).await;
        let address = orders_email(&app, &ada).await;
        let first = [line("order_1", 1, &address), line("order_2", 2, &address)];
        let summary = import(&app, &first).await;
        assert!(summary.committed);
        assert_eq!((summary.imported, summary.updated), (2, 0));

        let mut changed = first.clone();
        changed[0]["status"] = json!("canceled");
        changed[0]["total"] = json!("10.00");
        changed[0]["items"] = json!([{"title": "Socks", "quantity": 1, "unit_price": 10}]);
        let summary = import(&app, &changed).await;
        assert_eq!((summary.imported, summary.updated), (0, 2));

        let (orders, count) = orders_of(&app.state.db, &ada).await;
        assert_eq!(count, 2);
        assert_eq!(ids(&orders), ["order_2", "order_1"]);
        let order_1 = &orders[1];
        assert_eq!(order_1.status.as_str(), "canceled");
        assert_eq!(order_1.totals.total, 1000);
        assert_eq!(order_1.items.len(), 1, "the items were replaced, not added to");
        assert_eq!(order_1.items[0].title, "Socks");
        assert_eq!(order_1.item_count, 1);
        assert_eq!(orders[0].items.len(), 2);
        assert!(orders[0].shipping_address.is_some());
    }

    async fn a_bad_line_in_the_middle_imports_nothing_unless_skipped(app) {
        let ada = customer(&app, &email("ada")).await;
        let address = orders_email(&app, &ada).await;
        let mut bad = line("order_2", 2, &address);
        bad["items"][0]["quantity"] = json!(0);
        let lines = [line("order_1", 1, &address), bad, line("order_3", 3, &address)];

        let summary = import(&app, &lines).await;
        assert!(!summary.committed);
        assert_eq!(summary.bad.len(), 1);
        assert_eq!(summary.bad[0].line, 2);
        assert_eq!(summary.bad[0].reason, "items[0].quantity must be a whole number of at least 1, not 0");
        assert_eq!(orders_of(&app.state.db, &ada).await.1, 0, "nothing was imported");

        let summary = import_text(&app, &text(&lines), true).await;
        assert!(summary.committed);
        assert_eq!((summary.imported, summary.bad.len()), (2, 1));
        let (orders, _) = orders_of(&app.state.db, &ada).await;
        assert_eq!(ids(&orders), ["order_3", "order_1"]);
    }

    async fn bad_lines_are_all_reported_with_their_numbers(app) {
        import(&app, &[line("order_1", 1, "someone@example.com")]).await;
        let input = [
            line("order_2", 2, "a@example.com").to_string(),
            "{not json".to_owned(),
            String::new(),
            line("order_3", 1, "b@example.com").to_string(),
            line("order_2", 4, "c@example.com").to_string(),
            line("order_5", 2, "d@example.com").to_string(),
            json!({"id": "order_6", "display_id": 6, "currency_code": "usd", "total": 0.001}).to_string(),
        ]
        .join("\n");
        let summary = import_text(&app, &input, false).await;
        let bad: Vec<(u64, &str)> = summary.bad.iter().map(|b| (b.line, b.reason.as_str())).collect();
        assert_eq!(bad, [
            (2, "invalid JSON: key must be a string at column 2"),
            (4, "display_id 1 belongs to order order_1"),
            (5, "order order_2 is already on line 1"),
            (6, "display_id 2 is already used by order order_2 on line 1"),
            (7, "total 0.001 has more than 2 decimal places for its currency (usd)"),
        ]);
        assert!(!summary.committed);
    }

    async fn orders_link_to_the_registered_customer_whose_email_matches_in_any_case(app) {
        let address = email("Mixed.Case");
        let ada = customer(&app, &address).await;
        let shouted = format!("  {}  ", address.to_uppercase());
        import(&app, &[line("order_1", 1, &shouted), line("order_2", 2, &address.to_lowercase())]).await;
        let (orders, count) = orders_of(&app.state.db, &ada).await;
        assert_eq!(count, 2);
        assert_eq!(orders[1].email.as_deref(), Some(shouted.trim()), "stored as given, trimmed");
        assert_eq!(orders[1].customer_id.as_ref(), Some(&ada));
    }

    async fn an_order_without_a_registered_customer_stays_unlinked(app) {
        let guest = email("guest");
        import(&app, &[line("order_1", 1, &guest)]).await;
        // Signing up later with that email does not reveal the order: emails are not
        // verified, so the order is linked only by an import (or re-import) after sign-up.
        let later = customer(&app, &guest).await;
        assert_eq!(orders_of(&app.state.db, &later).await.1, 0);
        let summary = import(&app, &[line("order_1", 1, &guest)]).await;
        assert_eq!(summary.updated, 1);
        assert_eq!(orders_of(&app.state.db, &later).await.1, 1, "a re-import links it");
    }

    async fn a_customer_id_of_ours_wins_over_the_email(app) {
        let ada = customer(&app, &email("ada")).await;
        let bob_email = email("bob");
        let bob = customer(&app, &bob_email).await;
        let mut named = line("order_1", 1, &bob_email);
        named["customer_id"] = json!(ada.as_str());
        let mut unknown = line("order_2", 2, &bob_email);
        unknown["customer_id"] = json!("cus_01M82363EKDZQQNAMPA3XGMFKF");
        import(&app, &[named, unknown]).await;
        assert_eq!(ids(&orders_of(&app.state.db, &ada).await.0), ["order_1"]);
        assert_eq!(ids(&orders_of(&app.state.db, &bob).await.0), ["order_2"], "unknown id: by email");
    }

    async fn amounts_are_stored_exactly(app) {
        let ada = customer(&app, &email("ada")).await;
        let address = orders_email(&app, &ada).await;
        let usd = json!({
            "id": "order_1", "display_id": 1, "email": address, "currency_code": "usd",
            "items": [
                {"title": "A", "quantity": 1, "unit_price": 0.1},
                {"title": "B", "quantity": 1, "unit_price": 0.2},
                {"title": "C", "quantity": 3, "unit_price": "1234567.89"}
            ]
        });
        let yen = json!({"id": "order_2", "display_id": 2, "email": address, "currency_code": "JPY",
                         "items": [{"title": "Tea", "quantity": 7, "unit_price": 1980}]});
        let dinar = json!({"id": "order_3", "display_id": 3, "email": address, "currency_code": "kwd",
                           "total": 0.007});
        import(&app, &[usd, yen, dinar]).await;
        let (orders, _) = orders_of(&app.state.db, &ada).await;
        let by_id = |id: &str| orders.iter().find(|o| o.id.as_str() == id).unwrap();
        let usd = by_id("order_1");
        assert_eq!(usd.items[0].unit_price + usd.items[1].unit_price, 30, "0.1 + 0.2 is 0.30");
        assert_eq!(usd.items[2].subtotal, 370_370_367);
        assert_eq!(usd.totals.subtotal, 370_370_397);
        assert_eq!(usd.totals.total, 370_370_397);
        assert_eq!(by_id("order_2").totals.total, 13_860);
        assert_eq!(by_id("order_2").currency_code.as_str(), "jpy");
        assert_eq!(by_id("order_3").totals.total, 7);
    }

    async fn the_documented_example_file_imports_as_documented(app) {
        let ada = customer(&app, "ada@example.com").await;
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/examples/orders.jsonl");
        let text = std::fs::read_to_string(path).unwrap();
        let summary = import_text(&app, &text, false).await;
        assert!(summary.committed, "{:?}", summary.bad);
        assert_eq!(summary.imported, 4);
        let (orders, _) = orders_of(&app.state.db, &ada).await;
        let numbers: Vec<i64> = orders.iter().map(|o| o.display_id).collect();
        assert_eq!(numbers, [2002, 2001], "both of ada's, the email in any case");
        assert_eq!(orders[0].totals.total, 13_455);
        assert_eq!(orders[0].totals.discount_total, 1_200);
        assert_eq!(orders[1].totals.total, 6_978);
        assert_eq!(orders[1].items[1].subtotal, 2_000, "unit price × quantity");
        assert_eq!(orders[1].shipping_methods[0].amount, 500);
    }

    async fn drafts_and_other_customers_orders_are_not_found(app) {
        let ada = customer(&app, &email("ada")).await;
        let address = orders_email(&app, &ada).await;
        let bob = customer(&app, &email("bob")).await;
        let mut flagged = line("order_2", 2, &address);
        flagged["is_draft_order"] = json!(true);
        let mut status = line("order_3", 3, &address);
        status["status"] = json!("draft");
        import(&app, &[line("order_1", 1, &address), flagged, status]).await;
        assert_eq!(ids(&orders_of(&app.state.db, &ada).await.0), ["order_1"]);
        let db = &app.state.db;
        assert!(orders::get_for_customer(db, &ada, "order_1", ALL).await.is_ok());
        for (who, id) in [(&ada, "order_2"), (&ada, "order_3"), (&bob, "order_1"), (&ada, "nonsense")] {
            let error = orders::get_for_customer(db, who, id, ALL).await.unwrap_err();
            assert_eq!(error.to_string(), format!("Order id not found: {id}"));
        }
    }
}

/// The email `customer` signed up with.
async fn orders_email(app: &TestApp, customer: &CustomerId) -> String {
    app::stores::customers::find(&app.state.db, customer)
        .await
        .unwrap()
        .unwrap()
        .email
        .unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn connect(url: &str) -> Db {
    Db::connect(&DbOptions {
        url: url.to_owned(),
        max_connections: 2,
        acquire_timeout: std::time::Duration::from_secs(5),
        statement_timeout: std::time::Duration::from_secs(5),
    })
    .await
    .unwrap()
}

async fn order_count(url: &str) -> i64 {
    let db = connect(url).await;
    let count = match &db {
        Db::Sqlite(pool) => sqlx::query_scalar("SELECT COUNT(*) FROM customer_order")
            .fetch_one(pool)
            .await
            .unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar("SELECT COUNT(*) FROM customer_order")
            .fetch_one(pool)
            .await
            .unwrap(),
    };
    db.close().await;
    count
}

backend_tests! {
    async fn the_command_lists_bad_lines_and_fails_or_skips_them(backend) {
        let db = TestDb::create(backend).await;
        let mut file = tempfile_with(&[
            line("order_1", 1, "a@example.com").to_string(),
            "[]".to_owned(),
            line("order_3", 3, "c@example.com").to_string(),
        ]);
        let path = file.path().to_str().unwrap().to_owned();

        let refused = run_command(&db.url, &["import-orders", &path]);
        assert!(!refused.status.success());
        let err = stderr(&refused);
        assert!(err.contains("line 2: not a JSON object: each line holds one order object"), "{err}");
        assert!(err.contains("1 bad line: nothing was imported"), "{err}");
        assert!(stdout(&refused).is_empty());
        assert_eq!(order_count(&db.url).await, 0);

        let skipped = run_command(&db.url, &["import-orders", &path, "--skip-invalid"]);
        assert!(skipped.status.success(), "{}", stderr(&skipped));
        assert!(stderr(&skipped).contains("line 2: not a JSON object"));
        let out = stdout(&skipped);
        assert!(out.starts_with("imported 2 new orders, updated 0, skipped 1 bad lines, in "), "{out}");
        assert_eq!(order_count(&db.url).await, 2);

        writeln!(file.file, "{}", line("order_1", 1, "a@example.com")).unwrap();
        let again = run_command(&db.url, &["import-orders", &path, "--skip-invalid"]);
        assert!(stdout(&again).starts_with("imported 0 new orders, updated 2, skipped 2 bad lines"),
                "the repeated id is a bad line: {}", stdout(&again));
        assert_eq!(order_count(&db.url).await, 2);

        let missing = run_command(&db.url, &["import-orders", "/nonexistent/orders.jsonl"]);
        assert!(!missing.status.success());
        assert!(stderr(&missing).contains("cannot open /nonexistent/orders.jsonl"));
    }

    async fn seed_demo_gives_customers_who_sign_in_to_their_orders_and_runs_twice(backend) {
        let db = TestDb::create(backend).await;
        let first = run_command(&db.url, &["seed", "--demo"]);
        assert!(first.status.success(), "{}", stderr(&first));
        let out = stdout(&first);
        assert!(out.contains("created customer ada@example.com with addresses"), "{out}");
        assert!(out.contains(app::services::seed::demo::PASSWORD), "the password is printed: {out}");
        let created = out.lines().find(|l| l.starts_with("orders: ")).unwrap().to_owned();
        assert!(created.ends_with(" created, 0 updated"), "{created}");

        let second = run_command(&db.url, &["seed", "--demo"]);
        assert!(second.status.success(), "{}", stderr(&second));
        let out = stdout(&second);
        assert!(out.contains("customer ada@example.com already exists: left as it was"), "{out}");
        assert!(out.contains("orders: 0 created, "), "{out}");
        let count = order_count(&db.url).await;
        assert!(count > 30, "{count}");

        let app = TestApp::spawn_on(&db.url, &[]).await;
        let token = app.login("ada@example.com", app::services::seed::demo::PASSWORD).await;
        let ada = customer_id(&app, &token).await;
        let (orders, total) = orders_of(&app.state.db, &ada).await;
        assert!(total > 20, "{total}");
        let currencies: std::collections::HashSet<&str> =
            orders.iter().map(|o| o.currency_code.as_str()).collect();
        assert!(currencies.contains("jpy") && currencies.len() >= 3, "{currencies:?}");
        assert!(orders.iter().all(|o| !o.items.is_empty() && o.shipping_address.is_some()));
        let (_, me) = status_and_json(app.get("/store/customers/me").bearer_auth(&token).send().await.unwrap()).await;
        assert_eq!(me["customer"]["addresses"].as_array().map(Vec::len), Some(2), "{me}");
    }
}

/// A temporary file holding `lines`, removed on drop.
struct TempFile {
    path: std::path::PathBuf,
    file: std::fs::File,
}

impl TempFile {
    fn path(&self) -> &std::path::Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn tempfile_with(lines: &[String]) -> TempFile {
    let path = std::env::temp_dir().join(format!("ca_orders_{}.jsonl", ulid::Ulid::new()));
    let mut file = std::fs::OpenOptions::new()
        .create_new(true)
        .append(true)
        .open(&path)
        .unwrap();
    for line in lines {
        writeln!(file, "{line}").unwrap();
    }
    TempFile { path, file }
}
