//! The customer read model (field names as Medusa's wire uses them) and the validated inputs
//! that create or change one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    customer_group::CustomerGroup, email::Email, ids::AddressId, ids::CustomerId,
    metadata::Metadata, metadata::MetadataChange, patch::Patch, phone::Phone, text::Text,
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: CustomerId,
    /// As entered; guest customers created by an admin may have none.
    pub email: Option<String>,
    pub company_name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub metadata: Option<Metadata>,
    /// True for customers who registered (have a login); false for guests.
    pub has_account: bool,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub addresses: Vec<Address>,
    /// The customer's live groups; loaded only when a caller asks for them (like
    /// `addresses` on the admin routes).
    #[serde(default)]
    pub groups: Vec<CustomerGroup>,
}

impl Customer {
    /// "First Last", or the email when no name is known.
    pub fn display_name(&self) -> String {
        let name = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|part| !part.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            self.email.clone().unwrap_or_default()
        } else {
            name
        }
    }

    pub fn default_billing_address(&self) -> Option<&Address> {
        self.addresses.iter().find(|a| a.is_default_billing)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Address {
    pub id: AddressId,
    pub customer_id: CustomerId,
    pub address_name: Option<String>,
    pub is_default_shipping: bool,
    pub is_default_billing: bool,
    pub company: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub address_1: Option<String>,
    pub address_2: Option<String>,
    pub city: Option<String>,
    pub country_code: Option<String>,
    pub province: Option<String>,
    pub postal_code: Option<String>,
    pub phone: Option<String>,
    pub metadata: Option<Metadata>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// The profile of a customer being created.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewCustomer {
    pub email: Option<Email>,
    pub first_name: Option<Text>,
    pub last_name: Option<Text>,
    pub phone: Option<Phone>,
    pub company_name: Option<Text>,
    pub metadata: Option<Metadata>,
}

/// A change to a customer's own profile. The email is not part of it: it is the login.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProfileUpdate {
    pub first_name: Patch<Text>,
    pub last_name: Patch<Text>,
    pub phone: Patch<Phone>,
    pub company_name: Patch<Text>,
    pub metadata: MetadataChange,
}

/// An admin's change to a customer: absent fields keep their value, cleared ones become
/// none, metadata merges (§2.5). Unlike [`ProfileUpdate`], the email may change here (the
/// customer's login, if any, keeps its own).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerChange {
    pub email: Patch<Email>,
    pub first_name: Patch<Text>,
    pub last_name: Patch<Text>,
    pub phone: Patch<Phone>,
    pub company_name: Patch<Text>,
    pub metadata: MetadataChange,
}

impl ProfileUpdate {
    pub fn is_empty(&self) -> bool {
        self.first_name.is_keep()
            && self.last_name.is_keep()
            && self.phone.is_keep()
            && self.company_name.is_keep()
            && self.metadata.is_keep()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(first: Option<&str>, last: Option<&str>) -> Customer {
        let now = Utc::now();
        Customer {
            id: CustomerId::parse("cus_01M82363EKDZQQNAMPA3XGMFKF").unwrap(),
            email: Some("tony@start.com".into()),
            company_name: None,
            first_name: first.map(Into::into),
            last_name: last.map(Into::into),
            phone: None,
            metadata: None,
            has_account: true,
            created_by: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            addresses: vec![],
            groups: vec![],
        }
    }

    #[test]
    fn display_name_falls_back_to_email() {
        assert_eq!(
            customer(Some("John"), Some("Doe")).display_name(),
            "John Doe"
        );
        assert_eq!(customer(Some("John"), None).display_name(), "John");
        assert_eq!(customer(Some(" "), None).display_name(), "tony@start.com");
    }

    #[test]
    fn an_update_with_nothing_in_it_is_empty() {
        assert!(ProfileUpdate::default().is_empty());
        let update = ProfileUpdate {
            phone: Patch::Clear,
            ..Default::default()
        };
        assert!(!update.is_empty());
    }
}
