//! The store order, as Medusa 2.x shows it (`GET /store/orders`, `GET /store/orders/{id}`,
//! and inside a customer with `fields=*orders`): amounts are JSON numbers in the currency's
//! major unit (`"total": 69.78`), as Medusa 2.x sends its big numbers.
//!
//! Orders are written straight to the response by `Serialize` implementations that walk the
//! `fields` selection, instead of being built as `serde_json::Value` trees and trimmed: a
//! page of fifty orders with their items would otherwise allocate a map per record twice.
//!
//! Left out on purpose: `summary` (Medusa's payment summary: `paid_total`, `refunded_total`,
//! `pending_difference`, …). The read model keeps an order's payment *status*, not its
//! transactions, so those amounts cannot be stated truthfully; asking for `summary` drops it
//! silently like any field outside the allow-list.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

use super::{
    fields::{Selected, Shape},
    order_nested::{Major, Record, Records, Timestamp},
};
use app::shared::{Order, OrderItem};

/// An order's own keys that `fields` may name, in the order a full record shows them.
const SCALARS: &[&str] = &[
    "id",
    "status",
    "payment_status",
    "fulfillment_status",
    "display_id",
    "custom_display_id",
    "region_id",
    "sales_channel_id",
    "customer_id",
    "email",
    "currency_code",
    "total",
    "subtotal",
    "tax_total",
    "discount_total",
    "shipping_total",
    "item_total",
    "item_subtotal",
    "item_tax_total",
    "metadata",
    "canceled_at",
    "created_at",
    "updated_at",
];

/// A line item's keys (in this order with `*items`).
pub const ITEM_FIELDS: &[&str] = &[
    "id",
    "title",
    "subtitle",
    "thumbnail",
    "variant_id",
    "product_id",
    "variant_sku",
    "variant_title",
    "quantity",
    "unit_price",
    "subtotal",
    "tax_total",
    "discount_total",
    "total",
    "metadata",
    "created_at",
    "updated_at",
];

/// An order address's keys, in Medusa's model order.
pub const ADDRESS_FIELDS: &[&str] = &[
    "id",
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
];

/// What the read model knows of a shipping method.
pub const SHIPPING_METHOD_FIELDS: &[&str] = &["name", "amount"];

const RELATIONS: &[(&str, &[&str])] = &[
    ("items", ITEM_FIELDS),
    ("shipping_address", ADDRESS_FIELDS),
    ("billing_address", ADDRESS_FIELDS),
    ("shipping_methods", SHIPPING_METHOD_FIELDS),
];

/// `GET /store/orders`: Medusa's list defaults, without `summary` (see the module notes).
pub const LIST: Shape = Shape {
    defaults: &[
        "id",
        "status",
        "display_id",
        "custom_display_id",
        "total",
        "currency_code",
        "metadata",
        "created_at",
        "updated_at",
    ],
    scalars: SCALARS,
    relations: RELATIONS,
};

/// `GET /store/orders/{id}`: the ids and statuses, every total the read model holds or can
/// derive exactly, and the items, addresses and shipping methods.
pub const DETAIL: Shape = Shape {
    defaults: &[
        "id",
        "status",
        "payment_status",
        "fulfillment_status",
        "currency_code",
        "display_id",
        "custom_display_id",
        "region_id",
        "email",
        "total",
        "subtotal",
        "tax_total",
        "discount_total",
        "shipping_total",
        "item_total",
        "item_subtotal",
        "item_tax_total",
        "metadata",
        "created_at",
        "updated_at",
        "*items",
        "*shipping_address",
        "*billing_address",
        "*shipping_methods",
    ],
    scalars: SCALARS,
    relations: RELATIONS,
};

/// An order inside a customer (`fields=*orders`): the order's columns and stored totals.
pub const EMBEDDED_FIELDS: &[&str] = &[
    "id",
    "display_id",
    "custom_display_id",
    "region_id",
    "customer_id",
    "sales_channel_id",
    "status",
    "payment_status",
    "fulfillment_status",
    "email",
    "currency_code",
    "total",
    "subtotal",
    "tax_total",
    "discount_total",
    "shipping_total",
    "metadata",
    "canceled_at",
    "created_at",
    "updated_at",
];

/// What the service must load for a selection: derived item totals need the items.
pub fn include_for(selection: &[Selected]) -> app::services::orders::Include {
    let mut include = app::services::orders::Include::default();
    for selected in selection {
        match selected {
            Selected::Field(name) if name.starts_with("item_") => include.items = true,
            Selected::Relation(name, _) => match name.as_str() {
                "items" => include.items = true,
                "shipping_address" | "billing_address" => include.addresses = true,
                "shipping_methods" => include.shipping_methods = true,
                _ => {}
            },
            Selected::Field(_) => {}
        }
    }
    include
}

/// `{"orders": […], "count", "offset", "limit"}`.
pub fn list_envelope<'a>(
    orders: &'a [Order],
    count: i64,
    offset: i64,
    limit: i64,
    selection: &'a [Selected],
) -> impl Serialize + 'a {
    #[derive(serde::Serialize)]
    struct Envelope<'a> {
        orders: Orders<'a>,
        count: i64,
        offset: i64,
        limit: i64,
    }
    Envelope {
        orders: Orders { orders, selection },
        count,
        offset,
        limit,
    }
}

/// `{"order": …}`.
pub fn envelope<'a>(order: &'a Order, selection: &'a [Selected]) -> impl Serialize + 'a {
    #[derive(serde::Serialize)]
    struct Envelope<'a> {
        order: View<'a>,
    }
    Envelope {
        order: View { order, selection },
    }
}

/// The orders of a customer as `fields=*orders` shows them.
pub fn embedded(orders: &[Order]) -> Value {
    let selection: Vec<Selected> = EMBEDDED_FIELDS
        .iter()
        .map(|name| Selected::Field((*name).to_owned()))
        .collect();
    serde_json::to_value(Orders {
        orders,
        selection: &selection,
    })
    .expect("an order serialises to JSON")
}

struct Orders<'a> {
    orders: &'a [Order],
    selection: &'a [Selected],
}

impl Serialize for Orders<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.orders.len()))?;
        for order in self.orders {
            seq.serialize_element(&View {
                order,
                selection: self.selection,
            })?;
        }
        seq.end()
    }
}

/// One order, with the selected keys in selection order.
struct View<'a> {
    order: &'a Order,
    selection: &'a [Selected],
}

impl Serialize for View<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let order = self.order;
        let currency = &order.currency_code;
        let mut map = serializer.serialize_map(None)?;
        for selected in self.selection {
            match selected {
                Selected::Field(name) => order_field(&mut map, order, name)?,
                Selected::Relation(name, columns) => {
                    let columns = columns.as_deref();
                    match name.as_str() {
                        "items" => map.serialize_entry(
                            "items",
                            &Records::new(&order.items, currency, columns, ITEM_FIELDS),
                        )?,
                        "shipping_address" => map.serialize_entry(
                            "shipping_address",
                            &order
                                .shipping_address
                                .as_ref()
                                .map(|a| Record::new(a, currency, columns, ADDRESS_FIELDS)),
                        )?,
                        "billing_address" => map.serialize_entry(
                            "billing_address",
                            &order
                                .billing_address
                                .as_ref()
                                .map(|a| Record::new(a, currency, columns, ADDRESS_FIELDS)),
                        )?,
                        "shipping_methods" => map.serialize_entry(
                            "shipping_methods",
                            &Records::new(
                                &order.shipping_methods,
                                currency,
                                columns,
                                SHIPPING_METHOD_FIELDS,
                            ),
                        )?,
                        _ => {}
                    }
                }
            }
        }
        map.end()
    }
}

fn order_field<M: SerializeMap>(map: &mut M, order: &Order, name: &str) -> Result<(), M::Error> {
    let currency = &order.currency_code;
    let totals = &order.totals;
    let sum = |amount: fn(&OrderItem) -> i64| order.items.iter().map(amount).sum::<i64>();
    match name {
        "id" => map.serialize_entry(name, order.id.as_str()),
        "status" => map.serialize_entry(name, order.status.as_str()),
        "payment_status" => map.serialize_entry(name, order.payment_status.as_str()),
        "fulfillment_status" => map.serialize_entry(name, order.fulfillment_status.as_str()),
        "display_id" => map.serialize_entry(name, &order.display_id),
        "custom_display_id" => map.serialize_entry(name, &()),
        "region_id" => map.serialize_entry(name, &order.region_id),
        "sales_channel_id" => map.serialize_entry(name, &order.sales_channel_id),
        "customer_id" => map.serialize_entry(name, &order.customer_id),
        "email" => map.serialize_entry(name, &order.email),
        "currency_code" => map.serialize_entry(name, currency.as_str()),
        "total" => map.serialize_entry(name, &Major(totals.total, currency)),
        "subtotal" => map.serialize_entry(name, &Major(totals.subtotal, currency)),
        "tax_total" => map.serialize_entry(name, &Major(totals.tax_total, currency)),
        "discount_total" => map.serialize_entry(name, &Major(totals.discount_total, currency)),
        "shipping_total" => map.serialize_entry(name, &Major(totals.shipping_total, currency)),
        "item_total" => map.serialize_entry(name, &Major(sum(|i| i.total), currency)),
        "item_subtotal" => map.serialize_entry(name, &Major(sum(|i| i.subtotal), currency)),
        "item_tax_total" => map.serialize_entry(name, &Major(sum(|i| i.tax_total), currency)),
        "metadata" => map.serialize_entry(name, &order.metadata),
        "canceled_at" => map.serialize_entry(name, &order.canceled_at.as_ref().map(Timestamp)),
        "created_at" => map.serialize_entry(name, &Timestamp(&order.created_at)),
        "updated_at" => map.serialize_entry(name, &Timestamp(&order.updated_at)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::fields;
    use app::shared::{
        Currency, FulfillmentStatus, OrderId, OrderStatus, OrderTotals, PaymentStatus,
    };
    use serde_json::json;

    pub(crate) fn sample(currency: &str) -> Order {
        let at = chrono::DateTime::parse_from_rfc3339("2024-03-02T15:30:00.000Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let item = |id: &str, quantity: i64, unit_price: i64, tax_total: i64| OrderItem {
            id: id.into(),
            title: format!("Item {id}"),
            subtitle: None,
            thumbnail: None,
            variant_id: Some("variant_1".into()),
            product_id: None,
            variant_sku: Some("SKU-1".into()),
            variant_title: None,
            quantity,
            unit_price,
            subtotal: quantity * unit_price,
            tax_total,
            discount_total: 0,
            total: quantity * unit_price + tax_total,
            metadata: None,
            created_at: at,
            updated_at: at,
        };
        Order {
            id: OrderId::parse("order_789").unwrap(),
            display_id: 1001,
            customer_id: None,
            email: Some("customer@example.com".into()),
            currency_code: Currency::parse(currency).unwrap(),
            status: OrderStatus::Completed,
            payment_status: PaymentStatus::Captured,
            fulfillment_status: FulfillmentStatus::Fulfilled,
            region_id: None,
            sales_channel_id: None,
            totals: OrderTotals {
                subtotal: 5998,
                shipping_total: 500,
                tax_total: 480,
                discount_total: 0,
                total: 6978,
            },
            item_count: 3,
            metadata: None,
            canceled_at: None,
            created_at: at,
            updated_at: at,
            items: vec![item("ordli_1", 2, 1999, 320), item("ordli_2", 1, 2000, 160)],
            shipping_address: None,
            billing_address: None,
            shipping_methods: Vec::new(),
        }
    }

    fn render(order: &Order, shape: &Shape, raw: Option<&str>) -> Value {
        let selection = fields::select(raw, shape).unwrap();
        serde_json::to_value(envelope(order, &selection)).unwrap()["order"].take()
    }

    #[test]
    fn the_list_shape_has_medusas_keys_and_major_units() {
        let body = render(&sample("usd"), &LIST, None);
        let keys: Vec<&str> = body
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, LIST.defaults);
        assert_eq!(body["total"], json!(69.78));
        assert_eq!(body["custom_display_id"], Value::Null);
        assert_eq!(body["created_at"], "2024-03-02T15:30:00.000Z");
    }

    #[test]
    fn whole_amounts_have_no_fraction_and_currencies_keep_their_decimals() {
        let mut order = sample("jpy");
        order.totals.total = 1200;
        assert_eq!(render(&order, &LIST, None)["total"].to_string(), "1200");
        let mut order = sample("usd");
        order.totals.total = 1200;
        assert_eq!(render(&order, &LIST, None)["total"].to_string(), "12");
        let mut order = sample("kwd");
        order.totals.total = 1234;
        assert_eq!(render(&order, &LIST, None)["total"].to_string(), "1.234");
    }

    #[test]
    fn item_totals_are_sums_of_the_lines() {
        let body = render(&sample("usd"), &DETAIL, None);
        assert_eq!(body["item_subtotal"], json!(59.98));
        assert_eq!(body["item_tax_total"], json!(4.8));
        assert_eq!(body["item_total"], json!(64.78));
        assert_eq!(body["items"][0]["unit_price"], json!(19.99));
        assert_eq!(body["items"][0]["total"], json!(43.18));
        assert_eq!(body["shipping_address"], Value::Null);
        assert_eq!(body["shipping_methods"], json!([]));
    }

    #[test]
    fn fields_pick_relation_columns_and_drop_what_is_not_allowed() {
        let body = render(&sample("usd"), &LIST, Some("items.title,summary,nosuch"));
        assert_eq!(
            body,
            json!({"id": "order_789", "items": [
                {"id": "ordli_1", "title": "Item ordli_1"},
                {"id": "ordli_2", "title": "Item ordli_2"},
            ]})
        );
        let body = render(&sample("usd"), &LIST, Some("+payment_status,-metadata"));
        assert_eq!(body["payment_status"], "captured");
        assert!(body.get("metadata").is_none());
    }

    #[test]
    fn what_to_load_follows_the_selection() {
        let include = include_for(&fields::select(None, &LIST).unwrap());
        assert!(!include.items && !include.addresses && !include.shipping_methods);
        let include = include_for(&fields::select(Some("+item_total"), &LIST).unwrap());
        assert!(include.items && !include.addresses);
        let include = include_for(&fields::select(None, &DETAIL).unwrap());
        assert!(include.items && include.addresses && include.shipping_methods);
    }
}
