//! The order-history pages as a browser without JavaScript sees them: rendered on the
//! server with their data, paged by the URL, and a 404 for an order that is not the
//! customer's. Orders come in through the real import path.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

/// A signed-in customer's browser: their session cookie.
struct Browser<'a> {
    app: &'a TestApp,
    cookie: String,
}

impl<'a> Browser<'a> {
    async fn signed_in(app: &'a TestApp, email: &str) -> Self {
        let token = app.signed_up(email).await;
        let cookie = app.session_cookie(&token).await;
        Self { app, cookie }
    }

    /// `GET path` as a page: the status and the HTML (redirects are not followed).
    async fn open(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .app
            .get(path)
            .header("cookie", &self.cookie)
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }
}

/// An order for `email` in the import format: display id `n`, placed on day `day` of March
/// 2024, two lines (2 × $19.99 and 1 × $20.00), $5 shipping, $4.80 tax, $2 off.
fn order_line(n: i64, day: u32, email: &str) -> Value {
    json!({
        "id": format!("order_{}", ulid::Ulid::new()),
        "display_id": n,
        "email": email,
        "currency_code": "usd",
        "status": "completed",
        "payment_status": "captured",
        "fulfillment_status": "shipped",
        "created_at": format!("2024-03-{day:02}T15:30:00.000Z"),
        "subtotal": 59.98,
        "shipping_total": 5,
        "tax_total": 4.8,
        "discount_total": 2,
        "total": 67.78,
        "items": [
            {"title": "T-shirt", "variant_title": "Medium", "variant_sku": "TS-M",
             "quantity": 2, "unit_price": 19.99},
            {"title": "Cap", "quantity": 1, "unit_price": 20}
        ],
        "shipping_address": {"first_name": "Ada", "last_name": "Lovelace",
                             "address_1": "12 Main St", "city": "London",
                             "postal_code": "N1 9GU", "country_code": "gb"},
        "billing_address": {"first_name": "Ada", "last_name": "Lovelace",
                            "address_1": "1 Bank Rd", "city": "Bath", "country_code": "gb"},
        "shipping_methods": [{"name": "Standard", "amount": 5}]
    })
}

/// Imports `lines` as `server import-orders` does; all must be accepted.
async fn import(app: &TestApp, lines: &[Value]) {
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

/// The display ids the list links to, in the order shown.
fn listed_numbers(html: &str) -> Vec<String> {
    html.split(r#"href="/account/orders/order_"#)
        .skip(1)
        .map(|rest| {
            let text = rest.split("</a>").next().unwrap();
            text.rsplit('>').next().unwrap().trim().to_owned()
        })
        .collect()
}

db_tests! {
    async fn the_order_pages_need_a_signed_in_customer(app) {
        for path in ["/account/orders", "/account/orders?page=2", "/account/orders/order_789"] {
            let response = app.get(path).header("accept", "text/html").send().await.unwrap();
            assert!(response.status().is_redirection(), "{path} {}", response.status());
            assert_eq!(response.headers()["location"], "/account/login", "{path}");
        }
    }

    async fn a_customer_without_orders_sees_that_there_are_none(app) {
        let browser = Browser::signed_in(&app, &email("noorders")).await;
        let (status, html) = browser.open("/account/orders").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("You have no orders yet."), "{html}");
        assert!(!html.contains("<table"), "no table for no orders");
        assert!(html.contains(r#"aria-current="page""#) && html.contains(">Orders</a>"));
    }

    async fn the_list_shows_the_newest_ten_first_and_pages_by_the_url(app) {
        let email = email("history");
        let browser = Browser::signed_in(&app, &email).await;
        let mut lines: Vec<Value> = (1..=12).map(|n| order_line(1000 + n, n as u32, &email)).collect();
        // Someone else's order, newer than all of these, is not listed.
        lines.push(order_line(2000, 20, "someone-else@example.com"));
        import(&app, &lines).await;

        let (status, html) = browser.open("/account/orders").await;
        assert_eq!(status, StatusCode::OK);
        let expected: Vec<String> = (3..=12).rev().map(|n| format!("#{}", 1000 + n)).collect();
        assert_eq!(listed_numbers(&html), expected);
        assert!(html.contains("12 orders") && html.contains("Page 1 of 2"), "{html}");
        assert!(html.contains(r#"<th scope="col""#) && html.contains(r#"<th scope="row""#));
        assert!(html.contains(r#"<time datetime="2024-03-12">12 Mar 2024</time>"#), "{html}");
        assert!(html.contains("Completed") && html.contains("Paid · Shipped"));
        assert!(html.contains("3 items") && html.contains("$67.78"));
        assert!(html.contains(r#"href="/account/orders?page=2""#) && html.contains("Next page"));
        assert!(!html.contains("Previous page"));

        let (status, html) = browser.open("/account/orders?page=2").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(listed_numbers(&html), ["#1002", "#1001"]);
        assert!(html.contains("Page 2 of 2") && html.contains("Previous page"));
        assert!(html.contains(r#"href="/account/orders""#) && !html.contains("Next page"));
    }

    async fn a_page_past_the_end_or_not_a_number_is_a_404_notice(app) {
        let email = email("pastend");
        let browser = Browser::signed_in(&app, &email).await;
        let lines: Vec<Value> = (1..=11).map(|n| order_line(3000 + n, n as u32, &email)).collect();
        import(&app, &lines).await;
        for (page, shown) in [("3", "3"), ("0", "0"), ("two", "two"), ("-1", "-1"), ("99999999999", "99999999999")] {
            let (status, html) = browser.open(&format!("/account/orders?page={page}")).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "page={page}");
            assert!(html.contains(&format!("There is no page “{shown}” of your orders.")), "{html}");
            assert!(html.contains("They fill 2 pages.") && html.contains(r#"href="/account/orders?page=2""#));
        }
    }

    async fn an_order_shows_its_items_totals_and_addresses(app) {
        let email = email("detail");
        let browser = Browser::signed_in(&app, &email).await;
        let line = order_line(4001, 2, &email);
        let id = line["id"].as_str().unwrap().to_owned();
        import(&app, &[line]).await;

        let (_, list) = browser.open("/account/orders").await;
        assert!(list.contains(&format!(r#"href="/account/orders/{id}""#)));
        let (status, html) = browser.open(&format!("/account/orders/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<title>Order #4001 · Customer accounts</title>"), "{html}");
        assert!(html.contains("Order #4001") && html.contains("2 Mar 2024"));
        assert!(html.contains("Completed") && html.contains("Paid") && html.contains("Shipped"));
        assert!(html.contains("<caption") && html.contains(r#"<th scope="row""#));
        for text in ["T-shirt", "Medium · SKU TS-M", "Cap", "$19.99", "$39.98", "$20.00"] {
            assert!(html.contains(text), "{text}");
        }
        for (label, amount) in [("Subtotal", "$59.98"), ("Shipping (Standard)", "$5.00"), ("Tax", "$4.80"), ("Discount", "-$2.00"), ("Total (USD)", "$67.78")] {
            let row = format!(r#"{label}</th><td class="number">{amount}</td>"#);
            assert!(html.contains(&row), "{row} in {html}");
        }
        for text in ["Shipping address", "Ada Lovelace", "12 Main St", "N1 9GU London", "United Kingdom", "Billing address", "1 Bank Rd"] {
            assert!(html.contains(text), "{text}");
        }
        assert!(html.contains(r#"href="/account/orders""#) && html.contains("Back to your orders"));
    }

    async fn another_customers_or_an_unknown_order_is_the_404_page(app) {
        let owner_email = email("owner");
        let line = order_line(5001, 3, &owner_email);
        let id = line["id"].as_str().unwrap().to_owned();
        let owner = Browser::signed_in(&app, &owner_email).await;
        import(&app, &[line]).await;
        assert_eq!(owner.open(&format!("/account/orders/{id}")).await.0, StatusCode::OK);

        let stranger = Browser::signed_in(&app, &email("stranger")).await;
        let unknown = format!("order_{}", ulid::Ulid::new());
        for path in [format!("/account/orders/{id}"), format!("/account/orders/{unknown}"), "/account/orders/not-an-id".into()] {
            let (status, html) = stranger.open(&path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert!(html.contains("Page not found") && !html.contains("#5001"), "{path}: {html}");
        }
    }
}
