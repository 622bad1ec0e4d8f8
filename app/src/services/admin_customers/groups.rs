//! A customer's group memberships, changed from the customer's side (the group's side is
//! `services::customer_groups::change_members`; both write the same set).

use super::{get, no_such, Include};
use crate::{
    error::{Error, Result},
    services::customer_groups::MAX_MEMBER_IDS,
    shared::{Customer, CustomerGroupId, CustomerId, UserId},
    state::AppState,
    stores,
};

/// Adds the customer to the groups `add` and removes it from the groups `remove`, in one
/// transaction; answers the customer with its groups. See [`change_groups_by`].
pub async fn change_groups(
    state: &AppState,
    id: &CustomerId,
    add: Vec<String>,
    remove: Vec<String>,
) -> Result<Customer> {
    change_groups_by(state, None, id, add, remove).await
}

/// As [`change_groups`], recording `admin` as who made the new memberships. Adding a group
/// the customer is in, or removing one it is not in, does nothing. An unknown or deleted
/// group to add is a 404 and nothing changes; so is an unknown customer (Medusa answers
/// `{}` when there is nothing to add; we say the customer is not there).
pub async fn change_groups_by(
    state: &AppState,
    admin: Option<&UserId>,
    id: &CustomerId,
    add: Vec<String>,
    remove: Vec<String>,
) -> Result<Customer> {
    for (field, ids) in [("add", &add), ("remove", &remove)] {
        if ids.len() > MAX_MEMBER_IDS {
            return Err(Error::InvalidData(format!(
                "{field} may list at most {MAX_MEMBER_IDS} ids; {} were sent",
                ids.len()
            )));
        }
    }
    let mut tx = state.db.begin_write().await?;
    stores::customers::find_for_update(&mut tx, id)
        .await?
        .ok_or_else(|| no_such("customer_id", id.as_str()))?;
    let mut to_add = Vec::with_capacity(add.len());
    for raw in &add {
        let group = CustomerGroupId::parse(raw).ok_or_else(|| no_such("customer_group_id", raw))?;
        to_add.push(group);
    }
    let live = stores::customer_relations::live_groups(&mut tx, &to_add).await?;
    if let Some(missing) = to_add
        .iter()
        .find(|g| !live.iter().any(|l| l == g.as_str()))
    {
        return Err(no_such("customer_group_id", missing.as_str()));
    }
    let to_remove: Vec<CustomerGroupId> = remove
        .iter()
        .filter_map(|raw| CustomerGroupId::parse(raw))
        .collect();
    let now = stores::db::now();
    let members = [id.clone()];
    for group in &to_add {
        stores::customer_groups::add_members(
            &mut tx,
            group,
            &members,
            admin.map(UserId::as_str),
            now,
        )
        .await?;
    }
    stores::customer_relations::leave_groups(&mut tx, id, &to_remove).await?;
    tx.commit().await?;
    get(
        state,
        id,
        Include {
            addresses: false,
            groups: true,
        },
    )
    .await
}
