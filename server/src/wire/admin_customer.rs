//! The customer as Medusa 2.x's admin API shows it: its columns in Medusa's order, and on
//! request its `addresses` (every model column) and `groups`; the admin address (the store
//! address's keys without the default flags unless asked for).

use serde_json::{json, Map, Value};

use super::{
    address,
    fields::{self, Selected, Shape},
    metadata, optional_timestamp, timestamp,
};
use app::{
    services::admin_customers::Include,
    shared::{AddressId, Customer, CustomerGroup},
};

/// The admin customer's keys, in Medusa's order (also its defaults).
pub const FIELDS: &[&str] = &[
    "id",
    "company_name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "metadata",
    "has_account",
    "created_by",
    "created_at",
    "updated_at",
    "deleted_at",
];

/// The address columns a customer's `addresses` may pick (`addresses.city`), in model order.
const ADDRESS_COLUMNS: &[&str] = &[
    "id",
    "address_name",
    "is_default_shipping",
    "is_default_billing",
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
    "customer_id",
    "created_at",
    "updated_at",
    "deleted_at",
];

/// A group's keys inside a customer, in Medusa's order.
const GROUP_COLUMNS: &[&str] = &[
    "id",
    "name",
    "metadata",
    "created_by",
    "created_at",
    "updated_at",
    "deleted_at",
];

/// Admin routes have no allow-list in Medusa; unknown names are ignored.
pub const ADMIN: Shape = Shape {
    defaults: FIELDS,
    scalars: FIELDS,
    relations: &[("addresses", ADDRESS_COLUMNS), ("groups", GROUP_COLUMNS)],
};

/// The admin address: the store address's keys, without `is_default_*` unless asked for.
pub const ADMIN_ADDRESS: Shape = Shape {
    defaults: &[
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
        "created_at",
        "updated_at",
    ],
    scalars: address::FIELDS,
    relations: &[],
};

fn shows(selection: &[Selected], relation: &str) -> bool {
    selection
        .iter()
        .any(|selected| matches!(selected, Selected::Relation(name, _) if name == relation))
}

/// Whether the selection shows the customer's addresses (so they must be loaded).
pub fn wants_addresses(selection: &[Selected]) -> bool {
    shows(selection, "addresses")
}

/// Whether the selection shows the customer's groups (so they must be loaded).
pub fn wants_groups(selection: &[Selected]) -> bool {
    shows(selection, "groups")
}

/// What the service must load for `selection`.
pub fn include_for(selection: &[Selected]) -> Include {
    Include {
        addresses: wants_addresses(selection),
        groups: wants_groups(selection),
    }
}

/// Resolves `fields` against [`ADMIN`], as a 400 naming `fields` when refused.
pub fn select(raw: Option<&str>) -> app::error::Result<Vec<Selected>> {
    fields::select(raw, &ADMIN).map_err(|kind| app::error::Error::invalid_field("fields", kind))
}

fn group(group: &CustomerGroup) -> Value {
    json!({
        "id": group.id,
        "name": group.name,
        "metadata": metadata(group.metadata.as_ref()),
        "created_by": group.created_by,
        "created_at": timestamp(&group.created_at),
        "updated_at": timestamp(&group.updated_at),
        "deleted_at": optional_timestamp(group.deleted_at.as_ref()),
    })
}

/// Every key an admin customer can show, in Medusa's order.
pub fn full(customer: &Customer) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("id".into(), json!(customer.id));
    map.insert("company_name".into(), json!(customer.company_name));
    map.insert("first_name".into(), json!(customer.first_name));
    map.insert("last_name".into(), json!(customer.last_name));
    map.insert("email".into(), json!(customer.email));
    map.insert("phone".into(), json!(customer.phone));
    map.insert("metadata".into(), metadata(customer.metadata.as_ref()));
    map.insert("has_account".into(), json!(customer.has_account));
    map.insert("created_by".into(), json!(customer.created_by));
    map.insert("created_at".into(), timestamp(&customer.created_at));
    map.insert("updated_at".into(), timestamp(&customer.updated_at));
    map.insert(
        "deleted_at".into(),
        optional_timestamp(customer.deleted_at.as_ref()),
    );
    map.insert(
        "addresses".into(),
        Value::Array(customer.addresses.iter().map(address::embedded).collect()),
    );
    map.insert(
        "groups".into(),
        Value::Array(customer.groups.iter().map(group).collect()),
    );
    map
}

/// The customer with the keys `selection` asks for.
pub fn customer(customer: &Customer, selection: &[Selected]) -> Value {
    Value::Object(fields::project(&full(customer), selection))
}

/// `{"customer": …}`.
pub fn envelope(found: &Customer, selection: &[Selected]) -> Value {
    json!({ "customer": customer(found, selection) })
}

/// `{"customers": […], "count", "offset", "limit"}`.
pub fn list_envelope(
    customers: &[Customer],
    count: i64,
    offset: i64,
    limit: i64,
    selection: &[Selected],
) -> Value {
    let customers: Vec<Value> = customers.iter().map(|c| customer(c, selection)).collect();
    json!({ "customers": customers, "count": count, "offset": offset, "limit": limit })
}

/// The answer to a customer delete, whether or not it existed.
pub fn deleted_envelope(id: &str) -> Value {
    json!({ "id": id, "object": "customer", "deleted": true })
}

/// The answer to an address delete: the address's id and the customer as `parent`.
pub fn address_deleted_envelope(
    id: &AddressId,
    parent: &Customer,
    selection: &[Selected],
) -> Value {
    json!({
        "id": id,
        "object": "customer_address",
        "deleted": true,
        "parent": customer(parent, selection),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::shared::{CustomerGroupId, CustomerId};

    fn sample() -> Customer {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-22T16:59:44.467Z")
            .unwrap()
            .to_utc();
        Customer {
            id: CustomerId::parse("cus_01M82363EKDZQQNAMPA3XGMFKF").unwrap(),
            email: Some("jane@example.com".into()),
            company_name: None,
            first_name: Some("Jane".into()),
            last_name: None,
            phone: None,
            metadata: None,
            has_account: false,
            created_by: Some("user_01M82363EKDZQQNAMPA3XGMFKF".into()),
            created_at: at,
            updated_at: at,
            deleted_at: None,
            addresses: Vec::new(),
            groups: vec![CustomerGroup {
                id: CustomerGroupId::parse("cusgroup_01M82363EKDZQQNAMPA3XGMFKF").unwrap(),
                name: "VIP".into(),
                metadata: None,
                created_by: None,
                created_at: at,
                updated_at: at,
                deleted_at: None,
                customers: Vec::new(),
            }],
        }
    }

    #[test]
    fn defaults_are_medusas_admin_fields_in_order_without_relations() {
        let selection = fields::select(None, &ADMIN).unwrap();
        assert_eq!(include_for(&selection), Include::default());
        let shown = customer(&sample(), &selection);
        let keys: Vec<&str> = shown
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, FIELDS);
    }

    #[test]
    fn groups_columns_can_be_picked() {
        let selection = fields::select(Some("groups.id"), &ADMIN).unwrap();
        assert!(wants_groups(&selection) && !wants_addresses(&selection));
        assert_eq!(
            customer(&sample(), &selection),
            json!({"id": "cus_01M82363EKDZQQNAMPA3XGMFKF",
                   "groups": [{"id": "cusgroup_01M82363EKDZQQNAMPA3XGMFKF"}]})
        );
        let all = fields::select(Some("*groups,*addresses"), &ADMIN).unwrap();
        assert_eq!(include_for(&all), Include::ALL);
        let keys: Vec<String> = customer(&sample(), &all)["groups"][0]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(keys, GROUP_COLUMNS);
    }

    #[test]
    fn the_admin_address_hides_the_default_flags_unless_asked() {
        let defaults = fields::select(None, &ADMIN_ADDRESS).unwrap();
        assert!(!defaults
            .iter()
            .any(|s| matches!(s, Selected::Field(f) if f.starts_with("is_default"))));
        let asked = fields::select(Some("+is_default_billing"), &ADMIN_ADDRESS).unwrap();
        assert!(asked
            .iter()
            .any(|s| matches!(s, Selected::Field(f) if f == "is_default_billing")));
    }
}
