//! Customer groups, managed by admins: listing, reading, creating, renaming, deleting, and
//! their members. A name is unique among live groups (exact, case-sensitive); a deleted
//! group's name is free again and its memberships are gone. Membership is a set.

use crate::{
    error::{Error, Result},
    shared::{
        CustomerGroup, CustomerGroupId, CustomerId, DateBound, IssueKind, Metadata, MetadataChange,
        Sort, Text, UserId,
    },
    state::AppState,
    stores::{
        self,
        customer_groups::{self as store, ListFilter, WriteError, ORDERABLE},
    },
};

pub use crate::stores::customer_groups::Compare;

/// Medusa's default page size for every customer-domain list.
pub const DEFAULT_LIMIT: i64 = 50;
/// Most words `q` may hold, values one filter may list, and ids one membership change names.
pub const MAX_WORDS: usize = 16;
pub const MAX_FILTER_VALUES: usize = 100;
pub const MAX_MEMBER_IDS: usize = 1000;

/// `GET /admin/customer-groups/:id`'s wording.
pub fn not_found(id: &str) -> Error {
    Error::NotFound(format!("Customer group with id: {id} not found"))
}

/// `POST /admin/customer-groups/:id`'s wording (quotes, unlike GET).
fn not_found_for_update(id: &str) -> Error {
    Error::NotFound(format!("Customer group with id \"{id}\" not found"))
}

fn name_taken(name: &str) -> Error {
    Error::InvalidData(format!("Customer group with name: {name}, already exists."))
}

fn no_such(relation: &str, id: &str) -> Error {
    Error::NotFound(format!(
        "You tried to set relationship {relation}: {id}, but such entity does not exist"
    ))
}

fn from_write(error: WriteError, name: &str) -> Error {
    match error {
        WriteError::NameTaken => name_taken(name),
        WriteError::Db(error) => error.into(),
    }
}

/// A new group, validated.
#[derive(Clone, Debug)]
pub struct NewGroup {
    pub name: Text,
    pub metadata: Option<Metadata>,
}

/// A change to a group: absent fields keep their value, metadata merges.
#[derive(Clone, Debug, Default)]
pub struct GroupChange {
    pub name: Option<Text>,
    pub metadata: MetadataChange,
}

/// Members to add and to remove (additions first).
#[derive(Clone, Debug, Default)]
pub struct MemberChange {
    pub add: Vec<String>,
    pub remove: Vec<String>,
}

/// What `GET /admin/customer-groups` asks for, validated.
#[derive(Clone, Debug)]
pub struct ListQuery {
    pub words: Vec<String>,
    pub ids: Vec<String>,
    pub names: Vec<String>,
    pub created_by: Vec<String>,
    /// Groups any of these customers belong to.
    pub members: Vec<String>,
    pub created_at: Vec<DateBound>,
    pub updated_at: Vec<DateBound>,
    /// Accepted as Medusa does; only live groups are listed, so a bound matches none.
    pub deleted_at: Vec<DateBound>,
    pub sort: Sort,
    pub limit: i64,
    pub offset: i64,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            words: Vec::new(),
            ids: Vec::new(),
            names: Vec::new(),
            created_by: Vec::new(),
            members: Vec::new(),
            created_at: Vec::new(),
            updated_at: Vec::new(),
            deleted_at: Vec::new(),
            sort: Sort::BY_ID,
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

impl ListQuery {
    /// `order`: a group field, `-` first for descending. Medusa passes an unknown column to
    /// SQL and answers 500; we refuse it with the store routes' 400.
    pub fn set_order(&mut self, raw: &str) -> Result<()> {
        self.sort = Sort::parse(raw, ORDERABLE).map_err(Error::bad_order)?;
        Ok(())
    }

    /// `q`: whitespace-separated words, each of which must occur in the name.
    pub fn set_search(&mut self, q: &str) -> Result<(), IssueKind> {
        let words: Vec<String> = q.split_whitespace().map(str::to_owned).collect();
        if words.len() > MAX_WORDS {
            return Err(IssueKind::Other(format!(
                "q may hold at most {MAX_WORDS} words; {} were sent",
                words.len()
            )));
        }
        self.words = words;
        Ok(())
    }
}

/// Bounds the values of one filter.
pub fn filter_values(field: &str, values: Vec<String>) -> Result<Vec<String>, IssueKind> {
    if values.len() > MAX_FILTER_VALUES {
        return Err(IssueKind::Other(format!(
            "{field} may list at most {MAX_FILTER_VALUES} values; {} were sent",
            values.len()
        )));
    }
    Ok(values)
}

/// One page of live groups (with their members if `with_customers`), and the match count.
pub async fn list(
    state: &AppState,
    query: &ListQuery,
    with_customers: bool,
) -> Result<(Vec<CustomerGroup>, i64)> {
    let filter = ListFilter {
        words: &query.words,
        ids: &query.ids,
        names: &query.names,
        created_by: &query.created_by,
        members: &query.members,
        created_at: &query.created_at,
        updated_at: &query.updated_at,
        deleted_at: &query.deleted_at,
    };
    let (mut groups, count) =
        store::list(&state.db, &filter, query.sort, query.limit, query.offset).await?;
    if with_customers {
        store::load_members(&state.db, &mut groups).await?;
    }
    Ok((groups, count))
}

/// A live group; a malformed, unknown or deleted id is a 404.
pub async fn get(state: &AppState, raw_id: &str, with_customers: bool) -> Result<CustomerGroup> {
    let id = CustomerGroupId::parse(raw_id).ok_or_else(|| not_found(raw_id))?;
    let group = store::find(&state.db, &id)
        .await?
        .ok_or_else(|| not_found(raw_id))?;
    with_members(state, group, with_customers).await
}

async fn with_members(
    state: &AppState,
    group: CustomerGroup,
    with_customers: bool,
) -> Result<CustomerGroup> {
    let mut groups = [group];
    if with_customers {
        store::load_members(&state.db, &mut groups).await?;
    }
    let [group] = groups;
    Ok(group)
}

/// Creates a group on behalf of `admin`; a name a live group has is refused.
pub async fn create(state: &AppState, admin: &UserId, input: NewGroup) -> Result<CustomerGroup> {
    let now = stores::db::now();
    let group = CustomerGroup {
        id: CustomerGroupId::generate(),
        name: input.name.into_string(),
        metadata: input.metadata,
        created_by: Some(admin.to_string()),
        created_at: now,
        updated_at: now,
        deleted_at: None,
        customers: Vec::new(),
    };
    let mut tx = state.db.begin_write().await?;
    store::insert(&mut tx, &group)
        .await
        .map_err(|error| from_write(error, &group.name))?;
    tx.commit().await?;
    Ok(group)
}

/// Renames the group and merges its metadata; a name another live group has is refused.
pub async fn update(
    state: &AppState,
    raw_id: &str,
    change: GroupChange,
    with_customers: bool,
) -> Result<CustomerGroup> {
    let id = CustomerGroupId::parse(raw_id).ok_or_else(|| not_found_for_update(raw_id))?;
    let mut tx = state.db.begin_write().await?;
    let mut group = store::find_in(&mut tx, &id)
        .await?
        .ok_or_else(|| not_found_for_update(raw_id))?;
    let before = group.clone();
    if let Some(name) = change.name {
        group.name = name.into_string();
    }
    group.metadata = change
        .metadata
        .apply(group.metadata.take())
        .map_err(|kind| Error::invalid_field("metadata", kind))?;
    // As in Medusa, `updated_at` moves only when a value does: `{}` or the same name again
    // writes nothing.
    if group != before {
        group.updated_at = stores::db::now();
        store::update(&mut tx, &group)
            .await
            .map_err(|error| from_write(error, &group.name))?;
        tx.commit().await?;
    }
    with_members(state, group, with_customers).await
}

/// Soft-deletes the group and ends its memberships. An unknown or already deleted id is
/// not an error (Medusa answers the same body).
pub async fn delete(state: &AppState, raw_id: &str) -> Result<()> {
    let Some(id) = CustomerGroupId::parse(raw_id) else {
        return Ok(());
    };
    let mut tx = state.db.begin_write().await?;
    store::soft_delete(&mut tx, &id, stores::db::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds and removes members in one transaction. Adding a member twice keeps one
/// membership; removing a non-member does nothing. An unknown group is a 404 when there is
/// something to add, and `None` otherwise (Medusa answers `{}`); an unknown customer to add
/// is a 404 and nothing changes. The group comes back with its members when
/// `with_customers`.
pub async fn change_members(
    state: &AppState,
    admin: &UserId,
    raw_id: &str,
    change: MemberChange,
    with_customers: bool,
) -> Result<Option<CustomerGroup>> {
    let group_missing = || no_such("customer_group_id", raw_id);
    let Some(id) = CustomerGroupId::parse(raw_id) else {
        return if change.add.is_empty() {
            Ok(None)
        } else {
            Err(group_missing())
        };
    };
    let mut tx = state.db.begin_write().await?;
    let Some(group) = store::find_in(&mut tx, &id).await? else {
        return if change.add.is_empty() {
            Ok(None)
        } else {
            Err(group_missing())
        };
    };
    let mut add = Vec::with_capacity(change.add.len());
    for raw in &change.add {
        let customer = CustomerId::parse(raw).ok_or_else(|| no_such("customer_id", raw))?;
        add.push(customer);
    }
    let live = store::live_customers(&mut tx, &add).await?;
    if let Some(missing) = add.iter().find(|id| !live.iter().any(|l| l == id.as_str())) {
        return Err(no_such("customer_id", missing.as_str()));
    }
    let remove: Vec<CustomerId> = change
        .remove
        .iter()
        .filter_map(|raw| CustomerId::parse(raw))
        .collect();
    let now = stores::db::now();
    store::add_members(&mut tx, &id, &add, Some(admin.as_str()), now).await?;
    store::remove_members(&mut tx, &id, &remove).await?;
    tx.commit().await?;
    with_members(state, group, with_customers).await.map(Some)
}

/// A group name from a back-office form: required there (a blank name is nothing a person
/// can pick from a list), without surrounding spaces.
pub fn name_from_form(raw: &str) -> Result<Text> {
    match raw.trim() {
        "" => Err(Error::invalid_field("name", IssueKind::Required)),
        name => Text::name(name).map_err(|kind| Error::invalid_field("name", kind)),
    }
}

/// A form's refusal of a name another live group has is a problem with its name field.
fn on_name_field(error: Error, name: &str) -> Error {
    match (&error, name_taken(name)) {
        (Error::InvalidData(said), Error::InvalidData(taken)) if *said == taken => {
            Error::invalid_field(
                "name",
                IssueKind::Other("A customer group with this name already exists.".into()),
            )
        }
        _ => error,
    }
}

/// Creates a group from the back office's form.
pub async fn create_from_form(
    state: &AppState,
    admin: &UserId,
    name: &str,
) -> Result<CustomerGroup> {
    let name = name_from_form(name)?;
    let wanted = name.as_str().to_owned();
    create(
        state,
        admin,
        NewGroup {
            name,
            metadata: None,
        },
    )
    .await
    .map_err(|error| on_name_field(error, &wanted))
}

/// Renames a group from the back office's form.
pub async fn rename_from_form(state: &AppState, raw_id: &str, name: &str) -> Result<CustomerGroup> {
    let name = name_from_form(name)?;
    let wanted = name.as_str().to_owned();
    let change = GroupChange {
        name: Some(name),
        metadata: MetadataChange::default(),
    };
    update(state, raw_id, change, false)
        .await
        .map_err(|error| on_name_field(error, &wanted))
}
