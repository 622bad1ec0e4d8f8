//! Types both the server and the browser compile: typed ids, validated input values, the
//! customer read model and the public error form. Nothing here touches a database.

pub mod address;
pub mod admin_user;
pub mod countries;
pub mod customer;
pub mod customer_group;
pub mod email;
pub mod error;
pub mod ids;
pub mod list;
pub mod metadata;
pub mod money;
pub mod order;
pub mod password;
pub mod password_rules;
pub mod patch;
pub mod phone;
pub mod text;
pub mod validation;

pub use address::{AddressChange, NewAddress};
pub use admin_user::AdminUser;
pub use customer::{Address, Customer, CustomerChange, NewCustomer, ProfileUpdate};
pub use customer_group::CustomerGroup;
pub use email::Email;
pub use error::{ErrorKind, PublicError};
pub use ids::{
    AddressId, AuthIdentityId, CustomerGroupId, CustomerGroupMembershipId, CustomerId, EmailId,
    PasswordResetTokenId, PublishableKeyId, UserId,
};
pub use list::{Compare, DateBound, Sort};
pub use metadata::{Metadata, MetadataChange};
pub use money::Currency;
pub use order::{
    FulfillmentStatus, Order, OrderAddress, OrderId, OrderItem, OrderShippingMethod, OrderStatus,
    OrderTotals, PaymentStatus,
};
pub use password::Password;
pub use password_rules::PasswordRules;
pub use patch::Patch;
pub use phone::Phone;
pub use text::Text;
pub use validation::{Issue, IssueKind, Issues};
