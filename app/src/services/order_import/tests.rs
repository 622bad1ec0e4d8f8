//! The import's pure parts: reading a line, its defaults and refusals, lines from the input,
//! and the linking rule. The database side is tested in server/tests/api/import_orders.rs.

use super::*;
use crate::shared::{FulfillmentStatus, OrderStatus, PaymentStatus};
use chrono::{DateTime, Utc};

fn now() -> DateTime<Utc> {
    "2025-01-02T03:04:05.678Z".parse().unwrap()
}

fn parse(line: &str) -> Result<ParsedOrder, String> {
    line::parse(line, now())
}

fn reason(line: &str) -> String {
    parse(line).expect_err("the line should be refused")
}

const FULL: &str = r#"{"id":"order_01JAX3Z4ZK2F4M3P4Q5R6S7T8V","display_id":1001,"email":" Ada@Example.COM ",
"currency_code":"USD","status":"completed","payment_status":"captured",
"fulfillment_status":"fulfilled","customer_id":"cus_01M82363EKDZQQNAMPA3XGMFKF",
"subtotal":59.98,"shipping_total":"4.99","tax_total":4.81,"discount_total":0,"total":69.78,
"created_at":"2024-03-02T15:30:00.123456+01:00","summary":{"ignored":true},
"items":[{"id":"ordli_1","title":"T-shirt","variant_sku":"TS-M","quantity":2,"unit_price":29.99,
"metadata":{"gift":true},"detail":{"fulfilled_quantity":2}}],
"shipping_address":{"first_name":"Ada","country_code":"GB","city":"London","customer_id":"x"},
"shipping_methods":[{"name":"Standard","amount":4.99,"data":{}}]}"#;

#[test]
fn a_medusa_order_reads_exactly_and_ignores_unknown_keys() {
    let parsed = parse(&FULL.replace('\n', "")).unwrap();
    let order = &parsed.order;
    assert_eq!(order.id.as_str(), "order_01JAX3Z4ZK2F4M3P4Q5R6S7T8V");
    assert_eq!(order.display_id, 1001);
    assert_eq!(order.email.as_deref(), Some("Ada@Example.COM"));
    assert_eq!(parsed.email_normalized.as_deref(), Some("ada@example.com"));
    assert_eq!(
        parsed.customer_hint.as_ref().map(CustomerId::as_str),
        Some("cus_01M82363EKDZQQNAMPA3XGMFKF")
    );
    assert_eq!(order.customer_id, None, "the importer decides the link");
    assert_eq!(order.currency_code.as_str(), "usd");
    assert_eq!(order.status, OrderStatus::Completed);
    assert_eq!(order.payment_status, PaymentStatus::Captured);
    assert_eq!(order.fulfillment_status, FulfillmentStatus::Fulfilled);
    assert_eq!(
        (
            order.totals.subtotal,
            order.totals.shipping_total,
            order.totals.tax_total
        ),
        (5998, 499, 481)
    );
    assert_eq!((order.totals.discount_total, order.totals.total), (0, 6978));
    assert_eq!(order.item_count, 2);
    assert_eq!(
        order.created_at.to_rfc3339(),
        "2024-03-02T14:30:00.123+00:00"
    );
    assert_eq!(order.updated_at, order.created_at);
    let item = &order.items[0];
    assert_eq!(
        (item.id.as_str(), item.title.as_str()),
        ("ordli_1", "T-shirt")
    );
    assert_eq!(
        (item.unit_price, item.subtotal, item.total),
        (2999, 5998, 5998)
    );
    assert_eq!(item.variant_sku.as_deref(), Some("TS-M"));
    let address = order.shipping_address.as_ref().unwrap();
    assert_eq!(address.country_code.as_deref(), Some("gb"));
    assert_eq!(address.id, "ordaddr_01JAX3Z4ZK2F4M3P4Q5R6S7T8V_shipping");
    assert!(order.billing_address.is_none());
    assert_eq!(order.shipping_methods[0].amount, 499);
    assert!(!parsed.is_draft_order);
}

#[test]
fn missing_statuses_and_totals_take_defaults_from_the_items() {
    let parsed = parse(
        r#"{"id":"order_1","display_id":7,"currency_code":"eur","items":[
        {"title":"Mug","quantity":3,"unit_price":"0.10","tax_total":0.06,"discount_total":0.05},
        {"title":"Pen","quantity":1,"unit_price":0.2}],
        "shipping_methods":[{"name":"Post","amount":"2.5"}]}"#,
    )
    .unwrap();
    let order = &parsed.order;
    assert_eq!(order.status, OrderStatus::Pending);
    assert_eq!(order.payment_status, PaymentStatus::NotPaid);
    assert_eq!(order.fulfillment_status, FulfillmentStatus::NotFulfilled);
    assert_eq!(order.items[0].subtotal, 30);
    assert_eq!(order.items[0].total, 31, "30 + 6 tax - 5 discount");
    assert_eq!(
        order.items[1].id, "ordli_1_2",
        "a line without id gets one from its place"
    );
    let totals = order.totals;
    assert_eq!(totals.subtotal, 50, "0.1 × 3 + 0.2, exactly");
    assert_eq!(
        (
            totals.shipping_total,
            totals.tax_total,
            totals.discount_total
        ),
        (250, 6, 5)
    );
    assert_eq!(totals.total, 301);
    assert_eq!(order.item_count, 4);
    assert_eq!(order.created_at, now(), "no created_at: the import's time");
    assert!(order.email.is_none() && parsed.email_normalized.is_none());
}

#[test]
fn currencies_without_or_with_three_decimals_read_their_own_way() {
    let yen = parse(r#"{"id":"order_2","display_id":2,"currency_code":"jpy","total":1200}"#);
    assert_eq!(yen.unwrap().order.totals.total, 1200);
    let dinar = parse(r#"{"id":"order_3","display_id":3,"currency_code":"kwd","total":"1.234"}"#);
    assert_eq!(dinar.unwrap().order.totals.total, 1234);
    assert_eq!(
        reason(r#"{"id":"order_2","display_id":2,"currency_code":"jpy","total":1200.5}"#),
        "total 1200.5 has more than 0 decimal places for its currency (jpy)"
    );
}

#[test]
fn every_kind_of_bad_line_says_what_is_wrong() {
    let cases = [
        ("{\"id\":", "invalid JSON: EOF while parsing a value at column 6"),
        ("[1]", "not a JSON object: each line holds one order object"),
        ("nonsense", "invalid JSON: expected ident at column 2"),
        (
            r#"{"id":"order_1","id":"order_2"}"#,
            "duplicate field `id` at column 20",
        ),
        (r#"{"display_id":1,"currency_code":"usd"}"#, "id is missing"),
        (
            r#"{"id":"ord_1","display_id":1,"currency_code":"usd"}"#,
            "id \"ord_1\" is not an order id (order_ and 1 to 64 letters or digits)",
        ),
        (r#"{"id":"order_1","currency_code":"usd"}"#, "display_id is missing"),
        (
            r#"{"id":"order_1","display_id":0,"currency_code":"usd"}"#,
            "display_id must be a whole number of at least 1, not 0",
        ),
        (
            r#"{"id":"order_1","display_id":"7","currency_code":"usd"}"#,
            "display_id must be a whole number of at least 1, not \"7\"",
        ),
        (r#"{"id":"order_1","display_id":1}"#, "currency_code is missing"),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"dollars"}"#,
            "currency_code \"dollars\" is not a currency code",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","status":"done"}"#,
            "status \"done\" is not one of 'pending', 'completed', 'draft', 'archived', 'canceled', 'requires_action'",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","total":69.785}"#,
            "total 69.785 has more than 2 decimal places for its currency (usd)",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","total":1e3}"#,
            "total 1e3 is not a decimal number (usd)",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","total":true}"#,
            "total must be a number, not true",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","discount_total":-1}"#,
            "discount_total -1 is negative",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","items":[{"title":"A","quantity":0,"unit_price":1}]}"#,
            "items[0].quantity must be a whole number of at least 1, not 0",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","items":[{"title":"A","quantity":1.5,"unit_price":1}]}"#,
            "items[0].quantity must be a whole number of at least 1, not 1.5",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","items":[{"quantity":1,"unit_price":1}]}"#,
            "items[0].title is missing",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","items":[{"title":"A","quantity":1}]}"#,
            "items[0].unit_price is missing",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","items":[{"id":"x","title":"A","quantity":1,"unit_price":1},{"id":"x","title":"B","quantity":1,"unit_price":1}]}"#,
            "items[1].id \"x\" is also the id of items[0]",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","items":{}}"#,
            "items must be an array, not {}",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","shipping_methods":[{"amount":1}]}"#,
            "shipping_methods[0].name is missing",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","shipping_address":{"country_code":"GBR"}}"#,
            "shipping_address.country_code \"GBR\" is not a two-letter country code",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","created_at":"yesterday"}"#,
            "created_at \"yesterday\" is not an RFC 3339 time like 2024-03-02T15:30:00Z",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","email":7}"#,
            "email must be a string, not 7",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","is_draft_order":"no"}"#,
            "is_draft_order must be true or false, not \"no\"",
        ),
        (
            r#"{"id":"order_1","display_id":1,"currency_code":"usd","metadata":[]}"#,
            "metadata must be an object, not []",
        ),
    ];
    for (line, expected) in cases {
        assert_eq!(reason(line), expected, "{line}");
    }
}

#[test]
fn drafts_are_read_either_way_medusa_marks_them() {
    let flagged =
        parse(r#"{"id":"order_1","display_id":1,"currency_code":"usd","is_draft_order":true}"#);
    assert!(flagged.unwrap().is_draft_order);
    let status = parse(r#"{"id":"order_1","display_id":1,"currency_code":"usd","status":"draft"}"#);
    assert_eq!(status.unwrap().order.status, OrderStatus::Draft);
}

#[test]
fn lines_are_read_without_endings_and_overlong_ones_are_skipped_whole() {
    let long = "x".repeat(MAX_LINE_BYTES + 10);
    let input = format!("a\r\nb\n{long}\nc");
    let mut reader = std::io::BufReader::new(input.as_bytes());
    let mut buffer = Vec::new();
    let mut lines = Vec::new();
    while let Some(too_long) = read_line(&mut reader, &mut buffer).unwrap() {
        let text = String::from_utf8(buffer.clone()).unwrap();
        lines.push(if too_long { "<long>".to_owned() } else { text });
        buffer.clear();
    }
    assert_eq!(lines, ["a", "b", "<long>", "c"]);
}

#[test]
fn a_named_live_customer_wins_then_a_registered_email_then_none() {
    let mut parsed = parse(&FULL.replace('\n', "")).unwrap();
    let named = "cus_01M82363EKDZQQNAMPA3XGMFKF".to_owned();
    let by_email = "cus_01M82363EKDZQQNAMPA3XGMFKG".to_owned();
    let live: HashSet<String> = [named.clone()].into();
    let registered: HashMap<String, String> =
        [("ada@example.com".to_owned(), by_email.clone())].into();
    let linked = |p: &ParsedOrder, live: &HashSet<String>| {
        link(p, live, &registered).map(|id| id.as_str().to_owned())
    };
    assert_eq!(linked(&parsed, &live), Some(named));
    assert_eq!(linked(&parsed, &HashSet::new()), Some(by_email));
    parsed.email_normalized = Some("grace@example.com".into());
    assert_eq!(linked(&parsed, &HashSet::new()), None);
}
