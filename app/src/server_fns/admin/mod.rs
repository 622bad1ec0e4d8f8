//! The back office's server functions.

pub mod customer_addresses;
pub mod customer_detail;
pub mod customer_memberships;
pub mod customer_orders;
pub mod customer_profile;

pub use customer_addresses::{
    AdminAddCustomerAddress, AdminDeleteCustomerAddress, AdminSetCustomerAddressDefault,
    AdminUpdateCustomerAddress,
};
pub use customer_detail::{admin_customer_detail, CustomerDetail, GroupChoice};
pub use customer_memberships::{AdminAddCustomerToGroup, AdminRemoveCustomerFromGroup};
pub use customer_orders::{admin_customer_order, admin_customer_orders};
pub use customer_profile::{AdminDeleteCustomer, AdminUpdateCustomer};

// TEMPORARY stand-in for the admin-ui branch's module.
#[cfg(feature = "ssr")]
pub(crate) mod actor {
    use crate::{
        auth::AdminActor, error::Error, server_fns::context, shared::PublicError,
        state::AppState,
    };

    pub async fn signed_in() -> Result<Option<(AppState, AdminActor)>, PublicError> {
        let state = context::state()?;
        match AdminActor::from_parts(&state, &context::parts()?).await {
            Ok(actor) => Ok(Some((state, actor))),
            Err(Error::Unauthenticated) => Ok(None),
            Err(error) => Err(context::fail(error)),
        }
    }

    pub async fn required() -> Result<(AppState, AdminActor), PublicError> {
        signed_in()
            .await?
            .ok_or_else(|| context::fail(Error::Unauthenticated))
    }
}
