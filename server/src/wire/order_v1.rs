//! The order as `GET /store/customers/me/orders` shows it: seed 000's example and Medusa
//! v1's store order, with amounts as integers in the currency's minor unit (`"total": 6978`),
//! as v1 and the seed write them.
//!
//! v1 selects with two parameters (spec §4.4): `fields` names columns and replaces the
//! defaults unless every entry is `+f`/`-f`; `expand` names relations and, when present,
//! replaces the default ones. Names outside the allow-lists are refused with v1's message.
//! `id` and `created_at` are always included.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{
    order::ADDRESS_FIELDS,
    order_nested::{Record, Timestamp},
};
use app::{
    error::{Error, Result},
    services::orders::Include,
    shared::{Currency, Order, OrderAddress, OrderItem},
};

/// Every key, in the order a record shows them (the seed's order, with the extra columns
/// where they fit): columns and, after `currency_code`, the relations.
const KEYS: &[&str] = &[
    "id",
    "display_id",
    "status",
    "payment_status",
    "fulfillment_status",
    "email",
    "currency_code",
    "customer_id",
    "region_id",
    "items",
    "shipping_address",
    "billing_address",
    "subtotal",
    "shipping_total",
    "tax_total",
    "discount_total",
    "total",
    "metadata",
    "canceled_at",
    "created_at",
    "updated_at",
];

const RELATIONS: &[&str] = &["items", "shipping_address", "billing_address"];

const DEFAULT_FIELDS: &[&str] = &[
    "id",
    "display_id",
    "status",
    "payment_status",
    "fulfillment_status",
    "email",
    "currency_code",
    "subtotal",
    "shipping_total",
    "tax_total",
    "discount_total",
    "total",
    "created_at",
    "updated_at",
];

const DEFAULT_RELATIONS: &[&str] = &["items", "shipping_address"];

/// Which of [`KEYS`] a response carries, one bit each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection(u32);

impl Selection {
    fn bit(name: &str) -> Option<u32> {
        KEYS.iter().position(|key| *key == name).map(|i| 1 << i)
    }

    fn of(names: &[&str]) -> u32 {
        names
            .iter()
            .filter_map(|name| Self::bit(name))
            .fold(0, |a, b| a | b)
    }

    pub fn has(self, name: &str) -> bool {
        Self::bit(name).is_some_and(|bit| self.0 & bit != 0)
    }

    /// What the service must load.
    pub fn include(self) -> Include {
        Include {
            items: self.has("items"),
            addresses: self.has("shipping_address") || self.has("billing_address"),
            shipping_methods: false,
        }
    }
}

fn entries(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
}

fn not_valid(names: &[&str]) -> Error {
    Error::InvalidData(format!(
        "Requested fields [{}] are not valid",
        names.join(", ")
    ))
}

/// Resolves `fields` and `expand` (each absent, or its raw value).
pub fn select(fields: Option<&str>, expand: Option<&str>) -> Result<Selection> {
    let is_column = |name: &str| KEYS.contains(&name) && !RELATIONS.contains(&name);
    let mut columns = Selection::of(DEFAULT_FIELDS);
    if let Some(raw) = fields {
        let list: Vec<&str> = entries(raw).collect();
        let names: Vec<&str> = list
            .iter()
            .map(|entry| entry.trim_start_matches(['+', '-']))
            .collect();
        let invalid: Vec<&str> = names.iter().copied().filter(|n| !is_column(n)).collect();
        if !invalid.is_empty() {
            return Err(not_valid(&invalid));
        }
        if list.iter().all(|entry| entry.starts_with(['+', '-'])) {
            for (entry, name) in list.iter().zip(&names) {
                let bit = Selection::of(&[name]);
                if entry.starts_with('-') {
                    columns &= !bit;
                } else {
                    columns |= bit;
                }
            }
        } else {
            columns = Selection::of(&names);
        }
    }
    let relations = match expand {
        None => Selection::of(DEFAULT_RELATIONS),
        Some(raw) => {
            let names: Vec<&str> = entries(raw).collect();
            let invalid: Vec<&str> = names
                .iter()
                .copied()
                .filter(|name| !RELATIONS.contains(name))
                .collect();
            if !invalid.is_empty() {
                return Err(not_valid(&invalid));
            }
            Selection::of(&names)
        }
    };
    Ok(Selection(
        columns | relations | Selection::of(&["id", "created_at"]),
    ))
}

/// `{"orders": […], "count", "offset", "limit"}`.
pub fn list_envelope(
    orders: &[Order],
    count: i64,
    offset: i64,
    limit: i64,
    selection: Selection,
) -> impl Serialize + '_ {
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

struct Orders<'a> {
    orders: &'a [Order],
    selection: Selection,
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

/// One order in the v1 shape.
pub struct View<'a> {
    pub order: &'a Order,
    pub selection: Selection,
}

impl Serialize for View<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let order = self.order;
        let currency = &order.currency_code;
        let totals = &order.totals;
        let mut map = serializer.serialize_map(None)?;
        for (i, key) in KEYS.iter().enumerate() {
            if self.selection.0 & (1 << i) == 0 {
                continue;
            }
            match *key {
                "id" => map.serialize_entry(key, order.id.as_str())?,
                "display_id" => map.serialize_entry(key, &order.display_id)?,
                "status" => map.serialize_entry(key, order.status.as_str())?,
                "payment_status" => map.serialize_entry(key, order.payment_status.as_str())?,
                "fulfillment_status" => {
                    map.serialize_entry(key, order.fulfillment_status.as_str())?
                }
                "email" => map.serialize_entry(key, &order.email)?,
                "currency_code" => map.serialize_entry(key, currency.as_str())?,
                "customer_id" => map.serialize_entry(key, &order.customer_id)?,
                "region_id" => map.serialize_entry(key, &order.region_id)?,
                "items" => map.serialize_entry(key, &Items(order))?,
                "shipping_address" => {
                    map.serialize_entry(key, &address(order.shipping_address.as_ref(), currency))?
                }
                "billing_address" => {
                    map.serialize_entry(key, &address(order.billing_address.as_ref(), currency))?
                }
                "subtotal" => map.serialize_entry(key, &totals.subtotal)?,
                "shipping_total" => map.serialize_entry(key, &totals.shipping_total)?,
                "tax_total" => map.serialize_entry(key, &totals.tax_total)?,
                "discount_total" => map.serialize_entry(key, &totals.discount_total)?,
                "total" => map.serialize_entry(key, &totals.total)?,
                "metadata" => map.serialize_entry(key, &order.metadata)?,
                "canceled_at" => {
                    map.serialize_entry(key, &order.canceled_at.as_ref().map(Timestamp))?
                }
                "created_at" => map.serialize_entry(key, &Timestamp(&order.created_at))?,
                "updated_at" => map.serialize_entry(key, &Timestamp(&order.updated_at))?,
                _ => {}
            }
        }
        map.end()
    }
}

/// An order address: every column (none is an amount).
fn address<'a>(
    address: Option<&'a OrderAddress>,
    currency: &'a Currency,
) -> Option<Record<'a, OrderAddress>> {
    address.map(|a| Record::new(a, currency, None, ADDRESS_FIELDS))
}

/// An order's lines as v1 shows them: `description` for the subtitle, the variant as an
/// object, amounts in minor units.
struct Items<'a>(&'a Order);

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.items.len()))?;
        for item in &self.0.items {
            seq.serialize_element(&Item {
                order: self.0,
                item,
            })?;
        }
        seq.end()
    }
}

struct Item<'a> {
    order: &'a Order,
    item: &'a OrderItem,
}

impl Serialize for Item<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let item = self.item;
        let mut map = serializer.serialize_map(Some(17))?;
        map.serialize_entry("id", &item.id)?;
        map.serialize_entry("order_id", self.order.id.as_str())?;
        map.serialize_entry("title", &item.title)?;
        map.serialize_entry("description", &item.subtitle)?;
        map.serialize_entry("thumbnail", &item.thumbnail)?;
        map.serialize_entry("variant_id", &item.variant_id)?;
        map.serialize_entry("product_id", &item.product_id)?;
        map.serialize_entry("quantity", &item.quantity)?;
        map.serialize_entry("unit_price", &item.unit_price)?;
        map.serialize_entry("subtotal", &item.subtotal)?;
        map.serialize_entry("tax_total", &item.tax_total)?;
        map.serialize_entry("discount_total", &item.discount_total)?;
        map.serialize_entry("total", &item.total)?;
        map.serialize_entry("metadata", &item.metadata)?;
        map.serialize_entry("created_at", &Timestamp(&item.created_at))?;
        map.serialize_entry("updated_at", &Timestamp(&item.updated_at))?;
        map.serialize_entry(
            "variant",
            &item.variant_id.as_ref().map(|id| Variant { id, item }),
        )?;
        map.end()
    }
}

/// v1's `items.variant`, from what the line recorded of it.
struct Variant<'a> {
    id: &'a str,
    item: &'a OrderItem,
}

impl Serialize for Variant<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("id", self.id)?;
        map.serialize_entry("title", &self.item.variant_title)?;
        map.serialize_entry("sku", &self.item.variant_sku)?;
        map.serialize_entry("product_id", &self.item.product_id)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(selection: Selection) -> Vec<&'static str> {
        KEYS.iter()
            .copied()
            .filter(|key| selection.has(key))
            .collect()
    }

    #[test]
    fn the_defaults_are_seed_000s_keys() {
        assert_eq!(
            names(select(None, None).unwrap()),
            [
                "id",
                "display_id",
                "status",
                "payment_status",
                "fulfillment_status",
                "email",
                "currency_code",
                "items",
                "shipping_address",
                "subtotal",
                "shipping_total",
                "tax_total",
                "discount_total",
                "total",
                "created_at",
                "updated_at"
            ]
        );
    }

    #[test]
    fn fields_replace_or_adjust_the_columns_and_expand_the_relations() {
        assert_eq!(
            names(select(Some("total"), Some("")).unwrap()),
            ["id", "total", "created_at"]
        );
        let adjusted = select(Some("+metadata,-email"), Some("billing_address")).unwrap();
        assert!(adjusted.has("metadata") && !adjusted.has("email") && adjusted.has("total"));
        assert!(adjusted.has("billing_address") && !adjusted.has("items"));
        assert!(!adjusted.include().items && adjusted.include().addresses);
    }

    #[test]
    fn names_outside_the_allow_lists_are_refused() {
        let Err(Error::InvalidData(message)) = select(Some("total,secret,items"), None) else {
            panic!("expected an error");
        };
        assert_eq!(message, "Requested fields [secret, items] are not valid");
        let Err(Error::InvalidData(message)) = select(None, Some("items,customer")) else {
            panic!("expected an error");
        };
        assert_eq!(message, "Requested fields [customer] are not valid");
    }
}
