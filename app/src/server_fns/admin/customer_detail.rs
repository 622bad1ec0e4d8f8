//! What the back office's customer page reads: the customer with its addresses and groups,
//! and the groups it could join. Answers `Ok(None)` when no admin is signed in, so that the
//! page (not the server function) sends the visitor to the admin sign-in page.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::GroupOption;
use crate::shared::{Customer, PublicError};

/// The most groups the "add to a group" list offers (by name); a shop with more groups adds
/// members from the group's own page.
pub const MAX_GROUP_CHOICES: i64 = 500;

/// A customer as its page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerDetail {
    /// With its addresses and its groups.
    pub customer: Customer,
    /// The live groups it is not in, by name.
    pub joinable: Vec<GroupOption>,
    /// The email of the admin who created it, when an admin did and is still there.
    pub created_by_email: Option<String>,
}

/// Customer `id` with its addresses and groups, and the groups it could join. An unknown,
/// deleted or malformed id is `not_found`.
#[server(prefix = "/api", endpoint = "admin_customer_detail")]
pub async fn admin_customer_detail(id: String) -> Result<Option<CustomerDetail>, PublicError> {
    use crate::{
        error::Error,
        server_fns::context::fail,
        services::{admin_customers, admin_users, customer_groups},
        shared::UserId,
    };

    let Some((state, _admin)) = super::actor::signed_in().await? else {
        return Ok(None);
    };
    let id = admin_customers::id_for_read(&id).map_err(fail)?;
    let customer = admin_customers::get(&state, &id, admin_customers::Include::ALL)
        .await
        .map_err(fail)?;
    let mut query = customer_groups::ListQuery {
        limit: MAX_GROUP_CHOICES,
        ..customer_groups::ListQuery::default()
    };
    query.set_order("name").map_err(fail)?;
    let (groups, _) = customer_groups::list(&state, &query, false)
        .await
        .map_err(fail)?;
    let joinable = groups
        .into_iter()
        .filter(|group| !customer.groups.iter().any(|joined| joined.id == group.id))
        .map(|group| GroupOption {
            id: group.id.to_string(),
            name: group.name,
        })
        .collect();
    let created_by = customer.created_by.as_deref().and_then(UserId::parse);
    let created_by_email = match created_by {
        None => None,
        Some(user) => match admin_users::get(&state, &user).await {
            Ok(admin) => Some(admin.email),
            Err(Error::NotFound(_)) => None,
            Err(error) => return Err(fail(error)),
        },
    };
    Ok(Some(CustomerDetail {
        customer,
        joinable,
        created_by_email,
    }))
}
