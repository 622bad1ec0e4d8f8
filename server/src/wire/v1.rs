//! Medusa v1's store shapes (seeds 001, 002; spec §3): the customer with its
//! `billing_address_id`, `billing_address`, `shipping_addresses` and, where a route loads
//! them, `orders`; v1's address; and v1's validation wording (class-validator's
//! `email must be an email`), for the routes only v1 has.
//!
//! v1 had one billing address per customer (`billing_address_id`) and a list of shipping
//! addresses; our address book has flags instead. The default billing address is v1's
//! billing address, and every address of the book is one of v1's shipping addresses.

use serde_json::{json, Map, Value};

use super::{metadata, optional_timestamp, order_v1, timestamp};
use app::{
    error::Error,
    shared::{Address, Customer, Issue, IssueKind, Order},
};

/// A v1 address: v1's columns, in v1's order. The v2 extras (`address_name`, the default
/// flags) are left out: v1 says which address is the billing one with `billing_address_id`.
pub fn address(address: &Address) -> Value {
    json!({
        "id": address.id,
        "customer_id": address.customer_id,
        "company": address.company,
        "first_name": address.first_name,
        "last_name": address.last_name,
        "address_1": address.address_1,
        "address_2": address.address_2,
        "city": address.city,
        "province": address.province,
        "postal_code": address.postal_code,
        "phone": address.phone,
        "created_at": timestamp(&address.created_at),
        "updated_at": timestamp(&address.updated_at),
        "deleted_at": optional_timestamp(address.deleted_at.as_ref()),
        "country_code": address.country_code,
        "metadata": metadata(address.metadata.as_ref()),
    })
}

/// A v1 customer: v1's default fields in v1's order, then its default relations
/// (`billing_address`, `shipping_addresses`), then `orders` when given (newest first, each
/// with its items, amounts in minor units as v1 writes them).
///
/// v2's `company_name` and `addresses` are not repeated here: v1 has no company name, and
/// `shipping_addresses` already lists every address.
pub fn customer(customer: &Customer, orders: Option<&[Order]>) -> Value {
    let billing = customer.default_billing_address();
    let mut body = Map::new();
    body.insert("id".into(), json!(customer.id));
    body.insert("email".into(), json!(customer.email));
    body.insert("first_name".into(), json!(customer.first_name));
    body.insert("last_name".into(), json!(customer.last_name));
    body.insert(
        "billing_address_id".into(),
        billing.map_or(Value::Null, |a| json!(a.id)),
    );
    body.insert("phone".into(), json!(customer.phone));
    body.insert("has_account".into(), json!(customer.has_account));
    body.insert("created_at".into(), timestamp(&customer.created_at));
    body.insert("updated_at".into(), timestamp(&customer.updated_at));
    body.insert(
        "deleted_at".into(),
        optional_timestamp(customer.deleted_at.as_ref()),
    );
    body.insert("metadata".into(), metadata(customer.metadata.as_ref()));
    body.insert(
        "billing_address".into(),
        billing.map_or(Value::Null, address),
    );
    body.insert(
        "shipping_addresses".into(),
        Value::Array(customer.addresses.iter().map(address).collect()),
    );
    if let Some(orders) = orders {
        body.insert("orders".into(), orders_with_items(orders));
    }
    Value::Object(body)
}

/// `{"customer": …}` in the v1 shape.
pub fn customer_envelope(customer: &Customer, orders: Option<&[Order]>) -> Value {
    json!({ "customer": self::customer(customer, orders) })
}

/// Orders as v1's `POST /store/auth` loads them (relations `orders`, `orders.items`): the
/// v1 order's default columns and its items.
fn orders_with_items(orders: &[Order]) -> Value {
    let selection = order_v1::select(None, Some("items")).expect("`items` is a v1 order relation");
    Value::Array(
        orders
            .iter()
            .map(|order| {
                serde_json::to_value(order_v1::View { order, selection })
                    .expect("an order serializes")
            })
            .collect(),
    )
}

/// A validation error in v1's wording: class-validator's sentence per problem, joined by
/// `", "` (`email must be an email, property foo should not exist`). Other errors pass
/// unchanged.
pub fn worded(error: Error) -> Error {
    match error {
        Error::Validation(issues) => Error::InvalidData(
            issues
                .iter()
                .map(issue_message)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        other => other,
    }
}

fn issue_message(issue: &Issue) -> String {
    let field = &issue.field;
    match &issue.kind {
        IssueKind::Required => format!("{field} should not be empty"),
        IssueKind::WrongType { expected, .. } => match expected.as_str() {
            "object" | "record" => format!("{field} must be an object"),
            "boolean" => format!("{field} must be a boolean value"),
            "number" => format!("{field} must be a number"),
            _ => format!("{field} must be a string"),
        },
        IssueKind::InvalidEmail => format!("{field} must be an email"),
        IssueKind::InvalidPhone => format!("{field} must be a valid phone number"),
        IssueKind::InvalidCharacters => format!("{field} must not contain control characters"),
        IssueKind::TooShort { min } => {
            format!("{field} must be longer than or equal to {min} characters")
        }
        IssueKind::TooLong { max } => {
            format!("{field} must be shorter than or equal to {max} characters")
        }
        IssueKind::Unrecognized => format!("property {field} should not exist"),
        IssueKind::Other(message) => message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::shared::{AddressId, CustomerId};

    fn at() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339("2026-11-22T16:59:44.467Z")
            .unwrap()
            .with_timezone(&chrono::Utc)
    }

    fn an_address(billing: bool) -> Address {
        Address {
            id: AddressId::generate(),
            customer_id: CustomerId::parse("cus_01M82363EKDZQQNAMPA3XGMFKF").unwrap(),
            address_name: Some("Home".into()),
            is_default_shipping: false,
            is_default_billing: billing,
            company: None,
            first_name: Some("Ada".into()),
            last_name: None,
            address_1: None,
            address_2: None,
            city: Some("Oslo".into()),
            country_code: Some("no".into()),
            province: None,
            postal_code: None,
            phone: None,
            metadata: None,
            created_at: at(),
            updated_at: at(),
            deleted_at: None,
        }
    }

    fn a_customer(addresses: Vec<Address>) -> Customer {
        Customer {
            id: CustomerId::parse("cus_01M82363EKDZQQNAMPA3XGMFKF").unwrap(),
            email: Some("tony@start.com".into()),
            company_name: Some("Stark".into()),
            first_name: Some("Tony".into()),
            last_name: None,
            phone: None,
            metadata: None,
            has_account: true,
            created_by: None,
            created_at: at(),
            updated_at: at(),
            deleted_at: None,
            addresses,
            groups: Vec::new(),
        }
    }

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn the_customer_has_v1_keys_in_v1_order() {
        let body = customer(&a_customer(vec![]), None);
        assert_eq!(
            keys(&body),
            [
                "id",
                "email",
                "first_name",
                "last_name",
                "billing_address_id",
                "phone",
                "has_account",
                "created_at",
                "updated_at",
                "deleted_at",
                "metadata",
                "billing_address",
                "shipping_addresses",
            ]
        );
        assert_eq!(body["billing_address"], Value::Null);
        assert_eq!(body["shipping_addresses"], json!([]));
        let with_orders = customer(&a_customer(vec![]), Some(&[]));
        assert_eq!(with_orders["orders"], json!([]));
    }

    #[test]
    fn the_default_billing_address_is_v1s_billing_address() {
        let billing = an_address(true);
        let body = customer(&a_customer(vec![an_address(false), billing.clone()]), None);
        assert_eq!(body["billing_address_id"], json!(billing.id));
        assert_eq!(body["billing_address"]["id"], json!(billing.id));
        assert_eq!(body["shipping_addresses"].as_array().unwrap().len(), 2);
        let address_keys = keys(&body["billing_address"]);
        assert_eq!(address_keys.first(), Some(&"id"));
        assert_eq!(address_keys.last(), Some(&"metadata"));
        assert!(!address_keys.contains(&"is_default_billing"));
        assert_eq!(
            body["billing_address"]["created_at"],
            "2026-11-22T16:59:44.467Z"
        );
    }

    #[test]
    fn validation_errors_read_like_class_validator() {
        let error = worded(Error::Validation(vec![
            Issue::new("email", IssueKind::InvalidEmail),
            Issue::new(
                "password",
                IssueKind::WrongType {
                    expected: "string".into(),
                    got: "42".into(),
                },
            ),
            Issue::new("password", IssueKind::TooShort { min: 8 }),
            Issue::new("foo", IssueKind::Unrecognized),
        ]));
        let Error::InvalidData(message) = error else {
            panic!("expected invalid data");
        };
        assert_eq!(
            message,
            "email must be an email, password must be a string, \
             password must be longer than or equal to 8 characters, \
             property foo should not exist"
        );
        assert!(matches!(
            worded(Error::Unauthenticated),
            Error::Unauthenticated
        ));
    }
}
