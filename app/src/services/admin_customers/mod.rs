//! Customers as the back office manages them (Medusa's `/admin/customers` routes and the
//! `/app` pages): the filtered list, reading, creating guests, editing (email included),
//! soft-deleting, group membership, the address book and the CSV export. The JSON handlers and the admin
//! pages call these same functions.

mod addresses;
mod export;
mod form;
mod groups;
mod list;
mod orders;
mod profile_form;
mod write;

pub use addresses::{
    add_address, delete_address, get_address, list_addresses, set_default_address, update_address,
};
pub use export::{export, Export, EXPORT_BATCH};
pub use form::{create_from_form, new_customer_from_form, NewCustomerForm};
pub use groups::{change_groups, change_groups_by};
pub use list::{list, ListQuery, DEFAULT_LIMIT, MAX_FILTER_VALUES, MAX_LIMIT, MAX_WORDS};
pub use orders::{get_order, list_orders};
pub use profile_form::{change_from_form, update_from_form, ProfileForm};
pub use write::{create, delete, get, update};

use crate::{
    error::{Error, Result},
    shared::{Customer, CustomerId},
    state::AppState,
    stores,
};

/// What a caller wants loaded besides the customer's own fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Include {
    pub addresses: bool,
    pub groups: bool,
}

impl Include {
    pub const ALL: Self = Self {
        addresses: true,
        groups: true,
    };
}

/// `GET /admin/customers/:id`'s wording (also for a soft-deleted customer).
pub fn not_found(id: &str) -> Error {
    Error::NotFound(format!("Customer with id: {id} not found"))
}

/// `POST /admin/customers/:id`'s wording (quotes, unlike GET).
pub fn not_found_for_update(id: &str) -> Error {
    Error::NotFound(format!("Customer with id \"{id}\" not found"))
}

/// Medusa's answer when a write names a record that does not exist.
pub(crate) fn no_such(relation: &str, id: &str) -> Error {
    Error::NotFound(format!(
        "You tried to set relationship {relation}: {id}, but such entity does not exist"
    ))
}

/// A customer id from a path, for reading: a malformed one is not found like an unknown one.
pub fn id_for_read(raw: &str) -> Result<CustomerId> {
    CustomerId::parse(raw).ok_or_else(|| not_found(raw))
}

/// A customer id from a path, for updating (the update route's wording).
pub fn id_for_update(raw: &str) -> Result<CustomerId> {
    CustomerId::parse(raw).ok_or_else(|| not_found_for_update(raw))
}

/// A customer id from a path, for a write that links something to it (Medusa's
/// relationship wording).
pub fn id_for_write(raw: &str) -> Result<CustomerId> {
    CustomerId::parse(raw).ok_or_else(|| no_such("customer_id", raw))
}

/// Loads what `include` asks for onto each customer (one query per relation for them all).
pub async fn load(state: &AppState, customers: &mut [Customer], include: Include) -> Result<()> {
    if include.addresses {
        for customer in customers.iter_mut() {
            customer.addresses.clear();
        }
        stores::customer_relations::load_addresses(&state.db, customers).await?;
    }
    if include.groups {
        for customer in customers.iter_mut() {
            customer.groups.clear();
        }
        stores::customer_relations::load_groups(&state.db, customers).await?;
    }
    Ok(())
}

/// `customer` with what `include` asks for.
pub(crate) async fn with(
    state: &AppState,
    customer: Customer,
    include: Include,
) -> Result<Customer> {
    let mut customers = [customer];
    load(state, &mut customers, include).await?;
    let [customer] = customers;
    Ok(customer)
}
