//! The order tables' rows as the database returns them — one JSON document per order, with
//! its items and addresses nested (see [`super::json`]) — and their conversion into the read
//! model. A value the model cannot hold (an unknown status, a malformed id) is reported as a
//! decode error: the importer validates everything it writes, so it means a corrupt row.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use sqlx::types::Json;

use super::AddressKind;
use crate::shared::{
    Currency, CustomerId, FulfillmentStatus, Metadata, Order, OrderAddress, OrderId, OrderItem,
    OrderShippingMethod, OrderStatus, OrderTotals, PaymentStatus,
};

fn corrupt(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("malformed {what} in the order tables: {value:?}").into())
}

fn order_id(value: &str) -> Result<OrderId, sqlx::Error> {
    OrderId::parse(value).ok_or_else(|| corrupt("order id", value))
}

#[derive(Deserialize)]
pub(super) struct OrderRow {
    id: String,
    display_id: i64,
    customer_id: Option<String>,
    email: Option<String>,
    currency_code: String,
    status: String,
    payment_status: String,
    fulfillment_status: String,
    region_id: Option<String>,
    sales_channel_id: Option<String>,
    subtotal: i64,
    shipping_total: i64,
    tax_total: i64,
    discount_total: i64,
    total: i64,
    item_count: i64,
    shipping_methods: Json<Vec<OrderShippingMethod>>,
    metadata: Option<Json<Metadata>>,
    canceled_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    /// In line order; absent when not asked for.
    #[serde(default)]
    items: Vec<ItemRow>,
    #[serde(default)]
    addresses: Vec<AddressRow>,
}

impl OrderRow {
    pub(super) fn into_order(self) -> Result<Order, sqlx::Error> {
        let customer_id = match self.customer_id {
            Some(id) => Some(CustomerId::parse(&id).ok_or_else(|| corrupt("customer id", &id))?),
            None => None,
        };
        let mut order = Order {
            id: order_id(&self.id)?,
            display_id: self.display_id,
            customer_id,
            email: self.email,
            currency_code: Currency::parse(&self.currency_code)
                .ok_or_else(|| corrupt("currency", &self.currency_code))?,
            status: OrderStatus::parse(&self.status)
                .ok_or_else(|| corrupt("status", &self.status))?,
            payment_status: PaymentStatus::parse(&self.payment_status)
                .ok_or_else(|| corrupt("payment status", &self.payment_status))?,
            fulfillment_status: FulfillmentStatus::parse(&self.fulfillment_status)
                .ok_or_else(|| corrupt("fulfillment status", &self.fulfillment_status))?,
            region_id: self.region_id,
            sales_channel_id: self.sales_channel_id,
            totals: OrderTotals {
                subtotal: self.subtotal,
                shipping_total: self.shipping_total,
                tax_total: self.tax_total,
                discount_total: self.discount_total,
                total: self.total,
            },
            item_count: self.item_count,
            metadata: self.metadata.map(|Json(metadata)| metadata),
            canceled_at: self.canceled_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
            items: Vec::new(),
            shipping_address: None,
            billing_address: None,
            shipping_methods: self.shipping_methods.0,
        };
        order.items = self.items.into_iter().map(ItemRow::into_item).collect();
        for row in self.addresses {
            let (kind, address) = row.into_address()?;
            match kind {
                AddressKind::Shipping => order.shipping_address = Some(address),
                AddressKind::Billing => order.billing_address = Some(address),
            }
        }
        Ok(order)
    }
}

#[derive(Deserialize)]
pub(super) struct ItemRow {
    id: String,
    title: String,
    subtitle: Option<String>,
    thumbnail: Option<String>,
    variant_id: Option<String>,
    product_id: Option<String>,
    variant_sku: Option<String>,
    variant_title: Option<String>,
    quantity: i64,
    unit_price: i64,
    subtotal: i64,
    tax_total: i64,
    discount_total: i64,
    total: i64,
    metadata: Option<Json<Metadata>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl ItemRow {
    fn into_item(self) -> OrderItem {
        OrderItem {
            id: self.id,
            title: self.title,
            subtitle: self.subtitle,
            thumbnail: self.thumbnail,
            variant_id: self.variant_id,
            product_id: self.product_id,
            variant_sku: self.variant_sku,
            variant_title: self.variant_title,
            quantity: self.quantity,
            unit_price: self.unit_price,
            subtotal: self.subtotal,
            tax_total: self.tax_total,
            discount_total: self.discount_total,
            total: self.total,
            metadata: self.metadata.map(|Json(metadata)| metadata),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

#[derive(Deserialize)]
pub(super) struct AddressRow {
    kind: String,
    id: String,
    first_name: Option<String>,
    last_name: Option<String>,
    company: Option<String>,
    address_1: Option<String>,
    address_2: Option<String>,
    city: Option<String>,
    province: Option<String>,
    postal_code: Option<String>,
    country_code: Option<String>,
    phone: Option<String>,
    metadata: Option<Json<Metadata>>,
}

impl AddressRow {
    fn into_address(self) -> Result<(AddressKind, OrderAddress), sqlx::Error> {
        let kind = match self.kind.as_str() {
            "shipping" => AddressKind::Shipping,
            "billing" => AddressKind::Billing,
            other => return Err(corrupt("address kind", other)),
        };
        let address = OrderAddress {
            id: self.id,
            first_name: self.first_name,
            last_name: self.last_name,
            company: self.company,
            address_1: self.address_1,
            address_2: self.address_2,
            city: self.city,
            province: self.province,
            postal_code: self.postal_code,
            country_code: self.country_code,
            phone: self.phone,
            metadata: self.metadata.map(|Json(metadata)| metadata),
        };
        Ok((kind, address))
    }
}
