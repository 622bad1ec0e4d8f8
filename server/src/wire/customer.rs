//! The store customer, as Medusa 2.x shows it (and, for the v1 routes, with v1's extras).

use serde_json::{json, Map, Value};

use super::{
    address::{self, embedded},
    fields::{self, Selected, Shape},
    metadata, optional_timestamp, order, timestamp,
};
use app::shared::{Customer, IssueKind, Order};

/// Store customer keys, in Medusa's order.
pub const STORE: Shape = Shape {
    defaults: &[
        "id",
        "email",
        "company_name",
        "first_name",
        "last_name",
        "phone",
        "metadata",
        "has_account",
        "deleted_at",
        "created_at",
        "updated_at",
        "*addresses",
    ],
    scalars: &[
        "id",
        "email",
        "company_name",
        "first_name",
        "last_name",
        "phone",
        "metadata",
        "has_account",
        "deleted_at",
        "created_at",
        "updated_at",
    ],
    // `*addresses` shows every model column; `addresses.<field>` may pick a store field.
    // `orders` has no columns to pick: Medusa takes it only whole (see `select_store`).
    relations: &[("addresses", address::FIELDS), ("orders", &[])],
};

/// Resolves `fields` for a store customer. The customer's orders come only with `*orders`
/// (or `orders.*`): Medusa drops a bare `orders` and `orders.<column>` (spec §1.2).
pub fn select_store(raw: Option<&str>) -> Result<Vec<Selected>, IssueKind> {
    let mut selection = fields::select(raw, &STORE)?;
    let starred = raw.is_some_and(|raw| {
        raw.split(',')
            .any(|entry| matches!(entry.trim().trim_start_matches('+'), "*orders" | "orders.*"))
    });
    if !starred {
        selection.retain(|selected| !is_orders(selected));
    }
    Ok(selection)
}

fn is_orders(selected: &Selected) -> bool {
    matches!(selected, Selected::Relation(name, _) if name == "orders")
}

/// Whether a selection shows the customer's orders (which then have to be loaded).
pub fn wants_orders(selection: &[Selected]) -> bool {
    selection.iter().any(is_orders)
}

/// Every key a store customer can show.
fn full(customer: &Customer) -> Map<String, Value> {
    let value = json!({
        "id": customer.id,
        "email": customer.email,
        "company_name": customer.company_name,
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "phone": customer.phone,
        "metadata": metadata(customer.metadata.as_ref()),
        "has_account": customer.has_account,
        "deleted_at": optional_timestamp(customer.deleted_at.as_ref()),
        "created_at": timestamp(&customer.created_at),
        "updated_at": timestamp(&customer.updated_at),
        "addresses": customer.addresses.iter().map(embedded).collect::<Vec<_>>(),
    });
    match value {
        Value::Object(map) => map,
        _ => unreachable!("json! of an object literal is an object"),
    }
}

/// `{"customer": …}` for the store API, trimmed to `selection`.
pub fn store_envelope(customer: &Customer, selection: &[Selected]) -> Value {
    json!({ "customer": Value::Object(fields::project(&full(customer), selection)) })
}

/// The same, with the customer's orders for a selection that [`wants_orders`].
pub fn store_envelope_with_orders(
    customer: &Customer,
    orders: &[Order],
    selection: &[Selected],
) -> Value {
    let mut full = full(customer);
    full.insert("orders".into(), order::embedded(orders));
    json!({ "customer": Value::Object(fields::project(&full, selection)) })
}

/// `{"customer": …}` for Medusa v1 clients: the v2 default keys plus v1's
/// `billing_address_id`, `billing_address` (the default billing address) and
/// `shipping_addresses`.
pub fn store_v1_envelope(customer: &Customer) -> Value {
    let mut body = full(customer);
    let billing = customer.default_billing_address();
    body.insert(
        "billing_address_id".into(),
        billing.map_or(Value::Null, |a| json!(a.id)),
    );
    body.insert(
        "billing_address".into(),
        billing.map_or(Value::Null, embedded),
    );
    body.insert(
        "shipping_addresses".into(),
        Value::Array(customer.addresses.iter().map(embedded).collect()),
    );
    json!({ "customer": body })
}
