//! The records nested in an order (line items, addresses, shipping methods) and the two
//! value forms every order shape writes (amounts in major units, timestamps), written
//! straight to the serializer.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use app::shared::{money::major_number, Currency, OrderAddress, OrderItem, OrderShippingMethod};

/// An amount in minor units, written as Medusa 2.x writes it: a number in major units.
/// Whole amounts are written without a fraction (`12`, as JavaScript prints 12.00).
pub struct Major<'a>(pub i64, pub &'a Currency);

impl Serialize for Major<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let scale = 10_i64.pow(self.1.decimals());
        if self.0 % scale == 0 {
            serializer.serialize_i64(self.0 / scale)
        } else {
            serializer.serialize_f64(major_number(self.0, self.1))
        }
    }
}

/// Medusa's timestamp form: UTC, milliseconds, `Z`.
pub struct Timestamp<'a>(pub &'a DateTime<Utc>);

impl Serialize for Timestamp<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

/// A record nested in an order, keyed by column name.
pub trait Columns {
    fn column<M: SerializeMap>(
        &self,
        map: &mut M,
        name: &str,
        currency: &Currency,
    ) -> Result<(), M::Error>;
}

impl Columns for OrderItem {
    fn column<M: SerializeMap>(
        &self,
        map: &mut M,
        name: &str,
        currency: &Currency,
    ) -> Result<(), M::Error> {
        match name {
            "id" => map.serialize_entry(name, &self.id),
            "title" => map.serialize_entry(name, &self.title),
            "subtitle" => map.serialize_entry(name, &self.subtitle),
            "thumbnail" => map.serialize_entry(name, &self.thumbnail),
            "variant_id" => map.serialize_entry(name, &self.variant_id),
            "product_id" => map.serialize_entry(name, &self.product_id),
            "variant_sku" => map.serialize_entry(name, &self.variant_sku),
            "variant_title" => map.serialize_entry(name, &self.variant_title),
            "quantity" => map.serialize_entry(name, &self.quantity),
            "unit_price" => map.serialize_entry(name, &Major(self.unit_price, currency)),
            "subtotal" => map.serialize_entry(name, &Major(self.subtotal, currency)),
            "tax_total" => map.serialize_entry(name, &Major(self.tax_total, currency)),
            "discount_total" => map.serialize_entry(name, &Major(self.discount_total, currency)),
            "total" => map.serialize_entry(name, &Major(self.total, currency)),
            "metadata" => map.serialize_entry(name, &self.metadata),
            "created_at" => map.serialize_entry(name, &Timestamp(&self.created_at)),
            "updated_at" => map.serialize_entry(name, &Timestamp(&self.updated_at)),
            _ => Ok(()),
        }
    }
}

impl Columns for OrderAddress {
    fn column<M: SerializeMap>(
        &self,
        map: &mut M,
        name: &str,
        _: &Currency,
    ) -> Result<(), M::Error> {
        match name {
            "id" => map.serialize_entry(name, &self.id),
            "company" => map.serialize_entry(name, &self.company),
            "first_name" => map.serialize_entry(name, &self.first_name),
            "last_name" => map.serialize_entry(name, &self.last_name),
            "address_1" => map.serialize_entry(name, &self.address_1),
            "address_2" => map.serialize_entry(name, &self.address_2),
            "city" => map.serialize_entry(name, &self.city),
            "country_code" => map.serialize_entry(name, &self.country_code),
            "province" => map.serialize_entry(name, &self.province),
            "postal_code" => map.serialize_entry(name, &self.postal_code),
            "phone" => map.serialize_entry(name, &self.phone),
            "metadata" => map.serialize_entry(name, &self.metadata),
            _ => Ok(()),
        }
    }
}

impl Columns for OrderShippingMethod {
    fn column<M: SerializeMap>(
        &self,
        map: &mut M,
        name: &str,
        currency: &Currency,
    ) -> Result<(), M::Error> {
        match name {
            "name" => map.serialize_entry(name, &self.name),
            "amount" => map.serialize_entry(name, &Major(self.amount, currency)),
            _ => Ok(()),
        }
    }
}

/// One nested record: every column (`*rel`), or its id and the named ones (`rel.col`).
pub struct Record<'a, T> {
    record: &'a T,
    currency: &'a Currency,
    columns: Option<&'a [String]>,
    all: &'static [&'static str],
}

impl<'a, T> Record<'a, T> {
    pub fn new(
        record: &'a T,
        currency: &'a Currency,
        columns: Option<&'a [String]>,
        all: &'static [&'static str],
    ) -> Self {
        Self {
            record,
            currency,
            columns,
            all,
        }
    }
}

impl<T: Columns> Serialize for Record<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self.columns {
            None => {
                for name in self.all {
                    self.record.column(&mut map, name, self.currency)?;
                }
            }
            Some(columns) => {
                self.record.column(&mut map, "id", self.currency)?;
                for name in columns.iter().filter(|name| *name != "id") {
                    self.record.column(&mut map, name, self.currency)?;
                }
            }
        }
        map.end()
    }
}

/// A to-many relation: each record as [`Record`] shows it.
pub struct Records<'a, T> {
    records: &'a [T],
    currency: &'a Currency,
    columns: Option<&'a [String]>,
    all: &'static [&'static str],
}

impl<'a, T> Records<'a, T> {
    pub fn new(
        records: &'a [T],
        currency: &'a Currency,
        columns: Option<&'a [String]>,
        all: &'static [&'static str],
    ) -> Self {
        Self {
            records,
            currency,
            columns,
            all,
        }
    }
}

impl<T: Columns> Serialize for Records<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.records.len()))?;
        for record in self.records {
            seq.serialize_element(&Record::new(record, self.currency, self.columns, self.all))?;
        }
        seq.end()
    }
}
