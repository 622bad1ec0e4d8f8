//! The customer group, as Medusa 2.x's admin API shows it, with its members (admin customer
//! columns) when `fields` asks for `*customers`.

use serde_json::{json, Map, Value};

use super::{
    fields::{self, Selected, Shape},
    metadata, optional_timestamp, timestamp,
};
use app::shared::{Customer, CustomerGroup};

/// The group's keys, in Medusa's order.
const GROUP_FIELDS: &[&str] = &[
    "id",
    "name",
    "created_by",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
];

/// A member's keys, in Medusa's order.
const CUSTOMER_FIELDS: &[&str] = &[
    "id",
    "company_name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "has_account",
    "metadata",
    "created_by",
    "created_at",
    "updated_at",
    "deleted_at",
];

/// Admin routes have no allow-list in Medusa; unknown names are ignored.
pub const ADMIN: Shape = Shape {
    defaults: GROUP_FIELDS,
    scalars: GROUP_FIELDS,
    relations: &[("customers", CUSTOMER_FIELDS)],
};

/// Whether the selection shows members (so the service must load them).
pub fn shows_customers(selection: &[Selected]) -> bool {
    selection
        .iter()
        .any(|selected| matches!(selected, Selected::Relation(name, _) if name == "customers"))
}

fn member(customer: &Customer) -> Value {
    json!({
        "id": customer.id,
        "company_name": customer.company_name,
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "email": customer.email,
        "phone": customer.phone,
        "has_account": customer.has_account,
        "metadata": metadata(customer.metadata.as_ref()),
        "created_by": customer.created_by,
        "created_at": timestamp(&customer.created_at),
        "updated_at": timestamp(&customer.updated_at),
        "deleted_at": optional_timestamp(customer.deleted_at.as_ref()),
    })
}

fn full(group: &CustomerGroup) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("id".into(), json!(group.id));
    map.insert("name".into(), json!(group.name));
    map.insert("created_by".into(), json!(group.created_by));
    map.insert("created_at".into(), timestamp(&group.created_at));
    map.insert("updated_at".into(), timestamp(&group.updated_at));
    map.insert(
        "deleted_at".into(),
        optional_timestamp(group.deleted_at.as_ref()),
    );
    map.insert("metadata".into(), metadata(group.metadata.as_ref()));
    map.insert(
        "customers".into(),
        Value::Array(group.customers.iter().map(member).collect()),
    );
    map
}

/// The group with the keys `selection` asks for.
pub fn group(group: &CustomerGroup, selection: &[Selected]) -> Value {
    Value::Object(fields::project(&full(group), selection))
}

/// `{"customer_group": …}`.
pub fn envelope(found: &CustomerGroup, selection: &[Selected]) -> Value {
    json!({ "customer_group": group(found, selection) })
}

/// `{"customer_groups": […], "count", "offset", "limit"}`.
pub fn list_envelope(
    groups: &[CustomerGroup],
    count: i64,
    offset: i64,
    limit: i64,
    selection: &[Selected],
) -> Value {
    let groups: Vec<Value> = groups.iter().map(|g| group(g, selection)).collect();
    json!({ "customer_groups": groups, "count": count, "offset": offset, "limit": limit })
}

/// The answer to a delete, whether or not the group existed.
pub fn deleted_envelope(id: &str) -> Value {
    json!({ "id": id, "object": "customer_group", "deleted": true })
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::shared::CustomerGroupId;

    fn sample() -> CustomerGroup {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-22T16:59:44.467Z")
            .unwrap()
            .to_utc();
        CustomerGroup {
            id: CustomerGroupId::parse("cusgroup_01M82363EKDZQQNAMPA3XGMFKF").unwrap(),
            name: "VIP".into(),
            metadata: None,
            created_by: Some("user_01M82363EKDZQQNAMPA3XGMFKF".into()),
            created_at: at,
            updated_at: at,
            deleted_at: None,
            customers: Vec::new(),
        }
    }

    #[test]
    fn defaults_are_medusa_group_fields_in_order_without_customers() {
        let selection = fields::select(None, &ADMIN).unwrap();
        assert!(!shows_customers(&selection));
        let shown = group(&sample(), &selection);
        let keys: Vec<&str> = shown
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, GROUP_FIELDS);
        assert_eq!(shown["created_at"], "2026-11-22T16:59:44.467Z");
    }

    #[test]
    fn star_customers_adds_the_members() {
        let selection = fields::select(Some("*customers"), &ADMIN).unwrap();
        assert!(shows_customers(&selection));
        let shown = group(&sample(), &selection);
        assert_eq!(shown["customers"], json!([]));
        assert_eq!(shown["name"], "VIP");
    }
}
