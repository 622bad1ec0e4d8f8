//! The order read model. Orders are placed by the shop's commerce backend and imported here
//! (`server import-orders`); this app shows them to their customer and to staff. Field names
//! follow Medusa's order shape; amounts are minor units of the order's currency (see
//! [`super::money`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

use super::{ids::CustomerId, metadata::Metadata, money::Currency};

/// An order id as the commerce backend issued it: `order_` and 1–64 letters or digits
/// (Medusa's are `order_` + a ULID; the docs' examples use `order_789`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrderId(String);

impl OrderId {
    pub const PREFIX: &'static str = "order";

    pub fn parse(s: &str) -> Option<Self> {
        let rest = s.strip_prefix("order_")?;
        (!rest.is_empty() && rest.len() <= 64 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| Self(s.to_owned()))
    }

    /// A new id in Medusa's form (`order_` + ULID), for orders made here (the demo seed).
    #[cfg(feature = "ssr")]
    pub fn generate() -> Self {
        Self(format!("order_{}", ulid::Ulid::new()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OrderId {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or_else(|| format!("not an order id: {value}"))
    }
}

impl From<OrderId> for String {
    fn from(id: OrderId) -> Self {
        id.0
    }
}

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Declares a closed set of wire strings with a label for people.
macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $wire:literal / $label:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $wire),+ }
            }

            /// How the pages name it.
            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($wire => Some(Self::$variant),)+ _ => None }
            }

            /// The accepted values, for error messages: `'a', 'b'`.
            pub fn expected() -> String {
                Self::ALL.iter().map(|v| format!("'{}'", v.as_str())).collect::<Vec<_>>().join(", ")
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value).ok_or_else(|| format!("expected one of {}", Self::expected()))
            }
        }

        impl From<$name> for &'static str {
            fn from(value: $name) -> Self {
                value.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum!(
    /// Medusa's `order.status`.
    OrderStatus {
        Pending = "pending" / "Pending",
        Completed = "completed" / "Completed",
        Draft = "draft" / "Draft",
        Archived = "archived" / "Archived",
        Canceled = "canceled" / "Canceled",
        RequiresAction = "requires_action" / "Requires action",
    }
);

wire_enum!(
    /// Medusa's `order.payment_status`.
    PaymentStatus {
        NotPaid = "not_paid" / "Not paid",
        Awaiting = "awaiting" / "Awaiting payment",
        Authorized = "authorized" / "Authorized",
        PartiallyAuthorized = "partially_authorized" / "Partially authorized",
        Captured = "captured" / "Paid",
        PartiallyCaptured = "partially_captured" / "Partially paid",
        PartiallyRefunded = "partially_refunded" / "Partially refunded",
        Refunded = "refunded" / "Refunded",
        Canceled = "canceled" / "Canceled",
        RequiresAction = "requires_action" / "Requires action",
    }
);

wire_enum!(
    /// Medusa's `order.fulfillment_status`.
    FulfillmentStatus {
        NotFulfilled = "not_fulfilled" / "Not fulfilled",
        PartiallyFulfilled = "partially_fulfilled" / "Partially fulfilled",
        Fulfilled = "fulfilled" / "Fulfilled",
        PartiallyShipped = "partially_shipped" / "Partially shipped",
        Shipped = "shipped" / "Shipped",
        PartiallyDelivered = "partially_delivered" / "Partially delivered",
        Delivered = "delivered" / "Delivered",
        Canceled = "canceled" / "Canceled",
    }
);

/// An order's money, in minor units of its currency. `subtotal` is the items before tax and
/// discounts; `total` is what the customer pays: subtotal + shipping + tax − discount.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderTotals {
    pub subtotal: i64,
    pub shipping_total: i64,
    pub tax_total: i64,
    pub discount_total: i64,
    pub total: i64,
}

/// One line of an order: what was bought, how many, at what price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderItem {
    /// The backend's line-item id (`ordli_…`), or one made at import when the line had none.
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant_sku: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant_title: Option<String>,
    pub quantity: i64,
    pub unit_price: i64,
    /// `unit_price × quantity`.
    pub subtotal: i64,
    pub tax_total: i64,
    pub discount_total: i64,
    /// `subtotal + tax_total − discount_total`.
    pub total: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A shipping or billing address as it was on the order (a copy: later address-book edits
/// do not change past orders).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderAddress {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

/// How a shipment was charged: the method's name and its price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderShippingMethod {
    pub name: String,
    pub amount: i64,
}

/// An order, with as much of it as the reader asked for: lists leave `items`, addresses and
/// shipping methods empty unless the caller included them. Its JSON (absent fields left out)
/// is also how the read model stores each order (`customer_order.document`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub id: OrderId,
    /// The number people quote ("order #1001").
    pub display_id: i64,
    /// The customer it is linked to (by id in the import, or by its email).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<CustomerId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub currency_code: Currency,
    pub status: OrderStatus,
    pub payment_status: PaymentStatus,
    pub fulfillment_status: FulfillmentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_channel_id: Option<String>,
    pub totals: OrderTotals,
    /// Units bought over all lines (the sum of the quantities).
    pub item_count: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canceled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub items: Vec<OrderItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<OrderAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<OrderAddress>,
    pub shipping_methods: Vec<OrderShippingMethod>,
}

impl Order {
    /// "#1001".
    pub fn number(&self) -> String {
        format!("#{}", self.display_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_ids_take_backend_forms() {
        assert!(OrderId::parse("order_01JAX3Z4ZK2F4M3P4Q5R6S7T8V").is_some());
        assert!(OrderId::parse("order_789").is_some());
        for bad in ["order_", "order", "ord_1", "order_a-b", "order_ä", "cus_1"] {
            assert!(OrderId::parse(bad).is_none(), "{bad}");
        }
        assert!(OrderId::parse(&format!("order_{}", "a".repeat(65))).is_none());
    }

    #[test]
    fn statuses_round_trip_their_wire_strings() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Some(*status));
        }
        for status in PaymentStatus::ALL {
            assert_eq!(PaymentStatus::parse(status.as_str()), Some(*status));
        }
        for status in FulfillmentStatus::ALL {
            assert_eq!(FulfillmentStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(PaymentStatus::Captured.label(), "Paid");
        assert!(OrderStatus::parse("done").is_none());
        assert!(OrderStatus::expected().starts_with("'pending', 'completed'"));
    }
}
