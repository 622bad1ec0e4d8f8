//! The back office's forms for a customer's groups, from the customer's page: join a group
//! chosen from a list, or leave one. Both write the same membership set as the group's own
//! page, recording the admin who added the customer.

use leptos::prelude::*;

use crate::shared::PublicError;

/// Adds customer `customer_id` to group `group_id` (the "add to a group" form's choice).
#[server(prefix = "/api", endpoint = "admin_add_customer_to_group")]
pub async fn admin_add_customer_to_group(
    customer_id: String,
    group_id: String,
) -> Result<(), PublicError> {
    use crate::{
        error::Error,
        server_fns::context::fail,
        services::admin_customers,
        shared::{Issue, IssueKind},
    };

    let (state, admin) = super::actor::required().await?;
    let customer = admin_customers::id_for_write(&customer_id).map_err(fail)?;
    if group_id.trim().is_empty() {
        return Err(fail(Error::Validation(vec![Issue::new(
            "group_id",
            IssueKind::Other("Choose a group to add the customer to.".into()),
        )])));
    }
    admin_customers::change_groups_by(
        &state,
        Some(&admin.user_id),
        &customer,
        vec![group_id],
        Vec::new(),
    )
    .await
    .map_err(fail)?;
    leptos_axum::redirect(&format!("/app/customers/{customer}?group=added"));
    Ok(())
}

/// Removes customer `customer_id` from group `group_id` (a group's "Remove" button).
#[server(prefix = "/api", endpoint = "admin_remove_customer_from_group")]
pub async fn admin_remove_customer_from_group(
    customer_id: String,
    group_id: String,
) -> Result<(), PublicError> {
    use crate::{server_fns::context::fail, services::admin_customers};

    let (state, admin) = super::actor::required().await?;
    let customer = admin_customers::id_for_write(&customer_id).map_err(fail)?;
    admin_customers::change_groups_by(
        &state,
        Some(&admin.user_id),
        &customer,
        Vec::new(),
        vec![group_id],
    )
    .await
    .map_err(fail)?;
    leptos_axum::redirect(&format!("/app/customers/{customer}?group=removed"));
    Ok(())
}
