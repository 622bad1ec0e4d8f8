//! Reading, creating, editing and deleting one customer.

use super::{not_found, not_found_for_update, with, Include};
use crate::{
    error::{Error, Result},
    shared::{email, Customer, CustomerChange, CustomerId, Issue, NewCustomer, Text, UserId},
    state::AppState,
    stores::{
        self,
        customers::{InsertError, NewRow, Profile},
    },
};

/// Medusa's wording for an email another live customer of the same kind has.
fn email_taken(email: &str, has_account: bool) -> Error {
    Error::InvalidData(format!(
        "Customer with email: {email}, has_account: {has_account}, already exists."
    ))
}

/// Whether `error` is [`create`]'s refusal of `email`, which a live guest already has.
pub(super) fn is_guest_email_taken(error: &Error, email: &str) -> bool {
    matches!(
        (error, email_taken(email, false)),
        (Error::InvalidData(said), Error::InvalidData(taken)) if *said == taken
    )
}

/// Whether `error` is [`update`]'s refusal of `email`, which another live customer of the
/// same kind (guest or registered) already has.
pub(super) fn is_email_taken(error: &Error, email: &str) -> bool {
    [false, true].into_iter().any(|has_account| {
        matches!(
            (error, email_taken(email, has_account)),
            (Error::InvalidData(said), Error::InvalidData(taken)) if *said == taken
        )
    })
}

/// A live customer with what `include` asks for; an unknown or deleted id is a 404.
pub async fn get(state: &AppState, id: &CustomerId, include: Include) -> Result<Customer> {
    let customer = stores::customers::find(&state.db, id)
        .await?
        .ok_or_else(|| not_found(id.as_str()))?;
    with(state, customer, include).await
}

/// Creates a guest customer (`has_account: false`) on behalf of `admin`. The email is
/// optional; one a live guest already has is refused, one a registered customer has is not
/// (the two rows coexist, as in Medusa).
pub async fn create(state: &AppState, admin: &UserId, input: NewCustomer) -> Result<Customer> {
    let profile = Profile {
        first_name: input.first_name.map(Text::into_string),
        last_name: input.last_name.map(Text::into_string),
        phone: input.phone.map(String::from),
        company_name: input.company_name.map(Text::into_string),
        metadata: input.metadata,
    };
    let id = CustomerId::generate();
    let row = NewRow {
        id: &id,
        email: input.email.as_ref().map(|email| email.as_str()),
        email_normalized: input.email.as_ref().map(|email| email.normalized()),
        has_account: false,
        created_by: Some(admin.as_str()),
        profile: &profile,
        now: stores::db::now(),
    };
    let mut tx = state.db.begin_write().await?;
    match stores::customers::insert(&mut tx, &row).await {
        Ok(()) => {}
        Err(InsertError::EmailTaken) => {
            return Err(email_taken(row.email.unwrap_or_default(), false));
        }
        Err(InsertError::Db(error)) => return Err(error.into()),
    }
    tx.commit().await?;
    get(state, &id, Include::default()).await
}

/// Changes a live customer: absent fields keep, cleared ones become none, metadata merges.
/// The email may change (its login, if it has one, keeps signing in with its own email);
/// an email another live customer of the same kind has is refused. A change that changes
/// nothing writes nothing. Answers the customer with its addresses.
pub async fn update(state: &AppState, id: &CustomerId, change: CustomerChange) -> Result<Customer> {
    let mut tx = state.db.begin_write().await?;
    let current = stores::customers::find_for_update(&mut tx, id)
        .await?
        .ok_or_else(|| not_found_for_update(id.as_str()))?;
    let before = Profile::of(&current);
    let after = Profile {
        first_name: change
            .first_name
            .map(Text::into_string)
            .apply(before.first_name.clone()),
        last_name: change
            .last_name
            .map(Text::into_string)
            .apply(before.last_name.clone()),
        phone: change.phone.map(String::from).apply(before.phone.clone()),
        company_name: change
            .company_name
            .map(Text::into_string)
            .apply(before.company_name.clone()),
        metadata: change
            .metadata
            .apply(before.metadata.clone())
            .map_err(|kind| Error::Validation(vec![Issue::new("metadata", kind)]))?,
    };
    let email: Option<String> = change
        .email
        .map(|email| email.as_str().to_owned())
        .apply(current.email.clone());
    if after != before || email != current.email {
        let normalized = email.as_deref().map(email::normalize);
        let written = stores::admin_customers::update(
            &mut tx,
            id,
            email.as_deref(),
            normalized.as_deref(),
            &after,
            stores::db::now(),
        )
        .await;
        match written {
            Ok(()) => {}
            Err(InsertError::EmailTaken) => {
                return Err(email_taken(
                    email.as_deref().unwrap_or_default(),
                    current.has_account,
                ));
            }
            Err(InsertError::Db(error)) => return Err(error.into()),
        }
    }
    tx.commit().await?;
    get(
        state,
        id,
        Include {
            addresses: true,
            groups: false,
        },
    )
    .await
}

/// Soft-deletes a customer: it leaves every list and look-up, its addresses are deleted
/// with it, its group memberships end, its orders stay, and its email is free again. A
/// registered customer's login is deleted too, so the email can register anew and the old
/// login can no longer sign in (its tokens then find no customer). An unknown or already
/// deleted id is not an error (Medusa answers the same body).
pub async fn delete(state: &AppState, id: &CustomerId) -> Result<()> {
    let mut tx = state.db.begin_write().await?;
    let Some(customer) = stores::customers::find_for_update(&mut tx, id).await? else {
        return Ok(());
    };
    stores::admin_customers::soft_delete(&mut tx, id, stores::db::now()).await?;
    if customer.has_account {
        stores::identities::delete_customer_login(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(())
}
