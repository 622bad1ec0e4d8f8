//! One line of an import file: a Medusa v2 order object, read into the order read model or
//! refused with a reason a person can act on ("items[1].quantity must be a whole number of
//! at least 1"). Amounts arrive in major units, as JSON numbers (`69.78`) or strings
//! (`"69.78"`); their text is read exactly (never through a float) into minor units. Keys we
//! do not use are ignored: Medusa's orders carry many more.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::fields::{amount, array, metadata, one_of, required_amount, text, timestamp, Raw};
use crate::shared::{
    Currency, CustomerId, FulfillmentStatus, Order, OrderAddress, OrderId, OrderItem,
    OrderShippingMethod, OrderStatus, OrderTotals, PaymentStatus,
};

/// A valid order line, ready to link and write.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedOrder {
    /// `customer_id` is `None`: the importer decides the link (see [`super`]).
    pub order: Order,
    pub is_draft_order: bool,
    /// The email trimmed and lower-cased, as customers' emails are compared.
    pub email_normalized: Option<String>,
    /// The line's own `customer_id`, when it has the form of one of ours.
    pub customer_hint: Option<CustomerId>,
}

#[derive(Deserialize)]
#[serde(expecting = "an order object")]
struct RawOrder {
    id: Option<Value>,
    display_id: Option<Value>,
    customer_id: Option<Value>,
    email: Option<Value>,
    currency_code: Option<Value>,
    status: Option<Value>,
    payment_status: Option<Value>,
    fulfillment_status: Option<Value>,
    is_draft_order: Option<Value>,
    region_id: Option<Value>,
    sales_channel_id: Option<Value>,
    subtotal: Raw,
    shipping_total: Raw,
    tax_total: Raw,
    discount_total: Raw,
    total: Raw,
    metadata: Option<Value>,
    canceled_at: Option<Value>,
    created_at: Option<Value>,
    updated_at: Option<Value>,
    items: Raw,
    shipping_address: Option<Value>,
    billing_address: Option<Value>,
    shipping_methods: Raw,
}

#[derive(Deserialize)]
#[serde(expecting = "an item object")]
struct RawItem {
    id: Option<Value>,
    title: Option<Value>,
    subtitle: Option<Value>,
    thumbnail: Option<Value>,
    variant_id: Option<Value>,
    product_id: Option<Value>,
    variant_sku: Option<Value>,
    variant_title: Option<Value>,
    quantity: Option<Value>,
    unit_price: Raw,
    subtotal: Raw,
    tax_total: Raw,
    discount_total: Raw,
    total: Raw,
    metadata: Option<Value>,
}

#[derive(Deserialize)]
#[serde(expecting = "a shipping method object")]
struct RawShippingMethod {
    name: Option<Value>,
    amount: Raw,
}

/// serde_json's message without its position on the (single) line.
fn json_message(error: &serde_json::Error) -> String {
    error
        .to_string()
        .replace(" at line 1 column ", " at column ")
}

/// Reads one line. `now` stands in for a missing `created_at`.
pub fn parse(line: &str, now: DateTime<Utc>) -> Result<ParsedOrder, String> {
    if !line.trim_start().starts_with('{') {
        return Err(match serde_json::from_str::<serde::de::IgnoredAny>(line) {
            Ok(_) => "not a JSON object: each line holds one order object".into(),
            Err(error) => format!("invalid JSON: {}", json_message(&error)),
        });
    }
    let raw: RawOrder = serde_json::from_str(line).map_err(|error| {
        if error.is_data() {
            json_message(&error)
        } else {
            format!("invalid JSON: {}", json_message(&error))
        }
    })?;
    let id = match text(raw.id.as_ref(), "id")? {
        None => return Err("id is missing".into()),
        Some(id) => OrderId::parse(&id).ok_or_else(|| {
            format!("id {id:?} is not an order id (order_ and 1 to 64 letters or digits)")
        })?,
    };
    let display_id = match raw.display_id.as_ref() {
        None | Some(Value::Null) => return Err("display_id is missing".into()),
        Some(value) => value.as_i64().filter(|n| *n >= 1).ok_or_else(|| {
            format!("display_id must be a whole number of at least 1, not {value}")
        })?,
    };
    let currency = match text(raw.currency_code.as_ref(), "currency_code")? {
        None => return Err("currency_code is missing".into()),
        Some(code) => Currency::parse(&code)
            .ok_or_else(|| format!("currency_code {code:?} is not a currency code"))?,
    };
    let status = one_of(
        raw.status.as_ref(),
        "status",
        OrderStatus::Pending,
        OrderStatus::parse,
        OrderStatus::expected,
    )?;
    let payment_status = one_of(
        raw.payment_status.as_ref(),
        "payment_status",
        PaymentStatus::NotPaid,
        PaymentStatus::parse,
        PaymentStatus::expected,
    )?;
    let fulfillment_status = one_of(
        raw.fulfillment_status.as_ref(),
        "fulfillment_status",
        FulfillmentStatus::NotFulfilled,
        FulfillmentStatus::parse,
        FulfillmentStatus::expected,
    )?;
    let is_draft_order = match raw.is_draft_order.as_ref() {
        None | Some(Value::Null) => false,
        Some(Value::Bool(draft)) => *draft,
        Some(other) => return Err(format!("is_draft_order must be true or false, not {other}")),
    };
    let email = text(raw.email.as_ref(), "email")?
        .map(|email| email.trim().to_owned())
        .filter(|email| !email.is_empty());
    let email_normalized = email.as_deref().map(str::to_ascii_lowercase);
    let customer_hint =
        text(raw.customer_id.as_ref(), "customer_id")?.and_then(|id| CustomerId::parse(&id));
    let created_at = timestamp(raw.created_at.as_ref(), "created_at")?.unwrap_or(now);
    let updated_at = timestamp(raw.updated_at.as_ref(), "updated_at")?.unwrap_or(created_at);

    let items = items(&raw.items, &id, &currency, created_at, updated_at)?;
    let shipping_methods = shipping_methods(&raw.shipping_methods, &currency)?;
    let sum = |f: fn(&OrderItem) -> i64| -> Result<i64, String> {
        items
            .iter()
            .try_fold(0_i64, |total, item| total.checked_add(f(item)))
            .ok_or_else(|| "the items' amounts add up to more than we can hold".to_owned())
    };
    let subtotal =
        amount(&raw.subtotal, "subtotal", &currency)?.map_or_else(|| sum(|i| i.subtotal), Ok)?;
    let tax_total =
        amount(&raw.tax_total, "tax_total", &currency)?.map_or_else(|| sum(|i| i.tax_total), Ok)?;
    let discount_total = amount(&raw.discount_total, "discount_total", &currency)?
        .map_or_else(|| sum(|i| i.discount_total), Ok)?;
    let shipping_total = amount(&raw.shipping_total, "shipping_total", &currency)?.map_or_else(
        || {
            shipping_methods
                .iter()
                .try_fold(0_i64, |total, method| total.checked_add(method.amount))
                .ok_or_else(|| "the shipping amounts add up to more than we can hold".to_owned())
        },
        Ok,
    )?;
    let total = amount(&raw.total, "total", &currency)?.map_or_else(
        || {
            subtotal
                .checked_add(shipping_total)
                .and_then(|t| t.checked_add(tax_total))
                .and_then(|t| t.checked_sub(discount_total))
                .ok_or_else(|| "the total is more than we can hold".to_owned())
        },
        Ok,
    )?;
    let item_count = items
        .iter()
        .try_fold(0_i64, |count, item| count.checked_add(item.quantity))
        .ok_or_else(|| "the quantities add up to more than we can hold".to_owned())?;

    let order = Order {
        shipping_address: address(raw.shipping_address.as_ref(), "shipping_address", &id)?,
        billing_address: address(raw.billing_address.as_ref(), "billing_address", &id)?,
        id,
        display_id,
        customer_id: None,
        email,
        currency_code: currency,
        status,
        payment_status,
        fulfillment_status,
        region_id: text(raw.region_id.as_ref(), "region_id")?,
        sales_channel_id: text(raw.sales_channel_id.as_ref(), "sales_channel_id")?,
        totals: OrderTotals {
            subtotal,
            shipping_total,
            tax_total,
            discount_total,
            total,
        },
        item_count,
        metadata: metadata(raw.metadata.as_ref(), "metadata")?,
        canceled_at: timestamp(raw.canceled_at.as_ref(), "canceled_at")?,
        created_at,
        updated_at,
        items,
        shipping_methods,
    };
    Ok(ParsedOrder {
        order,
        is_draft_order,
        email_normalized,
        customer_hint,
    })
}

fn items(
    raw: &Raw,
    order_id: &OrderId,
    currency: &Currency,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
) -> Result<Vec<OrderItem>, String> {
    let mut items: Vec<OrderItem> = Vec::new();
    for (i, element) in array(raw, "items")?.iter().enumerate() {
        let at = |field: &str| format!("items[{i}].{field}");
        let raw: RawItem = serde_json::from_str(element.get())
            .map_err(|_| format!("items[{i}] must be an object, not {}", element.get()))?;
        let title = text(raw.title.as_ref(), &at("title"))?
            .filter(|title| !title.trim().is_empty())
            .ok_or_else(|| format!("{} is missing", at("title")))?;
        let quantity = match raw.quantity.as_ref() {
            None | Some(Value::Null) => return Err(format!("{} is missing", at("quantity"))),
            Some(value) => value.as_i64().filter(|q| *q >= 1).ok_or_else(|| {
                format!(
                    "{} must be a whole number of at least 1, not {value}",
                    at("quantity")
                )
            })?,
        };
        let unit_price = required_amount(&raw.unit_price, &at("unit_price"), currency)?;
        let too_large = || format!("items[{i}]: the amounts are more than we can hold");
        let subtotal = match amount(&raw.subtotal, &at("subtotal"), currency)? {
            Some(subtotal) => subtotal,
            None => unit_price.checked_mul(quantity).ok_or_else(too_large)?,
        };
        let tax_total = amount(&raw.tax_total, &at("tax_total"), currency)?.unwrap_or(0);
        let discount_total =
            amount(&raw.discount_total, &at("discount_total"), currency)?.unwrap_or(0);
        let total = match amount(&raw.total, &at("total"), currency)? {
            Some(total) => total,
            None => subtotal
                .checked_add(tax_total)
                .and_then(|t| t.checked_sub(discount_total))
                .ok_or_else(too_large)?,
        };
        // Lines without an id get one derived from their place, so a re-import keeps it.
        let id = match text(raw.id.as_ref(), &at("id"))?.filter(|id| !id.is_empty()) {
            Some(id) => id,
            None => format!("ordli_{}_{}", &order_id.as_str()["order_".len()..], i + 1),
        };
        if let Some(first) = items.iter().position(|item| item.id == id) {
            return Err(format!(
                "{} {id:?} is also the id of items[{first}]",
                at("id")
            ));
        }
        items.push(OrderItem {
            id,
            title,
            subtitle: text(raw.subtitle.as_ref(), &at("subtitle"))?,
            thumbnail: text(raw.thumbnail.as_ref(), &at("thumbnail"))?,
            variant_id: text(raw.variant_id.as_ref(), &at("variant_id"))?,
            product_id: text(raw.product_id.as_ref(), &at("product_id"))?,
            variant_sku: text(raw.variant_sku.as_ref(), &at("variant_sku"))?,
            variant_title: text(raw.variant_title.as_ref(), &at("variant_title"))?,
            quantity,
            unit_price,
            subtotal,
            tax_total,
            discount_total,
            total,
            metadata: metadata(raw.metadata.as_ref(), &at("metadata"))?,
            created_at,
            updated_at,
        });
    }
    Ok(items)
}

fn shipping_methods(raw: &Raw, currency: &Currency) -> Result<Vec<OrderShippingMethod>, String> {
    let mut methods = Vec::new();
    for (i, element) in array(raw, "shipping_methods")?.iter().enumerate() {
        let raw: RawShippingMethod = serde_json::from_str(element.get()).map_err(|_| {
            format!(
                "shipping_methods[{i}] must be an object, not {}",
                element.get()
            )
        })?;
        let field = |name: &str| format!("shipping_methods[{i}].{name}");
        let name = text(raw.name.as_ref(), &field("name"))?
            .filter(|name| !name.trim().is_empty())
            .ok_or_else(|| format!("{} is missing", field("name")))?;
        let amount = required_amount(&raw.amount, &field("amount"), currency)?;
        methods.push(OrderShippingMethod { name, amount });
    }
    Ok(methods)
}

/// An address object; its id, when missing, is derived from the order and the kind.
fn address(
    value: Option<&Value>,
    field: &str,
    order_id: &OrderId,
) -> Result<Option<OrderAddress>, String> {
    let object = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(object)) => object,
        Some(other) => return Err(format!("{field} must be an object, not {other}")),
    };
    let get = |name: &str| text(object.get(name), &format!("{field}.{name}"));
    let country_code = match get("country_code")? {
        None => None,
        Some(code) if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Some(code.to_ascii_lowercase())
        }
        Some(code) => {
            return Err(format!(
                "{field}.country_code {code:?} is not a two-letter country code"
            ))
        }
    };
    let kind = field.trim_end_matches("_address");
    Ok(Some(OrderAddress {
        id: get("id")?
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| format!("ordaddr_{}_{kind}", &order_id.as_str()["order_".len()..])),
        first_name: get("first_name")?,
        last_name: get("last_name")?,
        company: get("company")?,
        address_1: get("address_1")?,
        address_2: get("address_2")?,
        city: get("city")?,
        province: get("province")?,
        postal_code: get("postal_code")?,
        country_code,
        phone: get("phone")?,
        metadata: metadata(object.get("metadata"), &format!("{field}.metadata"))?,
    }))
}
