//! A customer's address book, as an admin sees it: the addresses service's rules (the
//! default flags, the per-customer limit, validation), reached through the customer's id.
//! Unlike Medusa, an address is only ever read, changed or deleted through its own
//! customer's path: another customer's address is not found.

use super::no_such;
use crate::{
    error::Result,
    services::addresses::{self, ListQuery},
    shared::{Address, AddressChange, AddressId, Customer, CustomerId, NewAddress},
    state::AppState,
    stores,
};

/// One page of the customer's addresses (an unknown customer has none, as in Medusa).
pub async fn list_addresses(
    state: &AppState,
    id: &CustomerId,
    query: &ListQuery,
) -> Result<(Vec<Address>, i64)> {
    addresses::list(state, id, query).await
}

/// One of the customer's addresses.
pub async fn get_address(state: &AppState, id: &CustomerId, address_id: &str) -> Result<Address> {
    addresses::get(state, id, address_id).await
}

/// Adds an address; answers the customer with its addresses. An unknown customer is
/// Medusa's relationship 404.
pub async fn add_address(state: &AppState, id: &CustomerId, input: NewAddress) -> Result<Customer> {
    if stores::customers::find(&state.db, id).await?.is_none() {
        return Err(no_such("customer_id", id.as_str()));
    }
    addresses::create(state, id, input).await
}

/// Changes one of the customer's addresses; answers the customer with its addresses.
pub async fn update_address(
    state: &AppState,
    id: &CustomerId,
    address_id: &str,
    change: AddressChange,
) -> Result<Customer> {
    addresses::update(state, id, address_id, change).await
}

/// Deletes one of the customer's addresses; answers its id and the customer.
pub async fn delete_address(
    state: &AppState,
    id: &CustomerId,
    address_id: &str,
) -> Result<(AddressId, Customer)> {
    addresses::delete(state, id, address_id).await
}

/// Makes one of the customer's addresses its default for shipping (`shipping`) or billing,
/// or (`on` false) stops it being that default, leaving the customer without one.
pub async fn set_default_address(
    state: &AppState,
    id: &CustomerId,
    address_id: &str,
    shipping: bool,
    on: bool,
) -> Result<Customer> {
    let change = if shipping {
        AddressChange {
            is_default_shipping: Some(on),
            ..AddressChange::default()
        }
    } else {
        AddressChange {
            is_default_billing: Some(on),
            ..AddressChange::default()
        }
    };
    addresses::update(state, id, address_id, change).await
}
