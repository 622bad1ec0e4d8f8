//! Medusa v1's store customer routes (seeds 001, 002) over the same rules as v2: a v1
//! sign-in is a v2 sign-in (same throttle, same session), v1's `access_token` is our login
//! token, v1's billing address is the address book's default billing address, a v1
//! password change ends the login's other credentials like the v2 one, and v1's password
//! reset spends the same single-use token the v2 reset emails.

use serde_json::{Map, Value};
use std::net::IpAddr;
use tower_sessions::Session;

use super::{
    addresses, customers, identities,
    passwords::{self, ResetToken},
};
use crate::{
    auth::ActorType,
    error::{Error, Result},
    shared::{
        Address, AddressChange, AuthIdentityId, Customer, CustomerId, Email, NewAddress, Password,
        Patch, ProfileUpdate,
    },
    state::AppState,
    stores::{self, identities::Identity},
};

/// v1's answer to any reset that cannot be done: unknown email, a token that is not the
/// email's, or a used, superseded or expired one.
pub const INVALID_RESET_TOKEN: &str = "Invalid or expired password reset token";

/// v1's wording for an unknown billing address id (no colon, unlike v2's address routes).
pub fn billing_address_not_found(id: &str) -> Error {
    Error::NotFound(format!("Address with id {id} was not found"))
}

/// v1's `access_token`: our customer login token, accepted as a bearer on every route,
/// carrying v1's `customer_id` and `domain: "store"` claims as well as ours.
pub fn access_token(state: &AppState, identity: &Identity) -> String {
    let claims = identities::login_claims(state, identity);
    let mut extra = Map::new();
    extra.insert("customer_id".into(), Value::String(claims.actor_id.clone()));
    extra.insert("domain".into(), Value::from("store"));
    state.jwt.sign_with_extra(&claims, &extra)
}

/// `GET /store/auth/{email}`: whether a registered customer signs in with this email (any
/// case). It tells strangers which emails have accounts, so each look-up spends the
/// client address's sign-in allowance (429 beyond it). Anything that is not an email has
/// no account.
pub async fn email_exists(state: &AppState, client: Option<IpAddr>, email: &str) -> Result<bool> {
    state.throttle.account_lookup(&state.db, client).await?;
    let Ok(email) = Email::parse(email) else {
        return Ok(false);
    };
    let login =
        stores::identities::find_by_email(&state.db, ActorType::Customer, &email.normalized())
            .await?;
    Ok(login.is_some_and(|login| login.customer_id.is_some()))
}

/// v1's `billing_address` on a profile update.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum BillingAddress {
    /// Not sent.
    #[default]
    Keep,
    /// `null`: no address is the default billing address any more.
    Clear,
    /// An address id: that address of the customer becomes the default billing address.
    Existing(String),
    /// An address object: the current default billing address changes in place, or, when
    /// there is none, a new address is added as the default billing address.
    Fields(Box<AddressChange>),
}

/// A v1 profile update: v2's profile fields plus v1's billing address and password.
#[derive(Debug, Default)]
pub struct ProfileChange {
    pub profile: ProfileUpdate,
    pub billing_address: BillingAddress,
    pub password: Option<Password>,
}

/// Who is changing their profile, and through which session (kept signed in when the
/// password changes).
pub struct Caller<'a> {
    pub customer_id: &'a CustomerId,
    pub identity_id: Option<&'a AuthIdentityId>,
    pub session: Option<&'a Session>,
}

/// `POST /store/customers/me` with v1's fields: every change in one transaction, so an
/// unknown billing address id changes nothing. A new password (no current one asked, as in
/// v1: the caller is signed in) ends every other credential of the login as the v2
/// password change does; the caller's session stays signed in.
pub async fn update_profile(
    state: &AppState,
    caller: Caller<'_>,
    change: ProfileChange,
) -> Result<Customer> {
    let ProfileChange {
        profile,
        billing_address,
        password,
    } = change;
    // Hashed before the transaction: the write lock is not held while argon2 runs.
    let new_password = match &password {
        Some(password) => {
            let identity = caller.identity_id.ok_or(Error::Unauthenticated)?;
            Some((identity, state.hasher.hash(password).await?))
        }
        None => None,
    };
    let customer_id = caller.customer_id;
    let mut tx = addresses::lock_customer(state, customer_id).await?;
    if !profile.is_empty() {
        customers::update_profile_in(&mut tx, customer_id, profile).await?;
    }
    set_billing_address(&mut tx, customer_id, billing_address).await?;
    if let Some((identity, hash)) = &new_password {
        if !stores::identities::set_password(&mut tx, identity, hash, stores::db::now()).await? {
            return Err(Error::Unauthenticated);
        }
    }
    tx.commit().await?;
    if let Some((identity, _)) = new_password {
        passwords::end_other_credentials(state, identity, caller.session).await?;
    }
    customers::get(state, customer_id).await
}

async fn set_billing_address(
    tx: &mut stores::Tx,
    customer_id: &CustomerId,
    billing: BillingAddress,
) -> Result<()> {
    match billing {
        BillingAddress::Keep => {}
        BillingAddress::Clear => {
            if let Some(address) = default_billing(tx, customer_id).await? {
                let change = AddressChange {
                    is_default_billing: Some(false),
                    ..AddressChange::default()
                };
                addresses::update_in(tx, customer_id, address.id.as_str(), change).await?;
            }
        }
        BillingAddress::Existing(id) => {
            addresses::update_in(tx, customer_id, &id, AddressChange::make_default(false))
                .await
                .map_err(|error| match error {
                    Error::NotFound(_) => billing_address_not_found(&id),
                    other => other,
                })?;
        }
        BillingAddress::Fields(change) => {
            let change = AddressChange {
                is_default_billing: Some(true),
                ..*change
            };
            match default_billing(tx, customer_id).await? {
                Some(address) => {
                    addresses::update_in(tx, customer_id, address.id.as_str(), change).await?;
                }
                None => {
                    addresses::add_in(tx, customer_id, new_address(change)).await?;
                }
            }
        }
    }
    Ok(())
}

async fn default_billing(tx: &mut stores::Tx, customer_id: &CustomerId) -> Result<Option<Address>> {
    let book = stores::addresses::list_in(tx, customer_id).await?;
    Ok(book.into_iter().find(|address| address.is_default_billing))
}

/// The address an address object describes when there is none to change: what it sets.
fn new_address(change: AddressChange) -> NewAddress {
    fn set<T>(patch: Patch<T>) -> Option<T> {
        match patch {
            Patch::Set(value) => Some(value),
            Patch::Keep | Patch::Clear => None,
        }
    }
    NewAddress {
        address_name: set(change.address_name),
        company: set(change.company),
        first_name: set(change.first_name),
        last_name: set(change.last_name),
        address_1: set(change.address_1),
        address_2: set(change.address_2),
        city: set(change.city),
        country_code: set(change.country_code),
        province: set(change.province),
        postal_code: set(change.postal_code),
        phone: set(change.phone),
        metadata: change.metadata.apply(None).ok().flatten(),
        is_default_shipping: change.is_default_shipping.unwrap_or(false),
        is_default_billing: change.is_default_billing.unwrap_or(false),
    }
}

/// `POST /store/customers/me/addresses` with v1's `{address: …}`: adds the address unless
/// the customer already has one at the same place for the same person (v1 compares
/// country, both address lines, city, phone, postal code, province and both names), in
/// which case nothing changes.
pub async fn add_address(
    state: &AppState,
    customer_id: &CustomerId,
    input: NewAddress,
) -> Result<Customer> {
    let mut tx = addresses::lock_customer(state, customer_id).await?;
    let book = stores::addresses::list_in(&mut tx, customer_id).await?;
    if !book.iter().any(|address| same_place(address, &input)) {
        addresses::add_in(&mut tx, customer_id, input).await?;
    }
    tx.commit().await?;
    customers::get(state, customer_id).await
}

fn same_place(address: &Address, input: &NewAddress) -> bool {
    let text = |value: &Option<crate::shared::Text>| value.as_ref().map(|t| t.as_str().to_owned());
    address.country_code == text(&input.country_code)
        && address.address_1 == text(&input.address_1)
        && address.address_2 == text(&input.address_2)
        && address.city == text(&input.city)
        && address.phone == input.phone.clone().map(String::from)
        && address.postal_code == text(&input.postal_code)
        && address.province == text(&input.province)
        && address.first_name == text(&input.first_name)
        && address.last_name == text(&input.last_name)
}

/// `POST /store/customers/password-reset` `{email, token, password}`: sets the password of
/// the customer the token was emailed to and answers whose it was. The token is v2's reset
/// token (single use, superseded by a newer one, [`passwords::reset`]'s rules); any token
/// that is not usable for this email is v1's 401. A login that has no customer (a v2
/// sign-up left unfinished) has nothing for v1 to answer with, so it is refused before the
/// token is spent.
pub async fn reset_password(
    state: &AppState,
    email: &Email,
    token: &str,
    password: &str,
) -> Result<CustomerId> {
    let invalid = || Error::Unauthorized(INVALID_RESET_TOKEN.into());
    let token = ResetToken::verify(state, token).map_err(|_| invalid())?;
    if !token.is_for(email.as_str()) {
        return Err(invalid());
    }
    let login =
        stores::identities::find_by_email(&state.db, ActorType::Customer, &email.normalized())
            .await?
            .ok_or_else(invalid)?;
    if login.customer_id.is_none() {
        return Err(invalid());
    }
    let login = passwords::reset(state, &token, Some(password))
        .await
        .map_err(|error| match error {
            Error::Unauthorized(_) | Error::Unauthenticated => invalid(),
            other => other,
        })?;
    login.customer_id.ok_or_else(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::{address, Metadata, MetadataChange};

    #[test]
    fn an_address_object_without_an_address_to_change_becomes_a_new_one() {
        let metadata = Metadata::from_value(&serde_json::json!({"gate": "B"})).unwrap();
        let created = new_address(AddressChange {
            city: Patch::Set(address::text("Oslo").unwrap()),
            company: Patch::Clear,
            metadata: MetadataChange::Merge(metadata.clone()),
            is_default_billing: Some(true),
            ..AddressChange::default()
        });
        assert_eq!(created.city.unwrap().as_str(), "Oslo");
        assert_eq!(created.company, None);
        assert_eq!(created.metadata, Some(metadata));
        assert!(created.is_default_billing && !created.is_default_shipping);
    }

    #[test]
    fn the_same_place_ignores_company_and_metadata_but_not_names() {
        let now = chrono::Utc::now();
        let stored = Address {
            id: crate::shared::AddressId::generate(),
            customer_id: CustomerId::generate(),
            address_name: None,
            is_default_shipping: false,
            is_default_billing: false,
            company: Some("Acme".into()),
            first_name: Some("Ada".into()),
            last_name: Some("Lovelace".into()),
            address_1: Some("1 Main St".into()),
            address_2: None,
            city: Some("Oslo".into()),
            country_code: Some("no".into()),
            province: None,
            postal_code: Some("0150".into()),
            phone: None,
            metadata: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        };
        let text = |s: &str| Some(address::text(s).unwrap());
        let input = NewAddress {
            first_name: text("Ada"),
            last_name: text("Lovelace"),
            address_1: text("1 Main St"),
            city: text("Oslo"),
            country_code: text("no"),
            postal_code: text("0150"),
            ..NewAddress::default()
        };
        assert!(same_place(&stored, &input));
        let other_person = NewAddress {
            first_name: text("Charles"),
            ..input.clone()
        };
        assert!(!same_place(&stored, &other_person));
        let with_line_2 = NewAddress {
            address_2: text("Flat 2"),
            ..input
        };
        assert!(!same_place(&stored, &with_line_2));
    }
}
