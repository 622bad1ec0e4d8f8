//! The customer group pages: the list with its search and create form
//! (`/app/customer-groups`), and one group (`/app/customer-groups/{id}`) with its rename and
//! delete forms, its members (searchable) and the search for customers to add.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::shared::{Customer, CustomerGroup, PublicError};

/// Groups on one page of the list.
pub const GROUPS_PER_PAGE: i64 = 50;
/// Members on one page of a group.
pub const MEMBERS_PER_PAGE: i64 = 50;
/// Customers a search for new members shows at most.
pub const CANDIDATES_MAX: i64 = 20;

/// A page of groups, by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupListPage {
    pub groups: Vec<CustomerGroup>,
    /// How many groups match, on every page.
    pub count: i64,
    pub offset: i64,
}

/// A customer found by the search for new members, and whether it is one already.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub customer: Customer,
    pub is_member: bool,
}

/// One group with a page of its members and, when a search for new members was made, what
/// it found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupDetailPage {
    /// The group (its `customers` are not loaded: see `members`).
    pub group: CustomerGroup,
    /// Members matching the member search, by email.
    pub members: Vec<Customer>,
    /// How many members match the member search, on every page.
    pub member_count: i64,
    pub members_offset: i64,
    /// `None` when no search for new members was made.
    pub candidates: Option<Vec<Candidate>>,
}

/// An offset from an address: blank is the start; anything but a whole number from 0 is
/// refused, naming `field`.
#[cfg(feature = "ssr")]
fn offset_of(field: &str, raw: &str) -> Result<i64, crate::error::Error> {
    use crate::{error::Error, shared::IssueKind};
    match raw.trim() {
        "" => Ok(0),
        raw => raw.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            Error::invalid_field(
                field,
                IssueKind::Other("The position in the list must be a whole number.".into()),
            )
        }),
    }
}

/// A page of groups whose names hold every word of `q`; `None` when no admin is signed in.
#[server(prefix = "/api", endpoint = "admin_list_groups")]
pub async fn list_groups(q: String, offset: String) -> Result<Option<GroupListPage>, PublicError> {
    use super::actor::signed_in;
    use crate::{error::Error, server_fns::context::fail, services::customer_groups, shared::Sort};

    let Some((state, _admin)) = signed_in().await? else {
        return Ok(None);
    };
    let offset = offset_of("offset", &offset).map_err(fail)?;
    let mut query = customer_groups::ListQuery {
        sort: Sort {
            column: "name",
            descending: false,
        },
        limit: GROUPS_PER_PAGE,
        offset,
        ..customer_groups::ListQuery::default()
    };
    query
        .set_search(&q)
        .map_err(|kind| fail(Error::invalid_field("q", kind)))?;
    let (groups, count) = customer_groups::list(&state, &query, false)
        .await
        .map_err(fail)?;
    Ok(Some(GroupListPage {
        groups,
        count,
        offset,
    }))
}

/// Group `id` with a page of its members matching `members_q`, and the customers matching
/// `add_q` when it is not blank. `None` when no admin is signed in; an unknown group is
/// `not_found`.
#[server(prefix = "/api", endpoint = "admin_get_group")]
pub async fn get_group(
    id: String,
    members_q: String,
    members_offset: String,
    add_q: String,
) -> Result<Option<GroupDetailPage>, PublicError> {
    use super::actor::signed_in;
    use crate::{
        server_fns::context::fail,
        services::{
            admin_customers::{self, Include, ListQuery},
            customer_groups,
        },
    };

    let Some((state, _admin)) = signed_in().await? else {
        return Ok(None);
    };
    let group = customer_groups::get(&state, &id, false)
        .await
        .map_err(fail)?;
    let members_offset = offset_of("members_offset", &members_offset).map_err(fail)?;
    let fail_on = |result: Result<(), crate::shared::Issue>| {
        result.map_err(|issue| fail(crate::error::Error::Validation(vec![issue])))
    };
    let mut members = ListQuery::default();
    fail_on(members.set_groups(vec![group.id.to_string()]))?;
    fail_on(members.set_search(&members_q))?;
    fail_on(members.set_order("email"))?;
    fail_on(members.set_limit(MEMBERS_PER_PAGE))?;
    fail_on(members.set_offset(members_offset))?;
    let (members, member_count) = admin_customers::list(&state, &members, Include::default())
        .await
        .map_err(fail)?;
    let candidates = if add_q.trim().is_empty() {
        None
    } else {
        let mut search = ListQuery::default();
        fail_on(search.set_search(&add_q).map_err(|mut issue| {
            issue.field = "add_q".into();
            issue
        }))?;
        fail_on(search.set_order("email"))?;
        fail_on(search.set_limit(CANDIDATES_MAX))?;
        let include = Include {
            addresses: false,
            groups: true,
        };
        let (found, _) = admin_customers::list(&state, &search, include)
            .await
            .map_err(fail)?;
        Some(
            found
                .into_iter()
                .map(|customer| Candidate {
                    is_member: customer.groups.iter().any(|g| g.id == group.id),
                    customer,
                })
                .collect(),
        )
    };
    Ok(Some(GroupDetailPage {
        group,
        members,
        member_count,
        members_offset,
        candidates,
    }))
}

/// The create form: a new group by the signed-in admin, then its page.
#[server(prefix = "/api", endpoint = "admin_create_group")]
pub async fn create_group(name: String) -> Result<(), PublicError> {
    use super::actor::required;
    use crate::{server_fns::context::fail, services::customer_groups};

    let sent = [("name", name.as_str())];
    let (state, admin) = required().await.map_err(|e| e.with_submitted(sent))?;
    let group = customer_groups::create_from_form(&state, &admin.user_id, &name)
        .await
        .map_err(|error| fail(error).with_submitted(sent))?;
    leptos_axum::redirect(&format!("/app/customer-groups/{}?created=1", group.id));
    Ok(())
}

/// The rename form of group `id`.
#[server(prefix = "/api", endpoint = "admin_rename_group")]
pub async fn rename_group(id: String, name: String) -> Result<(), PublicError> {
    use super::actor::required;
    use crate::{server_fns::context::fail, services::customer_groups};

    let sent = [("name", name.as_str())];
    let (state, _admin) = required().await.map_err(|e| e.with_submitted(sent))?;
    let group = customer_groups::rename_from_form(&state, &id, &name)
        .await
        .map_err(|error| fail(error).with_submitted(sent))?;
    leptos_axum::redirect(&format!("/app/customer-groups/{}?renamed=1", group.id));
    Ok(())
}

/// The confirmed delete of group `id`: its memberships end, its customers stay.
#[server(prefix = "/api", endpoint = "admin_delete_group")]
pub async fn delete_group(id: String) -> Result<(), PublicError> {
    use super::actor::required;
    use crate::{server_fns::context::fail, services::customer_groups};

    let (state, _admin) = required().await?;
    customer_groups::delete(&state, &id).await.map_err(fail)?;
    leptos_axum::redirect("/app/customer-groups?deleted=1");
    Ok(())
}

/// The ids a member form's checkboxes sent; none is a problem with the whole form (there
/// is no one field to point at), said as `none`.
#[cfg(feature = "ssr")]
fn selected(
    customer_ids: Option<Vec<String>>,
    none: &str,
) -> Result<Vec<String>, crate::error::Error> {
    let ids: Vec<String> = customer_ids
        .unwrap_or_default()
        .into_iter()
        .filter(|id| !id.trim().is_empty())
        .collect();
    if ids.is_empty() {
        return Err(crate::error::Error::InvalidData(none.into()));
    }
    Ok(ids)
}

/// Adds the customers ticked in the search results to group `id`.
#[server(prefix = "/api", endpoint = "admin_add_group_members")]
pub async fn add_group_members(
    id: String,
    customer_ids: Option<Vec<String>>,
) -> Result<(), PublicError> {
    use super::actor::required;
    use crate::{
        server_fns::context::fail,
        services::customer_groups::{self, MemberChange},
    };

    let (state, admin) = required().await?;
    let add = selected(customer_ids, "Select the customers to add.").map_err(fail)?;
    let added = add.len();
    let change = MemberChange {
        add,
        remove: Vec::new(),
    };
    let group = customer_groups::change_members(&state, &admin.user_id, &id, change, false)
        .await
        .map_err(fail)?
        .ok_or_else(|| fail(customer_groups::not_found(&id)))?;
    leptos_axum::redirect(&format!("/app/customer-groups/{}?added={added}", group.id));
    Ok(())
}

/// Removes the members ticked in the member list from group `id`.
#[server(prefix = "/api", endpoint = "admin_remove_group_members")]
pub async fn remove_group_members(
    id: String,
    customer_ids: Option<Vec<String>>,
) -> Result<(), PublicError> {
    use super::actor::required;
    use crate::{
        server_fns::context::fail,
        services::customer_groups::{self, MemberChange},
    };

    let (state, admin) = required().await?;
    let remove = selected(customer_ids, "Select the members to remove.").map_err(fail)?;
    let removed = remove.len();
    // An unknown group is found first, so that the page can say so.
    let group = customer_groups::get(&state, &id, false)
        .await
        .map_err(fail)?;
    let change = MemberChange {
        add: Vec::new(),
        remove,
    };
    customer_groups::change_members(&state, &admin.user_id, &id, change, false)
        .await
        .map_err(fail)?;
    leptos_axum::redirect(&format!(
        "/app/customer-groups/{}?removed={removed}",
        group.id
    ));
    Ok(())
}
