//! The back office's server functions (`/app` pages): signing an admin in and out, and the
//! pages' reads and writes over the admin services — the same services `/admin/*` calls.
//! Reads answer `Ok(None)` when no admin is signed in, so that the page (not the server
//! function) sends the visitor to the sign-in page; writes answer 401.

pub mod customer_addresses;
pub mod customer_detail;
pub mod customer_memberships;
pub mod customer_orders;
pub mod customer_profile;
pub mod customers;
pub mod groups;
pub mod session;

pub use customer_addresses::{
    AdminAddCustomerAddress, AdminDeleteCustomerAddress, AdminSetCustomerAddressDefault,
    AdminUpdateCustomerAddress,
};
pub use customer_detail::{admin_customer_detail, CustomerDetail};
pub use customer_memberships::{AdminAddCustomerToGroup, AdminRemoveCustomerFromGroup};
pub use customer_orders::{admin_customer_order, admin_customer_orders};
pub use customer_profile::{AdminDeleteCustomer, AdminUpdateCustomer};

pub use customers::{
    CreateCustomer, CustomerListPage, CustomerListParams, GroupOption, ListCustomers,
};
pub use groups::{
    AddGroupMembers, Candidate, CreateGroup, DeleteGroup, GetGroup, GroupDetailPage, GroupListPage,
    ListGroups, RemoveGroupMembers, RenameGroup,
};
pub use session::{back_office_target, AdminLogin, AdminLogout, CurrentAdmin};

#[cfg(feature = "ssr")]
pub(crate) mod actor {
    use crate::{
        auth::AdminActor, error::Error, server_fns::context, shared::PublicError, state::AppState,
    };

    /// The admin signed in to this request (the session's admin slot or a bearer token), or
    /// `None`: a customer's credential is nobody here.
    pub async fn signed_in() -> Result<Option<(AppState, AdminActor)>, PublicError> {
        let state = context::state()?;
        match AdminActor::from_parts(&state, &context::parts()?).await {
            Ok(actor) => Ok(Some((state, actor))),
            Err(Error::Unauthenticated) => Ok(None),
            Err(error) => Err(context::fail(error)),
        }
    }

    /// The signed-in admin a write needs; nobody is a 401.
    pub async fn required() -> Result<(AppState, AdminActor), PublicError> {
        signed_in()
            .await?
            .ok_or_else(|| context::fail(Error::Unauthenticated))
    }
}
