//! Customers: creating one (for a registration token, or in one step with a password),
//! reading one, and a customer editing their own profile.

use std::net::IpAddr;

use crate::{
    auth::{ActorType, AuthContext},
    error::{Error, Result},
    shared::{
        AuthIdentityId, Customer, CustomerId, Email, Issue, IssueKind, Issues, NewCustomer,
        Password, Patch, Phone, ProfileUpdate, Text,
    },
    state::AppState,
    stores::{
        self,
        customers::{NewRow, Profile},
        identities::{Identity, NewActor, NewIdentity},
    },
};

pub const ALREADY_A_CUSTOMER: &str = "Request already authenticated as a customer.";
pub const EMAIL_REQUIRED: &str = "Email is required to create a customer";
pub const EMAIL_NOT_REGISTERED: &str =
    "The email must be the one this registration token was issued for";
pub const EMAIL_HAS_ACCOUNT: &str = "Customer with this email already has an account";
pub const EMAIL_HAS_ACCOUNT_V1: &str =
    "A customer with the given email already has an account. Log in instead";

/// Everything a one-step sign-up needs.
#[derive(Debug)]
pub struct Registration {
    pub email: Email,
    pub password: Password,
    pub first_name: Option<Text>,
    pub last_name: Option<Text>,
    pub phone: Option<Phone>,
    pub company_name: Option<Text>,
}

/// The raw fields of a sign-up form (or a v1 JSON body, once its types are checked).
pub struct RegistrationForm<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub phone: Option<&'a str>,
}

impl Registration {
    /// Checks every field and reports every problem at once. First and last name are
    /// required, as Medusa v1 requires them; the phone is optional.
    pub fn parse(form: RegistrationForm<'_>, password_min_len: usize) -> Result<Self> {
        let mut issues = Issues::default();
        let email = issues.check("email", Email::parse(form.email));
        let password = issues.check("password", Password::parse(form.password, password_min_len));
        let first_name = issues.check("first_name", required_name(form.first_name));
        let last_name = issues.check("last_name", required_name(form.last_name));
        let phone = form.phone.filter(|phone| !phone.trim().is_empty());
        let phone = issues.check("phone", phone.map(Phone::parse).transpose());
        match (email, password, first_name, last_name, phone) {
            (Some(email), Some(password), Some(first_name), Some(last_name), Some(phone)) => {
                Ok(Self {
                    email,
                    password,
                    first_name: Some(first_name),
                    last_name: Some(last_name),
                    phone,
                    company_name: None,
                })
            }
            _ => Err(Error::Validation(issues.into_vec())),
        }
    }
}

fn required_name(value: &str) -> Result<Text, IssueKind> {
    if value.trim().is_empty() {
        return Err(IssueKind::Required);
    }
    Text::name(value.trim())
}

/// The raw fields of the profile form.
pub struct ProfileForm<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub phone: &'a str,
    pub company_name: &'a str,
}

/// A form sends every field: an emptied one is cleared, the others are set.
pub fn profile_update_from_form(form: ProfileForm<'_>) -> Result<ProfileUpdate> {
    fn field<T>(
        issues: &mut Issues,
        name: &str,
        value: &str,
        parse: fn(&str) -> Result<T, IssueKind>,
    ) -> Patch<T> {
        match value.trim() {
            "" => Patch::Clear,
            value => issues
                .check(name, parse(value))
                .map_or(Patch::Keep, Patch::Set),
        }
    }
    let mut issues = Issues::default();
    let update = ProfileUpdate {
        first_name: field(&mut issues, "first_name", form.first_name, Text::name),
        last_name: field(&mut issues, "last_name", form.last_name, Text::name),
        phone: field(&mut issues, "phone", form.phone, Phone::parse),
        company_name: field(&mut issues, "company_name", form.company_name, Text::name),
        metadata: Default::default(),
    };
    if issues.is_empty() {
        Ok(update)
    } else {
        Err(Error::Validation(issues.into_vec()))
    }
}

pub(crate) fn not_found(id: &CustomerId) -> Error {
    Error::NotFound(format!("Customer with id: {id} was not found"))
}

/// A live customer with their addresses.
pub async fn get(state: &AppState, id: &CustomerId) -> Result<Customer> {
    let mut customer = stores::customers::find(&state.db, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    customer.addresses = stores::addresses::list_for_customer(&state.db, id).await?;
    Ok(customer)
}

/// Medusa v2's `POST /store/customers`: creates the customer for the identity behind a
/// registration credential and links the two. The identity's next token is a login.
///
/// Stricter than Medusa, which takes any email here: the customer's email must be the one
/// the identity registered (trimmed, any case), so a token for one address cannot claim
/// another; a used token is refused; each attempt counts against the sign-up limits of
/// the registered address and of the client.
pub async fn create_for_credential(
    state: &AppState,
    client: Option<IpAddr>,
    credential: &AuthContext,
    input: NewCustomer,
) -> Result<Customer> {
    if credential.has_actor() {
        return Err(Error::InvalidData(ALREADY_A_CUSTOMER.into()));
    }
    let identity_id = credential.identity_id().ok_or(Error::Unauthenticated)?;
    let email = input
        .email
        .clone()
        .ok_or_else(|| Error::InvalidData(EMAIL_REQUIRED.into()))?;
    let registered = stores::identities::find(&state.db, &identity_id)
        .await?
        .ok_or(Error::Unauthenticated)?;
    if !registered.email.trim().eq_ignore_ascii_case(email.as_str()) {
        return Err(Error::InvalidData(EMAIL_NOT_REGISTERED.into()));
    }
    state
        .throttle
        .attempt(&state.db, client, &registered.email)
        .await?;
    let profile = Profile {
        first_name: input.first_name.map(Text::into_string),
        last_name: input.last_name.map(Text::into_string),
        phone: input.phone.map(String::from),
        company_name: input.company_name.map(Text::into_string),
        metadata: input.metadata,
    };

    let mut tx = state.db.begin_write().await?;
    let identity = stores::identities::find_for_update(&mut tx, &identity_id)
        .await?
        .ok_or(Error::Unauthenticated)?;
    if stores::customers::registered_email_exists(&mut tx, &email.normalized()).await? {
        return Err(Error::Duplicate(EMAIL_HAS_ACCOUNT.into()));
    }
    if identity.customer_id.is_some() {
        return Err(Error::InvalidData(ALREADY_A_CUSTOMER.into()));
    }
    let id = CustomerId::generate();
    let now = stores::db::now();
    insert_registered(&mut tx, &id, &email, &profile, now, EMAIL_HAS_ACCOUNT).await?;
    if !stores::identities::link_customer(&mut tx, &identity_id, &id, now).await? {
        return Err(Error::InvalidData(ALREADY_A_CUSTOMER.into()));
    }
    tx.commit().await?;
    get(state, &id).await
}

/// One-step sign-up (Medusa v1's `POST /store/customers` with a password, and the
/// registration page): login and customer are created together, or neither is.
pub async fn register(
    state: &AppState,
    client: Option<IpAddr>,
    registration: Registration,
) -> Result<(Customer, Identity)> {
    state
        .throttle
        .attempt(&state.db, client, registration.email.as_str())
        .await?;
    let Registration {
        email,
        password,
        first_name,
        last_name,
        phone,
        company_name,
    } = registration;
    let normalized = email.normalized();
    let taken = || Error::Duplicate(EMAIL_HAS_ACCOUNT_V1.into());
    // Answer a taken email before spending a hash on it.
    if stores::identities::find_by_email(&state.db, ActorType::Customer, &normalized)
        .await?
        .is_some()
    {
        return Err(taken());
    }
    let password_hash = state.hasher.hash(&password).await?;
    let profile = Profile {
        first_name: first_name.map(Text::into_string),
        last_name: last_name.map(Text::into_string),
        phone: phone.map(String::from),
        company_name: company_name.map(Text::into_string),
        metadata: None,
    };

    let id = CustomerId::generate();
    let identity_id = AuthIdentityId::generate();
    let now = stores::db::now();
    let mut tx = state.db.begin_write().await?;
    if stores::customers::registered_email_exists(&mut tx, &normalized).await? {
        return Err(taken());
    }
    insert_registered(&mut tx, &id, &email, &profile, now, EMAIL_HAS_ACCOUNT_V1).await?;
    let inserted = stores::identities::insert(
        &mut tx,
        &NewIdentity {
            id: &identity_id,
            email: email.as_str(),
            email_normalized: &normalized,
            password_hash: &password_hash,
            actor: NewActor::Customer(Some(&id)),
            now,
        },
    )
    .await;
    let identity = match inserted {
        Ok(identity) => identity,
        Err(stores::identities::InsertError::EmailTaken) => return Err(taken()),
        Err(stores::identities::InsertError::Db(error)) => return Err(error.into()),
    };
    tx.commit().await?;
    Ok((get(state, &id).await?, identity))
}

async fn insert_registered(
    tx: &mut stores::Tx,
    id: &CustomerId,
    email: &Email,
    profile: &Profile,
    now: chrono::DateTime<chrono::Utc>,
    taken_message: &str,
) -> Result<()> {
    let row = NewRow {
        id,
        email: Some(email.as_str()),
        email_normalized: Some(email.normalized()),
        has_account: true,
        created_by: None,
        profile,
        now,
    };
    match stores::customers::insert(tx, &row).await {
        Ok(()) => Ok(()),
        Err(stores::customers::InsertError::EmailTaken) => {
            Err(Error::Duplicate(taken_message.into()))
        }
        Err(stores::customers::InsertError::Db(error)) => Err(error.into()),
    }
}

/// A customer editing their own profile. Only fields in `update` change; metadata merges.
/// An update that changes nothing writes nothing (and `updated_at` stays).
pub async fn update_profile(
    state: &AppState,
    id: &CustomerId,
    update: ProfileUpdate,
) -> Result<Customer> {
    if update.is_empty() {
        return get(state, id).await;
    }
    let mut tx = state.db.begin_write().await?;
    update_profile_in(&mut tx, id, update).await?;
    // Ended before the read below, which takes a connection of its own.
    tx.commit().await?;
    get(state, id).await
}

/// As [`update_profile`], inside a write transaction (so that other services can combine
/// it with further writes); locks the customer's row.
pub(crate) async fn update_profile_in(
    tx: &mut stores::Tx,
    id: &CustomerId,
    update: ProfileUpdate,
) -> Result<()> {
    let current = stores::customers::find_for_update(tx, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    let before = Profile::of(&current);
    let after = Profile {
        first_name: update
            .first_name
            .map(Text::into_string)
            .apply(before.first_name.clone()),
        last_name: update
            .last_name
            .map(Text::into_string)
            .apply(before.last_name.clone()),
        phone: update.phone.map(String::from).apply(before.phone.clone()),
        company_name: update
            .company_name
            .map(Text::into_string)
            .apply(before.company_name.clone()),
        metadata: update
            .metadata
            .apply(before.metadata.clone())
            .map_err(|kind| Error::Validation(vec![Issue::new("metadata", kind)]))?,
    };
    if after != before {
        stores::customers::update_profile(
            tx,
            id,
            current.email.as_deref(),
            &after,
            stores::db::now(),
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sign_up_form_reports_every_problem_at_once() {
        let Err(Error::Validation(issues)) = Registration::parse(
            RegistrationForm {
                email: "nope",
                password: "short",
                first_name: " ",
                last_name: "Doe",
                phone: Some("call me"),
            },
            8,
        ) else {
            panic!("expected a validation error");
        };
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["email", "password", "first_name", "phone"]);
    }

    #[test]
    fn a_blank_phone_is_no_phone_at_sign_up() {
        let registration = Registration::parse(
            RegistrationForm {
                email: "a@b.co",
                password: "long enough",
                first_name: "Ada",
                last_name: "Lovelace",
                phone: Some("  "),
            },
            8,
        )
        .unwrap();
        assert_eq!(registration.phone, None);
    }

    #[test]
    fn the_profile_form_clears_emptied_fields_and_sets_the_others() {
        let update = profile_update_from_form(ProfileForm {
            first_name: " Ada ",
            last_name: "",
            phone: "+44 20 7946 0000",
            company_name: "",
        })
        .unwrap();
        assert_eq!(update.first_name, Patch::Set(Text::name("Ada").unwrap()));
        assert_eq!(update.last_name, Patch::Clear);
        assert_eq!(update.company_name, Patch::Clear);
        assert!(matches!(update.phone, Patch::Set(_)));
        let Err(Error::Validation(issues)) = profile_update_from_form(ProfileForm {
            first_name: "Ada",
            last_name: "L",
            phone: "call me",
            company_name: "",
        }) else {
            panic!("expected a validation error");
        };
        assert_eq!(issues[0].field, "phone");
    }
}
