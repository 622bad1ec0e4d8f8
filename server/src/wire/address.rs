//! The store address, as Medusa 2.x shows it: on its own (list and detail, the store
//! field order) and inside a customer (every model column, in model order).

use serde_json::{json, Map, Value};

use super::{
    fields::{self, Selected, Shape},
    metadata, optional_timestamp, timestamp,
};
use app::shared::{Address, AddressId, Customer};

/// The store address fields: defaults, allow-list and key order.
pub const FIELDS: &[&str] = &[
    "id",
    "address_name",
    "company",
    "customer_id",
    "first_name",
    "last_name",
    "address_1",
    "address_2",
    "city",
    "province",
    "postal_code",
    "country_code",
    "phone",
    "metadata",
    "is_default_shipping",
    "is_default_billing",
    "created_at",
    "updated_at",
];

pub const STORE: Shape = Shape {
    defaults: FIELDS,
    scalars: FIELDS,
    relations: &[],
};

/// Every key a store address can show, in the store order.
fn full(address: &Address) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("id".into(), json!(address.id));
    map.insert("address_name".into(), json!(address.address_name));
    map.insert("company".into(), json!(address.company));
    map.insert("customer_id".into(), json!(address.customer_id));
    map.insert("first_name".into(), json!(address.first_name));
    map.insert("last_name".into(), json!(address.last_name));
    map.insert("address_1".into(), json!(address.address_1));
    map.insert("address_2".into(), json!(address.address_2));
    map.insert("city".into(), json!(address.city));
    map.insert("province".into(), json!(address.province));
    map.insert("postal_code".into(), json!(address.postal_code));
    map.insert("country_code".into(), json!(address.country_code));
    map.insert("phone".into(), json!(address.phone));
    map.insert("metadata".into(), metadata(address.metadata.as_ref()));
    map.insert(
        "is_default_shipping".into(),
        json!(address.is_default_shipping),
    );
    map.insert(
        "is_default_billing".into(),
        json!(address.is_default_billing),
    );
    map.insert("created_at".into(), timestamp(&address.created_at));
    map.insert("updated_at".into(), timestamp(&address.updated_at));
    map
}

/// An address inside a customer: every model column, in model order.
pub fn embedded(address: &Address) -> Value {
    json!({
        "id": address.id,
        "address_name": address.address_name,
        "is_default_shipping": address.is_default_shipping,
        "is_default_billing": address.is_default_billing,
        "company": address.company,
        "first_name": address.first_name,
        "last_name": address.last_name,
        "address_1": address.address_1,
        "address_2": address.address_2,
        "city": address.city,
        "country_code": address.country_code,
        "province": address.province,
        "postal_code": address.postal_code,
        "phone": address.phone,
        "metadata": metadata(address.metadata.as_ref()),
        "customer_id": address.customer_id,
        "created_at": timestamp(&address.created_at),
        "updated_at": timestamp(&address.updated_at),
        "deleted_at": optional_timestamp(address.deleted_at.as_ref()),
    })
}

fn projected(address: &Address, selection: &[Selected]) -> Value {
    Value::Object(fields::project(&full(address), selection))
}

/// `{"address": …}`.
pub fn envelope(address: &Address, selection: &[Selected]) -> Value {
    json!({ "address": projected(address, selection) })
}

/// `{"addresses": […], "count", "offset", "limit"}`.
pub fn list_envelope(
    addresses: &[Address],
    count: i64,
    offset: i64,
    limit: i64,
    selection: &[Selected],
) -> Value {
    let addresses: Vec<Value> = addresses
        .iter()
        .map(|address| projected(address, selection))
        .collect();
    json!({ "addresses": addresses, "count": count, "offset": offset, "limit": limit })
}

/// The answer to a delete: the address's id (Medusa puts the customer's id here, which
/// seed 000 and we do not), and the customer it belonged to as `parent`.
pub fn deleted_envelope(id: &AddressId, parent: &Customer, selection: &[Selected]) -> Value {
    let parent = super::customer::store_envelope(parent, selection)["customer"].take();
    json!({ "id": id, "object": "address", "deleted": true, "parent": parent })
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::shared::CustomerId;

    fn address() -> Address {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-22T16:59:44.467Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        Address {
            id: AddressId::parse("cuaddr_01M82363EKDZQQNAMPA3XGMFKF").unwrap(),
            customer_id: CustomerId::parse("cus_01M82363EKDZQQNAMPA3XGMFKF").unwrap(),
            address_name: None,
            is_default_shipping: false,
            is_default_billing: true,
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
            created_at: at,
            updated_at: at,
            deleted_at: None,
        }
    }

    #[test]
    fn the_store_shape_has_the_store_keys_in_order() {
        let selection = fields::select(None, &STORE).unwrap();
        let body = envelope(&address(), &selection);
        let keys: Vec<&str> = body["address"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, FIELDS);
        assert_eq!(body["address"]["created_at"], "2026-11-22T16:59:44.467Z");
    }

    #[test]
    fn the_embedded_shape_has_the_model_columns_in_order() {
        let value = embedded(&address());
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys[..4],
            [
                "id",
                "address_name",
                "is_default_shipping",
                "is_default_billing"
            ]
        );
        assert_eq!(keys.last(), Some(&"deleted_at"));
        assert_eq!(keys.len(), 19);
    }

    #[test]
    fn fields_trim_an_address() {
        let selection = fields::select(Some("city,nosuch"), &STORE).unwrap();
        assert_eq!(
            envelope(&address(), &selection),
            json!({"address": {"city": "Oslo", "id": "cuaddr_01M82363EKDZQQNAMPA3XGMFKF"}})
        );
    }
}
