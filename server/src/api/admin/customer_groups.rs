//! `GET|POST /admin/customer-groups`, `GET|POST|DELETE /admin/customer-groups/{id}` and
//! `POST|DELETE /admin/customer-groups/{id}/customers`: customer groups and their members.

use axum::{
    extract::{Path, State},
    Json,
};
use serde_json::{json, Value};

use crate::{
    http::{
        extract::{JsonBody, QueryParams},
        validate::ObjectFields,
    },
    wire::{customer_group, fields},
};
use app::{
    auth::AdminActor,
    error::{Error, Result},
    services::customer_groups::{
        self, GroupChange, ListQuery, MemberChange, NewGroup, MAX_MEMBER_IDS,
    },
    shared::{validation::wrong_type, Issue, IssueKind, Text},
    state::AppState,
};

/// The query of the routes that answer with one group: `fields` only.
fn selection(mut query: QueryParams) -> Result<Vec<fields::Selected>> {
    let mut issues = Vec::new();
    let raw = query.take_string("fields", &mut issues);
    query.finish(issues)?;
    fields::select(raw.as_deref(), &customer_group::ADMIN)
        .map_err(|kind| Error::invalid_field("fields", kind))
}

/// `GET /admin/customer-groups`.
pub async fn list(
    State(state): State<AppState>,
    _admin: AdminActor,
    mut query: QueryParams,
) -> Result<Json<Value>> {
    let mut issues = Vec::new();
    let paging = query.take_paging(&mut issues);
    let mut list = ListQuery::default();
    list.limit = paging.limit.unwrap_or(list.limit);
    list.offset = paging.offset.unwrap_or(list.offset);
    if let Some(q) = query.take_string("q", &mut issues) {
        if let Err(kind) = list.set_search(&q) {
            issues.push(Issue::new("q", kind));
        }
    }
    // `customers` takes member ids as `customers=c`, `customers[]=c`, `customers[0]=c` or
    // the object form's `customers[id]=c`.
    let mut members = query.take_list("customers");
    members.extend(query.take_strings("customers[id]"));
    for (key, values, target) in [
        ("id", query.take_strings("id"), &mut list.ids),
        ("name", query.take_strings("name"), &mut list.names),
        (
            "created_by",
            query.take_strings("created_by"),
            &mut list.created_by,
        ),
        ("customers", members, &mut list.members),
    ] {
        match customer_groups::filter_values(key, values) {
            Ok(values) => *target = values,
            Err(kind) => issues.push(Issue::new(key, kind)),
        }
    }
    list.created_at = query.take_date_bounds("created_at", &mut issues);
    list.updated_at = query.take_date_bounds("updated_at", &mut issues);
    list.deleted_at = query.take_date_bounds("deleted_at", &mut issues);
    query.finish(issues)?;
    if let Some(order) = paging.order {
        list.set_order(&order)?;
    }
    let selection = fields::select(paging.fields.as_deref(), &customer_group::ADMIN)
        .map_err(|kind| Error::invalid_field("fields", kind))?;
    let with_customers = customer_group::shows_customers(&selection);
    let (found, count) = customer_groups::list(&state, &list, with_customers).await?;
    Ok(Json(customer_group::list_envelope(
        &found,
        count,
        list.offset,
        list.limit,
        &selection,
    )))
}

/// `POST /admin/customer-groups`.
pub async fn create(
    State(state): State<AppState>,
    admin: AdminActor,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let mut fields = ObjectFields::new(body)?;
    let name = match fields.take("name") {
        None => {
            fields.issue("name", IssueKind::Required);
            None
        }
        Some(value) => group_name(&mut fields, value),
    };
    let metadata = fields.metadata();
    fields.finish()?;
    let Some(name) = name else {
        return Err(Error::invalid_field("name", IssueKind::Required));
    };
    let selection = selection(query)?;
    let created =
        customer_groups::create(&state, &admin.user_id, NewGroup { name, metadata }).await?;
    Ok(Json(customer_group::envelope(&created, &selection)))
}

/// A group name: a string (`""` included, as in Medusa), never `null`.
fn group_name(fields: &mut ObjectFields, value: Value) -> Option<Text> {
    match value {
        Value::String(text) => Text::name(&text)
            .map_err(|kind| fields.issue("name", kind))
            .ok(),
        other => {
            fields.issue("name", wrong_type("string", &other));
            None
        }
    }
}

/// `GET /admin/customer-groups/{id}`.
pub async fn get(
    State(state): State<AppState>,
    _admin: AdminActor,
    Path(id): Path<String>,
    query: QueryParams,
) -> Result<Json<Value>> {
    let selection = selection(query)?;
    let with_customers = customer_group::shows_customers(&selection);
    let found = customer_groups::get(&state, &id, with_customers).await?;
    Ok(Json(customer_group::envelope(&found, &selection)))
}

/// `POST /admin/customer-groups/{id}`: rename, merge metadata.
pub async fn update(
    State(state): State<AppState>,
    _admin: AdminActor,
    Path(id): Path<String>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let mut fields = ObjectFields::new(body)?;
    let name = match fields.take("name") {
        None => None,
        Some(value) => group_name(&mut fields, value),
    };
    let metadata = fields.metadata_change();
    fields.finish()?;
    let selection = selection(query)?;
    let with_customers = customer_group::shows_customers(&selection);
    let change = GroupChange { name, metadata };
    let updated = customer_groups::update(&state, &id, change, with_customers).await?;
    Ok(Json(customer_group::envelope(&updated, &selection)))
}

/// `DELETE /admin/customer-groups/{id}`: the same answer whether or not it existed.
pub async fn delete(
    State(state): State<AppState>,
    _admin: AdminActor,
    Path(id): Path<String>,
    query: QueryParams,
) -> Result<Json<Value>> {
    query.finish(Vec::new())?;
    customer_groups::delete(&state, &id).await?;
    Ok(Json(customer_group::deleted_envelope(&id)))
}

/// `POST /admin/customer-groups/{id}/customers`: Medusa v2's `{add, remove}`, or seed
/// 004's `{customer_ids}` (adds), told apart by the body.
pub async fn add_or_change_members(
    State(state): State<AppState>,
    admin: AdminActor,
    Path(id): Path<String>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let mut fields = ObjectFields::new(body)?;
    let change = if fields.contains("customer_ids") {
        let add = id_list(&mut fields, "customer_ids", true);
        MemberChange {
            add,
            remove: Vec::new(),
        }
    } else {
        let add = id_list(&mut fields, "add", false);
        let remove = id_list(&mut fields, "remove", false);
        MemberChange { add, remove }
    };
    fields.finish()?;
    change_members(&state, &admin, &id, query, change).await
}

/// `DELETE /admin/customer-groups/{id}/customers` with `{customer_ids}` (seed 004).
pub async fn remove_members(
    State(state): State<AppState>,
    admin: AdminActor,
    Path(id): Path<String>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let mut fields = ObjectFields::new(body)?;
    let remove = id_list(&mut fields, "customer_ids", true);
    fields.finish()?;
    let change = MemberChange {
        add: Vec::new(),
        remove,
    };
    change_members(&state, &admin, &id, query, change).await
}

async fn change_members(
    state: &AppState,
    admin: &AdminActor,
    id: &str,
    query: QueryParams,
    change: MemberChange,
) -> Result<Json<Value>> {
    let selection = selection(query)?;
    let with_customers = customer_group::shows_customers(&selection);
    let group =
        customer_groups::change_members(state, &admin.user_id, id, change, with_customers).await?;
    Ok(Json(match group {
        Some(group) => customer_group::envelope(&group, &selection),
        // Medusa's answer when the group is unknown and there was nothing to add.
        None => json!({}),
    }))
}

/// An array of id strings; absent is empty unless `required`.
fn id_list(fields: &mut ObjectFields, key: &str, required: bool) -> Vec<String> {
    match fields.take(key) {
        None => {
            if required {
                fields.issue(key, IssueKind::Required);
            }
            Vec::new()
        }
        Some(Value::Array(items)) if items.len() > MAX_MEMBER_IDS => {
            fields.issue(
                key,
                IssueKind::Other(format!(
                    "{key} may list at most {MAX_MEMBER_IDS} ids; {} were sent",
                    items.len()
                )),
            );
            Vec::new()
        }
        Some(Value::Array(items)) => {
            let mut ids = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(id) => ids.push(id),
                    other => {
                        fields.issue(key, wrong_type("string", &other));
                        return Vec::new();
                    }
                }
            }
            ids
        }
        Some(other) => {
            fields.issue(key, wrong_type("array", &other));
            Vec::new()
        }
    }
}
