//! `GET|POST /admin/customers`, `GET|POST|DELETE /admin/customers/{id}` and
//! `POST /admin/customers/{id}/customer-groups`: customers as the back office manages them.

use axum::{
    extract::{Path, State},
    Json,
};
use serde_json::Value;

use crate::{
    http::{
        extract::{JsonBody, QueryParams},
        validate::ObjectFields,
    },
    wire::{admin_customer, fields::Selected},
};
use app::{
    auth::AdminActor,
    error::{Error, Result},
    services::admin_customers::{self, ListQuery},
    shared::{
        validation::wrong_type, CustomerChange, CustomerId, Email, Issue, IssueKind, NewCustomer,
        Patch, Phone, Text,
    },
    state::AppState,
};

/// The query of the routes that answer with one customer: `fields` only.
pub(super) fn selection(mut query: QueryParams) -> Result<Vec<Selected>> {
    let mut issues = Vec::new();
    let raw = query.take_string("fields", &mut issues);
    query.finish(issues)?;
    admin_customer::select(raw.as_deref())
}

/// Reads the list's filters (`q`, `email`, `has_account`, `groups`, `id`, `first_name`,
/// `last_name`, `company_name`, `created_by`, `created_at`, `updated_at`, `deleted_at`) into `list`, each
/// problem an issue naming its parameter. Shared with the CSV export, which takes the same
/// filters.
pub fn read_filters(query: &mut QueryParams, list: &mut ListQuery, issues: &mut Vec<Issue>) {
    let mut check = |result: std::result::Result<(), Issue>| {
        if let Err(issue) = result {
            issues.push(issue);
        }
    };
    let mut local = Vec::new();
    if let Some(q) = query.take_string("q", &mut local) {
        check(list.set_search(&q));
    }
    check(list.set_emails(query.take_strings("email")));
    let has_account = query.take_bool("has_account", &mut local);
    list.set_has_account(has_account);
    // `groups=g`, `groups[]=g`, `groups[0]=g`, or the object form `groups[id]=g`
    // (`groups[id][]=g`) and `groups[name]=VIP`.
    let mut groups = query.take_list("groups");
    groups.extend(query.take_strings("groups[id]"));
    check(list.set_groups(groups));
    check(list.set_group_names(query.take_strings("groups[name]")));
    let mut ids = query.take_strings("id");
    for (op, value) in query.take_operators("id") {
        // `id[$in][]=a` arrives as the operator `in][`.
        match op.trim_end_matches("][") {
            "eq" => ids.push(value),
            "in" => ids.extend(value.split(',').map(str::to_owned)),
            other => local.push(Issue::new(
                format!("id.${other}"),
                IssueKind::Other(format!(
                    "The operator '${other}' is not supported on 'id'; use $eq or $in"
                )),
            )),
        }
    }
    check(list.set_values("id", ids));
    for key in ["first_name", "last_name", "company_name", "created_by"] {
        check(list.set_values(key, query.take_strings(key)));
    }
    let created_at = query.take_date_bounds("created_at", &mut local);
    check(list.set_created_at(created_at));
    let updated_at = query.take_date_bounds("updated_at", &mut local);
    check(list.set_updated_at(updated_at));
    let deleted_at = query.take_date_bounds("deleted_at", &mut local);
    check(list.set_deleted_at(deleted_at));
    issues.extend(local);
}

/// `GET /admin/customers`.
pub async fn list(
    State(state): State<AppState>,
    _admin: AdminActor,
    mut query: QueryParams,
) -> Result<Json<Value>> {
    let mut issues = Vec::new();
    let paging = query.take_paging(&mut issues);
    let mut list = ListQuery::default();
    if let Some(limit) = paging.limit {
        if let Err(issue) = list.set_limit(limit) {
            issues.push(issue);
        }
    }
    if let Some(offset) = paging.offset {
        if let Err(issue) = list.set_offset(offset) {
            issues.push(issue);
        }
    }
    read_filters(&mut query, &mut list, &mut issues);
    query.finish(issues)?;
    if let Some(order) = paging.order {
        list.set_order(&order)
            .map_err(|issue| Error::bad_order(issue.kind))?;
    }
    let selection = admin_customer::select(paging.fields.as_deref())?;
    let include = admin_customer::include_for(&selection);
    let (found, count) = admin_customers::list(&state, &list, include).await?;
    Ok(Json(admin_customer::list_envelope(
        &found,
        count,
        list.offset,
        list.limit,
        &selection,
    )))
}

/// `additional_data`: a record for workflow hooks (Medusa's); accepted and not stored.
pub(super) fn additional_data(fields: &mut ObjectFields) {
    match fields.take("additional_data") {
        None | Some(Value::Null) | Some(Value::Object(_)) => {}
        Some(other) => fields.issue("additional_data", wrong_type("record", &other)),
    }
}

/// `POST /admin/customers`: a guest customer made by this admin.
pub async fn create(
    State(state): State<AppState>,
    admin: AdminActor,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let mut fields = ObjectFields::new(body)?;
    let email = fields.optional("email", Email::parse);
    let company_name = match fields.nullish_aliased("company_name", "company", Text::name) {
        Patch::Set(name) => Some(name),
        Patch::Keep | Patch::Clear => None,
    };
    let first_name = fields.optional("first_name", Text::name);
    let last_name = fields.optional("last_name", Text::name);
    let phone = fields.optional("phone", Phone::parse);
    let metadata = fields.metadata();
    additional_data(&mut fields);
    fields.finish()?;
    let selection = selection(query)?;
    let input = NewCustomer {
        email,
        first_name,
        last_name,
        phone,
        company_name,
        metadata,
    };
    // A new customer has no addresses or groups yet: `*addresses` and `*groups` show `[]`.
    let created = admin_customers::create(&state, &admin.user_id, input).await?;
    Ok(Json(admin_customer::envelope(&created, &selection)))
}

/// `GET /admin/customers/{id}`.
pub async fn get(
    State(state): State<AppState>,
    _admin: AdminActor,
    Path(id): Path<String>,
    query: QueryParams,
) -> Result<Json<Value>> {
    let selection = selection(query)?;
    let id = admin_customers::id_for_read(&id)?;
    let found = admin_customers::get(&state, &id, admin_customer::include_for(&selection)).await?;
    Ok(Json(admin_customer::envelope(&found, &selection)))
}

/// `POST /admin/customers/{id}`: a partial update; `null` clears, metadata merges.
pub async fn update(
    State(state): State<AppState>,
    _admin: AdminActor,
    Path(id): Path<String>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let mut fields = ObjectFields::new(body)?;
    let email = fields.nullish("email", Email::parse);
    let company_name = fields.nullish_aliased("company_name", "company", Text::name);
    let first_name = fields.nullish("first_name", Text::name);
    let last_name = fields.nullish("last_name", Text::name);
    let phone = fields.nullish("phone", Phone::parse);
    let metadata = fields.metadata_change();
    additional_data(&mut fields);
    fields.finish()?;
    let selection = selection(query)?;
    let id = admin_customers::id_for_update(&id)?;
    let change = CustomerChange {
        email,
        first_name,
        last_name,
        phone,
        company_name,
        metadata,
    };
    let updated = admin_customers::update(&state, &id, change).await?;
    let mut customers = [updated];
    admin_customers::load(
        &state,
        &mut customers,
        admin_customer::include_for(&selection),
    )
    .await?;
    Ok(Json(admin_customer::envelope(&customers[0], &selection)))
}

/// `DELETE /admin/customers/{id}`: the same answer whether or not it existed.
pub async fn delete(
    State(state): State<AppState>,
    _admin: AdminActor,
    Path(id): Path<String>,
    query: QueryParams,
) -> Result<Json<Value>> {
    query.finish(Vec::new())?;
    // A malformed id names no customer: there is nothing to delete.
    if let Some(customer) = CustomerId::parse(&id) {
        admin_customers::delete(&state, &customer).await?;
    }
    Ok(Json(admin_customer::deleted_envelope(&id)))
}

/// `POST /admin/customers/{id}/customer-groups` `{add, remove}`.
pub async fn change_groups(
    State(state): State<AppState>,
    admin: AdminActor,
    Path(id): Path<String>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let mut fields = ObjectFields::new(body)?;
    let add = id_list(&mut fields, "add");
    let remove = id_list(&mut fields, "remove");
    fields.finish()?;
    let selection = selection(query)?;
    let customer = admin_customers::id_for_write(&id)?;
    let changed =
        admin_customers::change_groups_by(&state, Some(&admin.user_id), &customer, add, remove)
            .await?;
    let mut customers = [changed];
    admin_customers::load(
        &state,
        &mut customers,
        admin_customer::include_for(&selection),
    )
    .await?;
    Ok(Json(admin_customer::envelope(&customers[0], &selection)))
}

/// An optional array of id strings.
fn id_list(fields: &mut ObjectFields, key: &str) -> Vec<String> {
    match fields.take(key) {
        None => Vec::new(),
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
